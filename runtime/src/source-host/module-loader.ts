/**
 * A small CommonJS loader that serves one package's modules from memory (nothing is extracted to
 * disk). Supports relative requires, `index.js` and `package.json` `main`/`exports` (conditions
 * `require`, `node`, `default`) for packages under the package's own `node_modules`, `.json`
 * files, cycles (a module's partial exports), `thespian-director` (the runtime's actor API) and
 * Node built-ins (through the real require). Each loader has its own module cache, so two
 * versions of one group never share module state.
 */
import { builtinModules } from 'node:module';
import path from 'node:path/posix';
import vm from 'node:vm';

export interface LoadedModule {
  readonly id: string;
  exports: unknown;
  loaded: boolean;
}

/** Thrown for a module that does not exist in the package (code like Node's). */
export class ModuleNotFound extends Error {
  readonly code = 'MODULE_NOT_FOUND';
}

type RequireFn = (request: string) => unknown;

const BUILTINS: ReadonlySet<string> = new Set(builtinModules);
const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * Where a debugger sees the package's sources: the URL every module of this package is shown
 * under (a `sourceURL`), and, when the package carries `FILE.map` (gensrc maps:yes), that map
 * inline. The package's maps name their sources relative to the sources root; the root given
 * here turns them into `tls-src:///foo/fooactor.ts`, which a debugger maps to the workspace
 * (`sourceMapPathOverrides`: `tls-src:///*` → the group's sources dir). Packages without maps
 * (releases) get the sourceURL only. Appended after the code, so line numbers do not move.
 */
export const SOURCE_MAP_ROOT = 'tls-src:///';

function debugComments(
  filename: string,
  map: Uint8Array | undefined,
  decoder: { decode(b: Uint8Array): string },
): string {
  let out = `\n//# sourceURL=${filename}`;
  if (map !== undefined) {
    try {
      const parsed = JSON.parse(decoder.decode(map)) as { [k: string]: unknown };
      parsed['sourceRoot'] = SOURCE_MAP_ROOT;
      out += `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(parsed), 'utf8').toString('base64')}`;
    } catch {
      // A broken map costs the debugger its mapping, never the module its load.
    }
  }
  return out;
}

export class MemoryModuleLoader {
  private readonly cache = new Map<string, LoadedModule>();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly entries: ReadonlyMap<string, Uint8Array>,
    /** What `require('thespian-director')` returns inside the package. */
    private readonly runtimeApi: unknown,
    /** Node's require, for built-ins. */
    private readonly nodeRequire: RequireFn,
    /** Shown in stack traces: `tls://<label>/<path>`. */
    private readonly label: string,
  ) {}

  /** True when `file` (a path inside the package) exists. */
  has(file: string): boolean {
    return this.entries.has(file);
  }

  /** Load (once) and return the exports of the package file `file`, e.g. `foo/fooactor.js`. */
  load(file: string): unknown {
    return this.loadFile(file).exports;
  }

  /** Every module evaluated so far, for looking a class up by identity. */
  loadedModules(): ReadonlyMap<string, LoadedModule> {
    return this.cache;
  }

  private requireFrom(dir: string, request: string): unknown {
    if (request === 'thespian-director') return this.runtimeApi;
    if (request.startsWith('node:') || BUILTINS.has(request)) return this.nodeRequire(request);
    const file = this.resolve(dir, request);
    if (file === null) {
      throw new ModuleNotFound(
        `Cannot find module '${request}' from '${dir === '' ? '.' : dir}' in package ${this.label}`,
      );
    }
    return this.loadFile(file).exports;
  }

  private loadFile(file: string): LoadedModule {
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached;
    const bytes = this.entries.get(file);
    if (bytes === undefined) throw new ModuleNotFound(`Cannot find module '${file}' in package ${this.label}`);
    const mod: LoadedModule = { id: file, exports: {}, loaded: false };
    this.cache.set(file, mod);
    try {
      if (file.endsWith('.json')) {
        mod.exports = JSON.parse(this.decoder.decode(bytes)) as unknown;
      } else {
        const dir = path.dirname(file) === '.' ? '' : path.dirname(file);
        let code = this.decoder.decode(bytes);
        if (code.startsWith('#!')) code = `//${code}`; // keep line numbers; a shebang is not JS
        const filename = `tls://${this.label}/${file}`;
        code += debugComments(filename, this.entries.get(`${file}.map`), this.decoder);
        const fn = vm.compileFunction(code, WRAPPER_PARAMS, { filename });
        const require = Object.assign((request: string) => this.requireFrom(dir, request), {
          resolve: (request: string) => this.resolve(dir, request) ?? request,
          cache: {},
        });
        fn.call(mod.exports, mod.exports, require, mod, `/${file}`, `/${dir}`);
      }
      mod.loaded = true;
      return mod;
    } catch (e) {
      this.cache.delete(file); // a later require retries, as Node does
      throw e;
    }
  }

  /** Package path of `request` required from package folder `dir`, or null. */
  resolve(dir: string, request: string): string | null {
    if (request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..') {
      const p = path.normalize(path.join(dir, request));
      if (p.startsWith('..')) return null;
      return this.asFileOrDir(p === '.' ? '' : p);
    }
    if (request.startsWith('/')) return this.asFileOrDir(path.normalize(request).slice(1));
    return this.fromNodeModules(dir, request);
  }

  private asFileOrDir(p: string): string | null {
    if (p !== '' && this.entries.has(p)) return p;
    for (const ext of ['.js', '.cjs', '.json']) if (this.entries.has(p + ext)) return p + ext;
    return this.asDir(p);
  }

  private asDir(p: string): string | null {
    const prefix = p === '' ? '' : `${p}/`;
    const pj = this.readPackageJson(`${prefix}package.json`);
    if (pj !== null) {
      const exp = exportTarget(pj.exports, '.');
      if (exp !== null) {
        const f = this.asFileOrDirNoPkg(path.normalize(prefix + exp));
        if (f !== null) return f;
      }
      if (typeof pj.main === 'string') {
        const f = this.asFileOrDirNoPkg(path.normalize(prefix + pj.main));
        if (f !== null) return f;
      }
    }
    for (const idx of ['index.js', 'index.cjs', 'index.json']) if (this.entries.has(prefix + idx)) return prefix + idx;
    return null;
  }

  private asFileOrDirNoPkg(p: string): string | null {
    if (this.entries.has(p)) return p;
    for (const ext of ['.js', '.cjs', '.json']) if (this.entries.has(p + ext)) return p + ext;
    for (const idx of ['/index.js', '/index.cjs', '/index.json']) if (this.entries.has(p + idx)) return p + idx;
    return null;
  }

  private fromNodeModules(dir: string, request: string): string | null {
    const parts = request.split('/');
    const nameLen = request.startsWith('@') ? 2 : 1;
    const pkgName = parts.slice(0, nameLen).join('/');
    const subpath = parts.slice(nameLen).join('/');
    let d = dir;
    for (;;) {
      const base = d === '' ? `node_modules/${pkgName}` : `${d}/node_modules/${pkgName}`;
      const found = this.fromPackage(base, subpath);
      if (found !== null) return found;
      if (d === '') break;
      d = path.dirname(d) === '.' ? '' : path.dirname(d);
    }
    // A top-level module of the package itself (`require('barn/cow')` from anywhere in it).
    return subpath === '' && nameLen === 1 ? null : this.asFileOrDirNoPkg(request);
  }

  private fromPackage(base: string, subpath: string): string | null {
    const pj = this.readPackageJson(`${base}/package.json`);
    if (pj !== null && pj.exports !== undefined) {
      const target = exportTarget(pj.exports, subpath === '' ? '.' : `./${subpath}`);
      if (target !== null) return this.asFileOrDirNoPkg(path.normalize(`${base}/${target}`));
    }
    return subpath === '' ? this.asDir(base) : this.asFileOrDir(`${base}/${subpath}`);
  }

  private readPackageJson(file: string): { main?: unknown; exports?: unknown } | null {
    const bytes = this.entries.get(file);
    if (bytes === undefined) return null;
    try {
      const v: unknown = JSON.parse(this.decoder.decode(bytes));
      return typeof v === 'object' && v !== null ? v : null;
    } catch {
      return null;
    }
  }
}

/** The file that `exports` maps `subpath` ('.' or './x') to, for a CommonJS require. */
function exportTarget(exports: unknown, subpath: string): string | null {
  if (exports === undefined || exports === null) return null;
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? conditional(exports) : null;
  if (typeof exports !== 'object') return null;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.length > 0 && keys.every((k) => !k.startsWith('.'))) return subpath === '.' ? conditional(map) : null;
  if (subpath in map) return conditional(map[subpath]);
  for (const k of keys) {
    const star = k.indexOf('*');
    if (star < 0) continue;
    const pre = k.slice(0, star);
    const post = k.slice(star + 1);
    if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= pre.length + post.length) {
      const t = conditional(map[k]);
      return t === null ? null : t.replace('*', subpath.slice(pre.length, subpath.length - post.length));
    }
  }
  return null;
}

function conditional(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const t = conditional(x);
      if (t !== null) return t;
    }
    return null;
  }
  if (typeof v === 'object' && v !== null) {
    const m = v as Record<string, unknown>;
    for (const c of ['require', 'node', 'default'])
      if (c in m) {
        const t = conditional(m[c]);
        if (t !== null) return t;
      }
  }
  return null;
}
