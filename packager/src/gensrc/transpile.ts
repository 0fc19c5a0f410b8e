/**
 * TypeScript and ESM JavaScript → CommonJS, one file at a time with esbuild's `transform`: each
 * file stays its own module (nothing bundled, nothing executed), and
 * `import ... from 'thespian-director'` stays a require of 'thespian-director', which the source
 * worker resolves to the runtime.
 */
import type { Loader, TransformFailure, TransformOptions, TransformResult } from 'esbuild';
import { isUtf8 } from 'node:buffer';
import { PackagerError } from '../errors';

/** A compiler warning at a place in a source: line and column 1-based, as printed. */
export interface CompilerWarning {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

type Esbuild = typeof import('esbuild');
let esbuildModule: Esbuild | undefined;

/**
 * esbuild, loaded on first use: every other director command starts faster without it. A
 * synchronous require, not `import()`: from a CommonJS bundle, `import('esbuild')` goes through
 * Node's ESM loader, which scans esbuild's whole main file for its exports first (measured
 * 20–60 ms of a 250 ms gensrc on this machine); require skips that.
 */
function esbuild(): Esbuild {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: require is the fast path.
  return (esbuildModule ??= require('esbuild') as Esbuild);
}

/**
 * How the esbuild service (a Go process, which inherits this process's environment when the
 * first transform spawns it) collects garbage, unless the user set GOGC or GOMEMLIMIT:
 * - normal: GOGC=200. With Go's default (100) the service spent about a fifth of its CPU
 *   collecting on the gensrc bench (51 small files + 1 MiB: 70-78 ms of service CPU a run, 54-62
 *   ms with 200; peak memory 32 MB); 200 lets its heap grow to three times what is live.
 * - lean, for a gensrc without deps:FILE whose code is at most LEAN_MAX_BYTES: GOGC=off with
 *   GOMEMLIMIT=192MiB, so a small job never collects at all (the whole bench command 263 -> 242
 *   ms of CPU, the service's peak 38 -> 48 MB; 2 MiB of code allocates about 90 MB). The limit is
 *   a safety net only: past it Go collects continuously, which is why a bigger job restarts the
 *   service in normal mode before its first transform (an 8 MiB file took 2.5-4x the time with
 *   no collection under a 64-128 MiB limit). A lean service never outlives the gensrc runs using
 *   it, so a long-lived process (the extension host) never keeps one growing.
 */
type ServiceMode = 'lean' | 'normal';
const SERVICE_ENV: { readonly [m in ServiceMode]: { readonly [name: string]: string } } = {
  lean: { GOGC: 'off', GOMEMLIMIT: '192MiB' },
  normal: { GOGC: '200' },
};
const LEAN_MAX_BYTES = 2 * 1024 * 1024;

/** The mode of the service this module started, while it runs. */
let running: ServiceMode | undefined;
/** The mode the next service starts in. */
let next: ServiceMode = 'normal';
/** gensrc runs between openTranspiler() and their close(). */
let users = 0;
let inFlight = 0;

function userSetsGc(): boolean {
  return process.env['GOGC'] !== undefined || process.env['GOMEMLIMIT'] !== undefined;
}

/** Stop a lean service nobody uses any more (esbuild starts a new one on the next transform). */
function stopIfIdle(): void {
  if (running !== 'lean' || users > 0 || inFlight > 0) return;
  running = undefined;
  void esbuild().stop();
}

/** esbuild's transform; the first one (after a stop) starts the service in the mode asked for. */
function esbuildTransform(code: string | Uint8Array, options: TransformOptions): Promise<TransformResult> {
  const api = esbuild();
  let result: Promise<TransformResult>;
  if (running !== undefined || userSetsGc()) result = api.transform(code, options);
  else {
    running = next;
    const env = SERVICE_ENV[running];
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
    try {
      // The service is spawned synchronously inside this call, with the environment of this moment.
      result = api.transform(code, options);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  }
  inFlight++;
  const settled = (): void => {
    inFlight--;
    stopIfIdle();
  };
  result.then(settled, settled);
  return result;
}

/** One gensrc's hold on the esbuild service. */
export interface Transpiler {
  /** The job holds `codeBytes` of code: more than a lean service should take restarts it in normal mode. */
  size(codeBytes: number): void;
  /** The job is done with the service (a lean one then stops once idle). Idempotent. */
  close(): void;
}

/**
 * Start esbuild's service now, so that its start overlaps gensrc's key, TLI and file reading
 * instead of delaying the first transform; `lean` when the job has no deps:FILE. Failures
 * surface at transpile time.
 */
export function openTranspiler(lean: boolean): Transpiler {
  users++;
  let open = true;
  if (running === undefined) next = lean ? 'lean' : 'normal';
  const warmUp = (): void => {
    try {
      esbuildTransform('', { loader: 'js' }).catch(() => undefined);
    } catch {
      // esbuild missing: transpile reports it when a file needs it.
    }
  };
  warmUp();
  return {
    size(codeBytes) {
      // Alone on a lean service with nothing but the warm-up sent: restart it in normal mode.
      if (running !== 'lean' || codeBytes <= LEAN_MAX_BYTES || users !== 1) return;
      running = undefined;
      next = 'normal';
      void esbuild().stop();
      warmUp();
    },
    close() {
      if (!open) return;
      open = false;
      users--;
      stopIfIdle();
    },
  };
}

const LOADERS: { readonly [ext: string]: Loader } = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

/** The loader for a file name, or undefined when it is not code (copied as it is). */
export function loaderFor(name: string): Loader | undefined {
  const m = /(\.[A-Za-z]+)$/.exec(name);
  return m === null ? undefined : LOADERS[m[1].toLowerCase()];
}

/** Declarations carry no code: they are left out of packages. */
export function isDeclarationFile(name: string): boolean {
  return /\.d\.[cm]?ts$/.test(name);
}

/** The name a source takes in the package: TypeScript becomes `.js`; JavaScript keeps its name. */
export function outputName(rel: string): string {
  return rel.replace(/\.(m|c)?tsx?$/, '.js');
}

function isTransformFailure(e: unknown): e is TransformFailure {
  return typeof e === 'object' && e !== null && Array.isArray((e as { errors?: unknown }).errors);
}

/**
 * A source file's contents as esbuild should get them. Valid UTF-8 goes as the bytes themselves:
 * esbuild would get the same bytes from the decoded text, and skipping the decode and re-encode
 * saves about 2 ms of CPU a MiB. Anything else is decoded as before (bad sequences become U+FFFD).
 */
export function sourceText(data: Buffer): string | Uint8Array {
  return isUtf8(data) ? data : data.toString('utf8');
}

/**
 * Transpile one file. A syntax error becomes SOURCE_SYNTAX naming file:line:column; esbuild's
 * warnings (e.g. `import.meta` has no meaning in CommonJS) go to `warn` in the same form.
 */
export async function transpile(
  code: string,
  displayName: string,
  loader: Loader,
  warn: (w: CompilerWarning) => void = () => {},
): Promise<string> {
  return (await transpileFile(code, displayName, loader, warn)).code;
}

/**
 * As {@link transpile}; with `mapSource` (the file's path relative to the sources root, `/`
 * separated) also its source map, whose single source is that relative path and which holds no
 * source text: the debugger finds the workspace's own file. `code` may be the file's bytes when
 * they are valid UTF-8 (see {@link sourceText}).
 */
export async function transpileFile(
  code: string | Uint8Array,
  displayName: string,
  loader: Loader,
  warn: (w: CompilerWarning) => void = () => {},
  mapSource?: string,
): Promise<{ code: string; map?: string }> {
  try {
    const r = await esbuildTransform(code, {
      ...(mapSource !== undefined ? { sourcemap: 'external' as const, sourcesContent: false } : {}),
      loader,
      format: 'cjs',
      target: 'node20',
      platform: 'node',
      sourcefile: displayName,
      // As tsc with target ES2022 compiles class fields, so the checked and packaged code agree.
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      logLevel: 'silent',
    });
    for (const m of r.warnings)
      warn(
        m.location
          ? { file: m.location.file, line: m.location.line, column: m.location.column + 1, message: m.text }
          : { file: displayName, message: m.text },
      );
    if (mapSource === undefined || r.map === '') return { code: r.code };
    const map = JSON.parse(r.map) as { sources: string[] };
    map.sources = [mapSource];
    return { code: r.code, map: JSON.stringify(map) };
  } catch (e) {
    if (!isTransformFailure(e)) throw e;
    const lines = e.errors.map((m) =>
      m.location
        ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}`
        : `${displayName}: ${m.text}`,
    );
    throw new PackagerError('SOURCE_SYNTAX', `Cannot compile ${displayName}:\n  ${lines.join('\n  ')}`, {
      data: {
        file: displayName,
        errors: e.errors.map((m) => ({ text: m.text, line: m.location?.line, column: m.location?.column })),
      },
    });
  }
}
