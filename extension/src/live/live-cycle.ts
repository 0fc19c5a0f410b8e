/**
 * One hot-load cycle of live loading, with no `vscode` import so that the benchmark runs the very
 * same steps: build the group with the dev key and a version taken from the clock (gensrc), load
 * exactly that file, then unload the dev versions it replaces (unless the TLI's AutoUnload already
 * does). A build error stops the cycle before anything is loaded. Each step is a call of the
 * package's typed toolchain API: the hash, codes and problem places come as data.
 */
import type {
  GensrcOptions,
  GensrcReport,
  GensrcWarning,
  LoadReport,
  ToolchainOptions,
  ToolchainProblem,
  UnloadReport,
} from '../../../cli/src/index';

/** The package's toolchain functions a cycle uses (the public entry's, or the extension host's). */
export interface ToolchainApi {
  gensrc(o: GensrcOptions): Promise<GensrcReport>;
  load(target: string, o?: ToolchainOptions): Promise<LoadReport>;
  unload(hash: string, o?: ToolchainOptions): Promise<UnloadReport>;
  problemsOf(error: unknown, cwd?: string): ToolchainProblem[];
}

/** The toolchain bound to one director dir: what a cycle calls. */
export interface CycleTools {
  gensrc(o: Omit<GensrcOptions, keyof ToolchainOptions>): Promise<GensrcReport>;
  load(target: string): Promise<LoadReport>;
  unload(hash: string): Promise<UnloadReport>;
  problemsOf(error: unknown): ToolchainProblem[];
}

export function bindTools(api: ToolchainApi, options: ToolchainOptions): CycleTools {
  return {
    gensrc: (o) => api.gensrc({ ...options, ...o }),
    load: (target) => api.load(target, options),
    unload: (hash) => api.unload(hash, options),
    problemsOf: (e) => api.problemsOf(e, options.cwd),
  };
}

/** A gensrc warning in one line: its place (when it has one), then its message. */
export function warningText(w: GensrcWarning): string {
  return w.file !== undefined && w.line !== undefined
    ? `${w.file}:${w.line}:${w.column ?? 1}: ${w.message}`
    : w.message;
}

/** What `load` prints for a load, as the log and the notification show it. */
export function loadLine(r: LoadReport): string {
  return `${r.outcome === 'loaded' ? 'Loaded' : r.outcome === 'activated' ? 'Activated' : 'Unchanged'} "${r.group}" ${r.path}: ${r.hash}`;
}

/** What `unload` prints. */
export function unloadLine(r: UnloadReport): string {
  return `Unloaded "${r.group}" ${r.hash}${r.reactivated !== null ? `; active now: ${r.reactivated}` : ''}`;
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
  /** The places the failure names (compiler errors, TLI diagnostics): absolute file, 1-based line and column. */
  readonly problems: readonly ToolchainProblem[];
  /** The failing step's error code. */
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

/** A failed step's code and message (the message's first line, with the line it announces). */
function failureOf(e: unknown): { code?: string; message: string } {
  const code = (e as { code?: unknown } | null)?.code;
  const lines = (e instanceof Error ? e.message : String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const message =
    lines[0]?.endsWith(':') === true && lines[1] !== undefined ? `${lines[0]} ${lines[1]}` : (lines[0] ?? 'failed');
  return typeof code === 'string' ? { code, message } : { message };
}

/**
 * Runs one cycle. `unloadAfter`: the hashes of earlier dev versions to unload once the new one is
 * loaded (empty when the TLI's AutoUnload or the setting leaves them loaded).
 */
export async function runCycle(
  tools: CycleTools,
  target: LiveTarget,
  unloadAfter: readonly string[],
  now: Date = new Date(),
): Promise<CycleResult> {
  const t0 = performance.now();
  const version = devVersion(now);
  let t1 = t0;
  const ms = (load: number, unload: number): CycleResult['ms'] => ({
    build: t1 - t0,
    load,
    unload,
    total: performance.now() - t0,
  });
  let built: GensrcReport;
  try {
    built = await tools.gensrc({
      group: target.group,
      keyFile: target.keyFile,
      sourcesDir: target.sourcesDir,
      version,
      patterns: target.patterns,
      // Source maps in every dev version: Debug Daemon's breakpoints land in the workspace's .ts.
      sourceMaps: true,
      ...(target.tliFile !== undefined ? { tliFile: target.tliFile } : {}),
      ...(target.depsFile !== undefined ? { depsFile: target.depsFile } : {}),
    });
  } catch (e) {
    t1 = performance.now();
    return {
      ok: false,
      failedAt: 'build',
      version,
      problems: tools.problemsOf(e),
      ...failureOf(e),
      unloaded: [],
      ms: ms(0, 0),
    };
  }
  t1 = performance.now();
  const file = built.file;
  let loaded: LoadReport;
  try {
    loaded = await tools.load(file);
  } catch (e) {
    return {
      ok: false,
      failedAt: 'load',
      version,
      file,
      problems: tools.problemsOf(e),
      ...failureOf(e),
      unloaded: [],
      ms: ms(performance.now() - t1, 0),
    };
  }
  const t2 = performance.now();
  const hash = loaded.hash;
  const unloaded: string[] = [];
  for (const h of unloadAfter) {
    if (h === hash) continue;
    try {
      await tools.unload(h);
      unloaded.push(h);
    } catch {
      // A version the TLI's AutoUnload removed already fails here; that is not the cycle's failure.
    }
  }
  return { ok: true, version, file, hash, problems: [], unloaded, ms: ms(t2 - t1, performance.now() - t2) };
}
