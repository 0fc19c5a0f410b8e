/**
 * What Refresh and Start show from the toolchain's data (`refresh()`, `start()`): the line each
 * group's outcome gets in the log and the notification, and which failure the notification
 * names. Pure: the reports in, text and a coded error out; nothing printed is parsed.
 */
import { codeOf, messageOf } from '../../../runtime/src/protocol/caught';

/** A coded error as the toolchain gives it (a DirectorError, or one a start report kept as data). */
export interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
}

/** One group's outcome in the toolchain's RefreshReport and StartReport (the model cannot import the package). */
export type RefreshedGroup =
  | {
      readonly group: string;
      readonly outcome: 'loaded' | 'activated' | 'unchanged';
      readonly version: string | null;
      readonly hash: string;
      readonly path: string;
    }
  | { readonly group: string; readonly outcome: 'failed'; readonly error: CodedError };

export interface RefreshReport {
  readonly groups: readonly RefreshedGroup[];
  readonly skipped: readonly { readonly file: string; readonly signedName: string }[];
}

type Done = Exclude<RefreshedGroup, { outcome: 'failed' }>;
type Failed = Extract<RefreshedGroup, { outcome: 'failed' }>;

/** The line `director refresh` prints for a group it loaded, activated or left as it was. */
export function refreshedLine(g: Done): string {
  if (g.outcome === 'loaded') return `Loaded "${g.group}" ${g.path}: ${g.hash}`;
  if (g.outcome === 'activated') return `Activated "${g.group}" ${g.path}: ${g.hash} (was loaded, inactive)`;
  return `Unchanged "${g.group}" ${g.path}: ${g.hash} (already loaded and active)`;
}

/** The log's lines for a refresh, as the command prints them: skipped packages, then each group. */
export function refreshLogLines(r: RefreshReport): { readonly level: 'info' | 'error'; readonly text: string }[] {
  return [
    ...r.skipped.map((m) => ({ level: 'error' as const, text: skippedLine('refresh', m) })),
    ...r.groups.map((g) =>
      g.outcome === 'failed'
        ? { level: 'error' as const, text: `director: ${groupFailure(g).message} [${g.error.code}]` }
        : { level: 'info' as const, text: refreshedLine(g) },
    ),
  ];
}

/** The line `load` and `refresh` print for a package passed over because its signed name is not its file name. */
export function skippedLine(command: string, m: RefreshReport['skipped'][number]): string {
  return `director: ${command}: skipped ${m.file} [TLS_NAME_MISMATCH]: it is signed as ${m.signedName}; renaming a package cannot change its group or version`;
}

export function failedGroups(r: RefreshReport): Failed[] {
  return r.groups.filter((g): g is Failed => g.outcome === 'failed');
}

/** The error of the last group that failed (the one a notification names), or undefined when none failed. */
export function lastGroupFailure(r: RefreshReport): CodedError | undefined {
  const failed = failedGroups(r);
  const last = failed[failed.length - 1];
  return last === undefined ? undefined : groupFailure(last);
}

/** A failed group's error as the notification names it: "refresh of group "foo": …", its code and data. */
export function groupFailure(g: Failed): CodedError {
  return {
    code: g.error.code,
    message: `refresh of group "${g.group}": ${g.error.message}`,
    ...(g.error.data !== undefined ? { data: g.error.data } : {}),
  };
}

/** The line the notification shows for a refresh that loaded every group: the last group's, or none. */
export function refreshSummary(r: RefreshReport): string | undefined {
  const last = r.groups[r.groups.length - 1];
  return last === undefined || last.outcome === 'failed' ? undefined : refreshedLine(last);
}

/**
 * A coded error in one line, as the CLI's last `director:` line reads: the message's first line,
 * with ` [CODE]` when the message is one line (the CLI puts the code after its last line).
 */
export function codedLine(e: unknown): string {
  const lines = messageOf(e).split('\n');
  const code = codeOf(e);
  return lines.length === 1 && code !== undefined ? `${lines[0]} [${code}]` : lines[0];
}
