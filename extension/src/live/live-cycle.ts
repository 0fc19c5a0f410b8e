/**
 * One hot-load cycle of live loading, with no `vscode` import so that the benchmark runs the very
 * same steps: build the group with the dev key and a version taken from the clock (gensrc), load
 * exactly that file, then unload the dev versions it replaces (unless the TLI's AutoUnload already
 * does). A build error stops the cycle before anything is loaded.
 */
import * as path from 'node:path';
import { gensrcArgs } from '../model/command-args';
import { parseProblemLines, type ProblemLine } from '../model/problem-lines';

export interface CycleRun {
  (args: readonly string[]): Promise<{ readonly code: number; readonly out: string; readonly err: string }>;
}

export interface LiveTarget {
  readonly group: string;
  readonly sourcesDir: string;
  readonly keyFile: string;
  readonly tliFile?: string;
  readonly depsFile?: string;
  readonly patterns: readonly string[];
}

export interface CycleResult {
  readonly ok: boolean;
  /** The step that failed, when one did. */
  readonly failedAt?: 'build' | 'load';
  readonly version: string;
  /** The package built (in the director dir). */
  readonly file?: string;
  /** The hash the Director answered with after the load. */
  readonly hash?: string;
  /** Build errors with file (relative to sourcesDir), line and column. */
  readonly problems: readonly ProblemLine[];
  /** The failing command's error code (`[CODE]` in its output), when it printed one. */
  readonly code?: string;
  readonly message?: string;
  /** Hashes unloaded after the load. */
  readonly unloaded: readonly string[];
  readonly ms: { readonly build: number; readonly load: number; readonly unload: number; readonly total: number };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A version from the clock, UTC, to the millisecond: `YYYYMMDDHHMMSSmmm`. Digits only, so it
 * counts up past any `version:date` (12 digits) and two saves never share one.
 */
export function devVersion(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}`;
}

/** The hash in `load`'s `Loaded "GROUP" <path>: <hash>` line. */
export function loadedHash(out: string): string | undefined {
  const m = /^Loaded "[^"]*" .*: ([0-9a-f]{16,})\s*$/m.exec(out);
  return m?.[1];
}

/** The last `[CODE]` a failing command printed, and its last error line. */
export function failureOf(out: string, err: string): { code?: string; message: string } {
  const lines = `${err}\n${out}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const message = (lines.filter((l) => l.startsWith('director:')).pop() ?? lines.pop() ?? 'failed').replace(/^director:\s*/, '');
  const codes = [...`${err}\n${out}`.matchAll(/\[([A-Z][A-Z0-9_]{2,})\]/g)].map((m) => m[1]);
  const code = codes.pop();
  return code === undefined ? { message } : { code, message };
}

/**
 * Runs one cycle. `unloadAfter`: the hashes of earlier dev versions to unload once the new one is
 * loaded (empty when the TLI's AutoUnload or the setting leaves them loaded).
 */
export async function runCycle(run: CycleRun, target: LiveTarget, directorDir: string, unloadAfter: readonly string[], now: Date = new Date()): Promise<CycleResult> {
  const t0 = performance.now();
  const version = devVersion(now);
  const built = await run(
    gensrcArgs({
      group: target.group,
      keyFile: target.keyFile,
      sourcesDir: target.sourcesDir,
      version,
      patterns: target.patterns,
      // Source maps in every dev version: Debug Daemon's breakpoints land in the workspace's .ts.
      sourceMaps: true,
      ...(target.tliFile !== undefined ? { tliFile: target.tliFile } : {}),
      ...(target.depsFile !== undefined ? { depsFile: target.depsFile } : {}),
    }),
  );
  const t1 = performance.now();
  const ms = (load: number, unload: number): CycleResult['ms'] => ({ build: t1 - t0, load, unload, total: performance.now() - t0 });
  if (built.code !== 0) {
    return { ok: false, failedAt: 'build', version, problems: parseProblemLines(`${built.err}\n${built.out}`), ...failureOf(built.out, built.err), unloaded: [], ms: ms(0, 0) };
  }
  const file = path.join(directorDir, `${target.group}-${version}.tls`);
  const loaded = await run(['load', file]);
  const t2 = performance.now();
  if (loaded.code !== 0) {
    return { ok: false, failedAt: 'load', version, file, problems: parseProblemLines(`${loaded.err}\n${loaded.out}`), ...failureOf(loaded.out, loaded.err), unloaded: [], ms: ms(t2 - t1, 0) };
  }
  const hash = loadedHash(loaded.out);
  const unloaded: string[] = [];
  for (const h of unloadAfter) {
    if (h === hash) continue;
    // A version the TLI's AutoUnload removed already fails here; that is not the cycle's failure.
    if ((await run(['unload', h])).code === 0) unloaded.push(h);
  }
  return { ok: true, version, file, ...(hash !== undefined ? { hash } : {}), problems: [], unloaded, ms: ms(t2 - t1, performance.now() - t2) };
}
