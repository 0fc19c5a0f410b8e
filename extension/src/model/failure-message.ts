/**
 * Turns a failed command's output, or a toolchain call's coded error, into what a notification shows: the message with its first
 * detail line (a message ending in ":" is followed by what it announces), CLI hints rewritten
 * for the editor ("--force" is a Replace button, "adminport.cfg" a Change Port button,
 * THESPIAN_DIRECTOR_DIR the setting), and which buttons apply. Pure: output in, text out.
 */
import { parseProblemLines, type ProblemLine } from './problem-lines';

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
 * A failed command's printed output (the commands the extension still runs for their output:
 * start, shutdown, refresh, rollout, keygen, convsecret) as a notification.
 */
export function describeFailure(out: string, err: string, exitCode: number): FailureView {
  const lines = `${err}\n${out}`.split('\n').map((l) => l.trimEnd());
  const headIndex = findLastIndex(lines, (l) => l.startsWith('director:'));
  const nonEmpty = (from: number): string | undefined =>
    lines
      .slice(from)
      .map((l) => l.trim())
      .find((l) => l !== '');
  let head =
    headIndex >= 0
      ? lines[headIndex].replace(/^director:\s*/, '').trim()
      : ([...lines]
          .reverse()
          .map((l) => l.trim())
          .find((l) => l !== '') ?? `exit code ${exitCode}`);
  let code = CODE_AT_END.exec(head)?.[1];
  head = head.replace(CODE_AT_END, '');
  let detail: string | undefined;
  if (head.endsWith(':') && headIndex >= 0) {
    detail = nonEmpty(headIndex + 1);
    if (detail !== undefined) {
      code ??= CODE_AT_END.exec(detail)?.[1];
      detail = detail.replace(CODE_AT_END, '');
    }
  }
  return viewOf(head, detail, code, parseProblemLines(`${err}\n${out}`), `${err}\n${out}`);
}

/**
 * A coded error of the toolchain API (`gensrc()`, `load()`, `unload()`) as a notification: its
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
  return viewOf(head === '' ? 'failed' : head, detail, code, problems, error.message);
}

function viewOf(
  head: string,
  detail: string | undefined,
  code: string | undefined,
  problems: readonly ProblemLine[],
  whole: string,
): FailureView {
  const actions: FailureAction[] = [];
  if (problems.some((p) => p.file.endsWith('.tli'))) actions.push('Open TLI');
  if (problems.length > 0) actions.push('Show Problems');
  if (/--force/.test(whole)) actions.push('Replace');
  if (/adminport\.cfg/.test(whole) || code === 'DAEMON_PORT_IN_USE' || code === 'DAEMON_PORT_FOREIGN')
    actions.push('Change Port');
  const text = shortPaths(editorWording(detail === undefined ? head : `${head} ${detail}`));
  return { text: sentence(text), ...(code === undefined ? {} : { code }), problems, actions };
}

function sentence(t: string): string {
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?:)]$/.test(s) ? s : `${s}.`;
}

function findLastIndex<T>(a: readonly T[], p: (x: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (p(a[i])) return i;
  return -1;
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
