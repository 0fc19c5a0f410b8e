/**
 * The launcher's V8 code cache (Node 20 has no module.enableCompileCache): the bundle a command
 * runs is compiled from V8's cached code of an earlier run instead of from its source, including
 * the functions that run compiled; so is a package the bundle requires (esbuild's API). On the
 * gensrc bench this took 9-17 ms of CPU off a ~165 ms command (the 480 KB packager bundle: 6-12
 * ms to compile its top level alone, under 1 ms from the cache), and esbuild's API 3 ms more.
 *
 * Cached code is code: whoever can write the cache runs code as the user. So the cache lives in a
 * folder that only the user can write, $XDG_CACHE_HOME/thespian-director/v8 (default
 * ~/.cache/...), mode 0700, and is used only when that folder and the file are the user's own,
 * not symbolic links, and writable by no one else; otherwise the bundle is loaded as usual and
 * nothing is written. The file's name holds the bundle, the command, the Node version and the
 * bundle's CRC-32 and length,
 * so a changed bundle or Node never meets an old cache (V8 itself checks only its version, flags
 * and the source's length). A rejected or missing cache is written at exit, atomically.
 * THESPIAN_DIRECTOR_CODE_CACHE=off, Windows (no user ids to check) and --enable-source-maps
 * (stack traces mapped by Node's loader) load the bundle as usual.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** A cache file bigger than this is not ours: V8's cache of the largest bundle is ~0.8 MB. */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * Smaller bundles load as usual: `director help` (the 78 KB base bundle) ran 1-2 ms slower from
 * the cache (loading node:zlib for the CRC and reading the cache cost what compiling saved). A
 * package a cached bundle requires is cached whatever its size: that bundle has loaded zlib.
 */
const MIN_CACHED_BYTES = 128 * 1024;

/** The cache folder for this user, or undefined when there is none to use. */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env['THESPIAN_DIRECTOR_CODE_CACHE'] === 'off' || process.getuid === undefined) return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'thespian-director', 'v8');
}

/** Only this user can have written it: ours, not a link, writable by no group or other. */
function ownOnly(st: Stats, uid: number): boolean {
  return st.uid === uid && (st.mode & 0o022) === 0;
}

function ownFolder(dir: string, uid: number): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  return st !== undefined && st.isDirectory() && ownOnly(st, uid) && safePath(path.dirname(realpathSync(dir)), uid);
}

/**
 * `folder` (links resolved) and every folder above it are the user's or root's and writable by no
 * one else, unless sticky (/tmp): otherwise another user could swap a folder on the path for a
 * link between the check and the write at exit, and have this user's files written or removed
 * elsewhere.
 */
function safePath(folder: string, uid: number): boolean {
  let at = realpathSync(folder);
  for (;;) {
    const st = statSync(at);
    if ((st.uid !== uid && st.uid !== 0) || ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0)) return false;
    const up = path.dirname(at);
    if (up === at) return true;
    at = up;
  }
}

/** This run's answer of trustedDir for its cache folder. */
let checked: { readonly dir: string; readonly trusted: string | undefined } | undefined;

/**
 * The cache folder, made (0700) when missing if its nearest existing ancestor is the user's own
 * (root never makes it inside another user's home); undefined unless it is the user's alone.
 */
function trustedDir(dir: string, uid: number): string | undefined {
  if (lstatSync(dir, { throwIfNoEntry: false }) === undefined) {
    let existing = path.dirname(dir);
    while (lstatSync(existing, { throwIfNoEntry: false }) === undefined && path.dirname(existing) !== existing)
      existing = path.dirname(existing);
    const st = lstatSync(existing);
    if (!st.isDirectory() || st.uid !== uid || !safePath(existing, uid)) return undefined;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  return ownFolder(dir, uid) ? dir : undefined;
}

/** The cache file's bytes when the file is the user's alone, else undefined. */
function readTrusted(file: string, uid: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    // One link only: a hard link another user made to this user's file (fs.protected_hardlinks=0) is refused.
    if (!st.isFile() || !ownOnly(st, uid) || st.nlink !== 1 || st.size > MAX_CACHE_BYTES) return undefined;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Caches and stray temps of this bundle and command untouched this long are removed. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/**
 * Write the cache (0600) beside its final name, then rename; remove this bundle's caches (other
 * versions, flags, installs) and temps left by killed runs once they are a week old, so two Node
 * versions or installs used in turn do not remove each other's cache on every run. Runs at exit:
 * it must never throw (an exception in an exit listener makes a successful command exit 1).
 */
function writeCache(dir: string, name: string, prefix: string, data: () => Buffer, uid: number): void {
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  try {
    // The folder again, just before writing: it was checked when the command started.
    if (!ownFolder(dir, uid)) return;
    writeFileSync(tmp, data(), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path.join(dir, name));
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Not written: nothing to remove.
    }
    return;
  }
  try {
    const now = Date.now();
    for (const f of readdirSync(dir)) {
      const ours = (f.startsWith(prefix) && f.endsWith('.bin')) || (f.startsWith(`.${prefix}`) && f.endsWith('.tmp'));
      if (f === name || !ours) continue;
      const file = path.join(dir, f);
      const st = lstatSync(file, { throwIfNoEntry: false });
      if (st !== undefined && now - st.mtimeMs > STALE_MS) unlinkSync(file);
    }
  } catch {
    // The folder went away, or another run pruned first: the cache itself is written.
  }
}

/**
 * `file` compiled (from the cache when there is a trusted one), or undefined: load it as usual.
 * `label` names it in the cache (the bundle, or the package a bundle requires).
 */
function compiled(file: string, label: string, tag: string, env: NodeJS.ProcessEnv): vm.Script | undefined {
  const found = codeCacheDir(env);
  const uid = process.getuid?.();
  if (found === undefined || uid === undefined || (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled)
    return undefined;
  const source = readFileSync(file);
  // Loaded here, not with the launcher: a run that uses no cache does not pay for node:zlib.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { crc32 } = require('node:zlib') as typeof import('node:zlib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as node:zlib above
  const { cachedDataVersionTag } = require('node:v8') as typeof import('node:v8');
  const prefix = `${label}.${tag}.`;
  // cachedDataVersionTag: V8's version and the flags that shape its code (NODE_OPTIONS such as
  // --max-old-space-size), so runs with different flags keep a cache each instead of
  // rejecting and rewriting one another's.
  const build = `${process.version}-${process.arch}-${cachedDataVersionTag().toString(16)}`;
  const name = `${prefix}${build}.${crc32(source).toString(16)}-${source.length}.bin`;
  // Checked once a run (the bundle, then esbuild's API): the write at exit checks the folder again.
  if (checked?.dir !== found) checked = { dir: found, trusted: trustedDir(found, uid) };
  const dir = checked.trusted;
  const cached = dir === undefined ? undefined : readTrusted(path.join(dir, name), uid);
  const script = new vm.Script(Module.wrap(source.toString('utf8')), {
    filename: file,
    ...(cached !== undefined ? { cachedData: cached } : {}),
  });
  if (dir !== undefined && (cached === undefined || script.cachedDataRejected === true))
    // At exit, so that the cache also holds every function the command compiled.
    process.once('exit', () => writeCache(dir, name, prefix, () => script.createCachedData(), uid));
  return script;
}

function tryCompiled(file: string, label: string, tag: string, env: NodeJS.ProcessEnv): vm.Script | undefined {
  try {
    return compiled(file, label, tag, env);
  } catch {
    return undefined;
  }
}

type Wrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: NodeJS.Module,
  filename: string,
  dirname: string,
) => void;

/** Run a compiled CommonJS file as `require` would: its module in require.cache, then loaded. */
function runModule(script: vm.Script, file: string, parent: NodeJS.Module, req: NodeJS.Require): NodeJS.Module {
  const m = new Module(file, parent);
  m.filename = file;
  require.cache[file] = m;
  (script.runInThisContext() as Wrapper).call(m.exports, m.exports, req, m, file, path.dirname(file));
  m.loaded = true;
  return m;
}

/**
 * The `require` a bundle gets: a package it leaves out (esbuild's JavaScript API, 97 KB, which
 * gensrc requires on every run) is compiled through the cache too; everything else as usual.
 */
function bundleRequire(file: string, tag: string, parent: NodeJS.Module, env: NodeJS.ProcessEnv): NodeJS.Require {
  const base = Module.createRequire(file);
  const req = (id: string): unknown => {
    if (Module.isBuiltin(id) || id.startsWith('.') || path.isAbsolute(id)) return base(id);
    const resolved = base.resolve(id);
    const known = require.cache[resolved];
    if (known !== undefined) return known.exports;
    const script = resolved.endsWith('.js')
      ? tryCompiled(resolved, `pkg-${id.replace(/[^A-Za-z0-9]/g, '_')}`, tag, env)
      : undefined;
    if (script === undefined) return base(id);
    return runModule(script, resolved, parent, Module.createRequire(resolved)).exports;
  };
  return Object.assign(req, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
}

/**
 * Run the CommonJS bundle `file` as `require(file)` would (its module in require.cache), compiled
 * from the code cache when there is a trusted one. `tag` (the command) keeps one cache per bundle
 * and command: a cache holds the functions of the run that wrote it, so `help gensrc` must not
 * write the cache gensrc runs from. Any trouble with the cache (no home folder, an unreadable
 * file) loads the bundle as usual.
 */
export function runBundle(
  file: string,
  tag: string,
  parent: NodeJS.Module,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const script =
    statSync(file).size < MIN_CACHED_BYTES ? undefined : tryCompiled(file, path.basename(file, '.js'), tag, env);
  if (script === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle runs its command on load
    require(file);
    return;
  }
  runModule(script, file, parent, bundleRequire(file, tag, parent, env));
}
