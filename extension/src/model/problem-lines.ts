/**
 * Finds `FILE:LINE[:COL]` problems in the printed error output of the commands the extension
 * still runs for their output (start, refresh, rollout), so they land in the Problems view at
 * the right place. gensrc, load and unload are typed calls whose errors carry their places as
 * data (`problemsOf`). Lines and columns in the result are 1-based, as printed.
 */
export interface ProblemLine {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly code?: string;
}

// `path/to/x.ts:12:5: message`, `path/to/x.tli:3: message`, `x.ts(12,5): message`.
// The file's extension starts with a letter, so `host 127.0.0.1:1900` is not a file and line.
const COLON =
  /^(?:director:\s*)?(?:[✘x]\s*\[ERROR\]\s*)?([^\s:()][^:()]*?\.[A-Za-z][A-Za-z0-9]*):(\d+)(?::(\d+))?:?\s+(.*)$/;
const PAREN = /^(?:director:\s*)?([^\s:()][^()]*?\.[A-Za-z][A-Za-z0-9]*)\((\d+),(\d+)\):?\s+(.*)$/;
const CODE = /\s*\[([A-Z][A-Z0-9_]+)\]\s*$/;

export function parseProblemLines(text: string): ProblemLine[] {
  const out: ProblemLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = COLON.exec(line) ?? PAREN.exec(line);
    if (m === null) continue;
    let message = m[4].trim();
    const code = CODE.exec(message);
    if (code !== null) message = message.slice(0, code.index).trim();
    out.push({
      file: m[1],
      line: Number(m[2]),
      column: m[3] === undefined ? 1 : Number(m[3]),
      message,
      ...(code === null ? {} : { code: code[1] }),
    });
  }
  return out;
}
