/**
 * The outcome of a daemon's start rule (restore, and refresh when the rule says so), written by
 * the daemon before it answers and read by the `director start` that spawned it: the refresh runs
 * inside the daemon, so without this `start` could not say what it loaded or that a load failed.
 * Tagged with the daemon's pid, so a report left by an earlier daemon is never taken for this one.
 */
import { readFile, unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write';
import type { StartAction } from '../director/start-rules';

export interface StartReport {
  readonly pid: number;
  readonly action: StartAction;
  /** The refresh's exit code (0 when the rule only restored). */
  readonly code: number;
  /** What the refresh printed, line by line: its standard output and its warnings. */
  readonly out: readonly string[];
  readonly err: readonly string[];
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
    if (r.pid !== pid || typeof r.code !== 'number' || typeof r.action !== 'string' || !lines(r.out) || !lines(r.err))
      return undefined;
    return r as StartReport;
  } catch {
    return undefined;
  }
}
