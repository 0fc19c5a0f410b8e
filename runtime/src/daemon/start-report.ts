/**
 * The outcome of a daemon's start rule (restore, and refresh when the rule says so), written by
 * the daemon before it answers and read by the `director start` that spawned it: the refresh runs
 * inside the daemon, so without this `start` could not say what it loaded or that a load failed.
 * Tagged with the daemon's pid, so a report left by an earlier daemon is never taken for this one.
 */
import { readFile, unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write';
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

/** The report of the daemon with this pid; undefined when there is none (or it is another daemon's, or unreadable). */
export async function readStartReport(file: string, pid: number): Promise<StartReport | undefined> {
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as Partial<StartReport>;
    const lines = (x: unknown): x is string[] => Array.isArray(x) && x.every((l) => typeof l === 'string');
    if (
      r.pid !== pid ||
      typeof r.code !== 'number' ||
      typeof r.action !== 'string' ||
      !lines(r.out) ||
      !lines(r.err) ||
      !Array.isArray(r.groups) ||
      !Array.isArray(r.skipped)
    )
      return undefined;
    return r as StartReport;
  } catch {
    return undefined;
  }
}
