/**
 * The outcome of a daemon's start rule (restore, and refresh when the rule says so), written by
 * the daemon before it answers and read by the `director start` that spawned it: the refresh runs
 * inside the daemon, so without this `start` could not say what it loaded or that a load failed.
 * Tagged with the daemon's pid, so a report left by an earlier daemon is never taken for this one.
 */
import { unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write';
import { isPlainObject } from '../protocol/plain-object';
import { readRegularFile } from '../authority/safe-read';
import type { StartAction } from '../director/start-rules';
import type { GroupOutcome } from '../director/refresh';
import type { MisnamedPackage } from '../authority/signed-identity';

export interface StartReport {
  readonly pid: number;
  readonly action: StartAction;
  /** The refresh's exit code (0 when the rule only restored). */
  readonly code: number;
  /** What the refresh printed, line by line: its standard output and its warnings. */
  readonly out: readonly string[];
  readonly err: readonly string[];
  /** What the refresh did to each group (none when the rule only restored), errors as plain data. */
  readonly groups: readonly GroupOutcome[];
  /** Packages the refresh passed over (TLS_NAME_MISMATCH). */
  readonly skipped: readonly MisnamedPackage[];
  /** The refresh as a whole failed (it threw): its message and code. */
  readonly refreshError?: { readonly message: string; readonly code?: string };
}

/** A group outcome as JSON keeps it: a failure's error as its code, message, data and exit code. */
export function plainOutcome(o: GroupOutcome): GroupOutcome {
  if (o.outcome !== 'failed') return o;
  const { code, message, data, exitCode } = o.error;
  return {
    group: o.group,
    outcome: 'failed',
    error: { code, message, ...(data !== undefined ? { data } : {}), exitCode },
  };
}

export async function clearStartReport(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

export async function writeStartReport(file: string, report: StartReport): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(report)}\n`, 0o600);
}

/**
 * The report of the daemon with this pid; undefined when there is none (or it is another daemon's,
 * or unreadable, or not of this shape). Every field is checked, not only the ones `start` prints:
 * the file is read by whoever runs `start` but anyone with the daemon's account can write it, and
 * `start()` hands its groups to programs as typed data. A code no exit status carries (0.5 makes
 * Node throw, 256 exits 0) is refused too, and so is a FIFO (reading it would wait for good) or a
 * file larger than any start writes.
 */
export async function readStartReport(file: string, pid: number): Promise<StartReport | undefined> {
  let r: unknown;
  try {
    r = JSON.parse((await readRegularFile(file, MAX_REPORT_BYTES)).toString('utf8'));
  } catch {
    return undefined;
  }
  return isStartReport(r) && r.pid === pid ? r : undefined;
}

/** Far above any start's report (a line or two per group), far below what would strain `start`. */
const MAX_REPORT_BYTES = 16 << 20;

const ACTIONS: readonly unknown[] = ['refresh', 'restore-only', 'restore-then-refresh'] satisfies StartAction[];
const DONE: readonly unknown[] = ['loaded', 'activated', 'unchanged'];

const isString = (x: unknown): x is string => typeof x === 'string';
const isExitCode = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255;
const isLines = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

function isOutcome(o: unknown): o is GroupOutcome {
  if (!isPlainObject(o) || !isString(o['group'])) return false;
  if (DONE.includes(o['outcome']))
    return (o['version'] === null || isString(o['version'])) && isString(o['hash']) && isString(o['path']);
  const e = o['error'];
  return (
    o['outcome'] === 'failed' &&
    isPlainObject(e) &&
    isString(e['code']) &&
    isString(e['message']) &&
    isExitCode(e['exitCode'])
  );
}

function isStartReport(r: unknown): r is StartReport {
  if (!isPlainObject(r)) return false;
  const e = r['refreshError'];
  return (
    typeof r['pid'] === 'number' &&
    ACTIONS.includes(r['action']) &&
    isExitCode(r['code']) &&
    isLines(r['out']) &&
    isLines(r['err']) &&
    Array.isArray(r['groups']) &&
    r['groups'].every(isOutcome) &&
    Array.isArray(r['skipped']) &&
    r['skipped'].every((m) => isPlainObject(m) && isString(m['file']) && isString(m['signedName'])) &&
    (e === undefined ||
      (isPlainObject(e) && isString(e['message']) && (e['code'] === undefined || isString(e['code']))))
  );
}
