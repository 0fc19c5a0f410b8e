/**
 * Turns a toolchain call's coded error into what a notification shows: the message with its first
 * detail line (a message ending in ":" is followed by what it announces), CLI hints rewritten
 * for the editor ("--force" is a Replace button, "adminport.cfg" a Change Port button,
 * THESPIAN_DIRECTOR_DIR the setting), and which buttons apply. Pure: error and places in, text
 * out; the places come from the error's data (`problemsOf`), never from printed output.
 */

/** A problem at a place in a user's file (the toolchain's ToolchainProblem), 1-based as editors print it. */
export interface ProblemLine {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly code?: string;
}

/** The buttons a failure can offer, in the order they are shown. */
export type FailureAction = 'Open TLI' | 'Show Problems' | 'Replace' | 'Change Port' | 'Restart Daemon' | 'Show Log';

export interface FailureView {
  /** One or two sentences, ready for a notification. */
  readonly text: string;
  /** The error code (`DIRECTOR_TLI_INVALID`), when the output has one. */
  readonly code?: string;
  /** Every `file:line` problem in the output, for the Problems view and Open TLI. */
  readonly problems: readonly ProblemLine[];
  readonly actions: readonly FailureAction[];
}

const CODE_AT_END = /\s*\[([A-Z][A-Z0-9_]+)\]\s*$/;

/** CLI wording that makes no sense in the editor, and what the editor says instead. */
const HINTS: readonly [RegExp, string][] = [
  [/;?\s*(?:or )?set THESPIAN_DIRECTOR_DIR(?: to [^;.]*)?/g, '; set thespianDirector.directorDir'],
  [/\(check THESPIAN_DIRECTOR_DIR\)/g, '(check the thespianDirector.directorDir setting)'],
  [/;?\s*give --force to replace it/g, ''],
  [/,?\s*or (?:write|use) (?:another|a free) port (?:to|in) adminport\.cfg/g, ', or change the port'],
];

export function editorWording(text: string): string {
  let t = text;
  for (const [re, to] of HINTS) t = t.replace(re, to);
  return t.replace(/;\s*;/g, ';').replace(/^;\s*/, '').trim();
}

/**
 * A coded error of the toolchain API (`gensrc()`, `load()`, `refresh()`, …) as a notification: its
 * message's first line, with the line it announces when it ends in ":", and its code; `problems`
 * are the places its data names (`problemsOf`).
 */
export function describeError(
  error: { readonly code?: unknown; readonly message: string },
  problems: readonly ProblemLine[],
): FailureView {
  const lines = error.message.split('\n').map((l) => l.trim());
  const head = (lines[0] ?? '').replace(CODE_AT_END, '');
  const detail = head.endsWith(':')
    ? lines
        .slice(1)
        .find((l) => l !== '')
        ?.replace(CODE_AT_END, '')
    : undefined;
  const code = typeof error.code === 'string' ? error.code : undefined;
  const actions: FailureAction[] = [];
  if (problems.some((p) => p.file.endsWith('.tli'))) actions.push('Open TLI');
  if (problems.length > 0) actions.push('Show Problems');
  if (/--force/.test(error.message)) actions.push('Replace');
  if (/adminport\.cfg/.test(error.message) || code === 'DAEMON_PORT_IN_USE' || code === 'DAEMON_PORT_FOREIGN')
    actions.push('Change Port');
  const shown = head === '' ? 'failed' : head;
  const text = shortPaths(editorWording(detail === undefined ? shown : `${shown} ${detail}`));
  return { text: sentence(text), ...(code === undefined ? {} : { code }), problems, actions };
}

function sentence(t: string): string {
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?:)]$/.test(s) ? s : `${s}.`;
}

/** A full 32-hex source hash in a message becomes "GROUP VERSION" when the hash is known. */
export function hashesToVersions(
  text: string,
  known: ReadonlyMap<string, { group: string; version: string | null }>,
): string {
  return text.replace(/\b[0-9a-f]{32}\b/g, (h) => {
    const k = known.get(h);
    if (k === undefined) return h;
    return k.version === null ? `${k.group} (${h.slice(0, 8)})` : `${k.group} ${k.version}`;
  });
}

/**
 * Absolute paths in a notification become their file names (`/tmp/x/director/foo.tli:4:7` →
 * `foo.tli:4:7`): the buttons open the file, and the log keeps the whole path.
 */
export function shortPaths(text: string): string {
  return text.replace(/(?<=^|[\s"'(])(?:\/[^\s/:"'()]+)+\/([^\s/:"'()]+)/g, '$1');
}
