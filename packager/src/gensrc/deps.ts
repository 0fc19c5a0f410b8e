/**
 * `deps:` packages, taken from node_modules as installed (found upward from SOURCES_DIR, as Node
 * resolves them), with their own `dependencies`, recursively. Each lands in the package under
 * `node_modules/<its path below the node_modules folder it was found in>`, so nested versions keep
 * their place. A native addon cannot run from a package and is refused, naming it.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPlainObject } from '../../../runtime/src/protocol/plain-object';
import { PackagerError } from '../errors';
import { messageOf } from '../../../runtime/src/protocol/caught';

export interface DepFile {
  readonly abs: string;
  /** Name in the package: `node_modules/chalk/source/index.js`. */
  readonly zipName: string;
}

export interface DepPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  /** `node_modules/chalk` (or `node_modules/a/node_modules/b`). */
  readonly zipPrefix: string;
  /** package.json says `"type": "module"`: its .js files are ESM and get transpiled. */
  readonly isModule: boolean;
  readonly files: readonly DepFile[];
  /** Who needed it: `deps file` or the depending package's name. */
  readonly requiredBy: string;
}

/** The runtime provides this one; packaging a copy would split the Actor class in two. */
const PROVIDED = new Set(['thespian-director']);

/** Files a package needs at run time; types, maps and docs stay behind. */
const SKIP = [
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.map',
  '**/*.md',
  '**/*.markdown',
  '**/*.ts',
  '**/*.tsx',
  'node_modules/**',
];

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly type?: unknown;
  readonly gypfile?: unknown;
  readonly dependencies?: unknown;
  readonly optionalDependencies?: unknown;
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}

/** node_modules folders of `dir` and its ancestors, nearest first. */
function nodeModulesChain(dir: string): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    if (path.basename(d) !== 'node_modules') out.push(path.join(d, 'node_modules'));
    const up = path.dirname(d);
    if (up === d) return out;
    d = up;
  }
}

async function findPackageDir(name: string, from: string): Promise<string | undefined> {
  for (const nm of nodeModulesChain(from)) {
    const dir = path.join(nm, name);
    if (await exists(path.join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

async function readPackageJson(dir: string, name: string): Promise<PackageJson> {
  const file = path.join(dir, 'package.json');
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as unknown;
    // Plain: caught just below and reported as DEP_BAD_PACKAGE_JSON with this text.
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch (e) {
    throw new PackagerError(
      'DEP_BAD_PACKAGE_JSON',
      `The dependency ${name} has an unreadable ${file}: ${messageOf(e)}. Reinstall it (npm ci).`,
      {
        data: { dep: name, file },
      },
    );
  }
}

function depNames(field: unknown): string[] {
  return isPlainObject(field) ? Object.keys(field) : [];
}

/**
 * Where a package goes in the archive: its path below the node_modules folder (of SOURCES_DIR or
 * a parent) that holds it, so `a/node_modules/b` stays nested as Node would find it.
 */
function zipPrefixOf(dir: string, roots: readonly string[]): string {
  const root = roots.filter((r) => dir.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  const rel = root === undefined ? path.basename(dir) : path.relative(root, dir);
  return ['node_modules', ...rel.split(path.sep)].join('/');
}

async function nativeAddonIn(dir: string, pj: PackageJson): Promise<string | undefined> {
  if (pj.gypfile === true) return 'its package.json sets "gypfile": true';
  if (await exists(path.join(dir, 'binding.gyp'))) return 'it has a binding.gyp';
  const fg = (await import('fast-glob')).default;
  const nodeFiles = await fg('**/*.node', { cwd: dir, onlyFiles: true, ignore: ['node_modules/**'] });
  if (nodeFiles.length > 0) return `it holds the compiled addon ${nodeFiles[0]}`;
  return undefined;
}

/**
 * Resolve `names` (from the deps file) and everything they depend on, from `sourcesDir`.
 * Throws DEP_NOT_FOUND, DEP_NATIVE_ADDON, DEP_BAD_PACKAGE_JSON or DEP_CONFLICT.
 */
export async function resolveDeps(
  names: readonly string[],
  sourcesDir: string,
  depsFile: string,
): Promise<DepPackage[]> {
  const roots = nodeModulesChain(sourcesDir);
  const byDir = new Map<string, DepPackage>();
  const byPrefix = new Map<string, string>();
  const queue: { name: string; from: string; requiredBy: string; optional: boolean }[] = names.map((name) => ({
    name,
    from: sourcesDir,
    requiredBy: `deps file ${depsFile}`,
    optional: false,
  }));
  while (queue.length > 0) {
    const { name, from, requiredBy, optional } = queue.shift()!;
    if (PROVIDED.has(name)) continue;
    const dir = await findPackageDir(name, from);
    if (dir === undefined) {
      if (optional) continue;
      throw new PackagerError(
        'DEP_NOT_FOUND',
        `The dependency ${name} (needed by ${requiredBy}) is not installed in any node_modules folder from ${from} upward. Install it (npm install ${name}) or remove it from the deps file.`,
        { data: { dep: name, requiredBy } },
      );
    }
    if (byDir.has(dir)) continue;
    const pj = await readPackageJson(dir, name);
    const native = await nativeAddonIn(dir, pj);
    if (native !== undefined) {
      throw new PackagerError(
        'DEP_NATIVE_ADDON',
        `The dependency ${name} (needed by ${requiredBy}) is a native addon (${native}); a package can hold only JavaScript. Install it on the hosts instead, or use a pure-JavaScript alternative.`,
        { data: { dep: name, requiredBy } },
      );
    }
    const zipPrefix = zipPrefixOf(dir, roots);
    const other = byPrefix.get(zipPrefix);
    if (other !== undefined && other !== dir) {
      throw new PackagerError(
        'DEP_CONFLICT',
        `Two different copies of ${name} would both be packaged as ${zipPrefix}: ${other} and ${dir}. Deduplicate them (npm dedupe).`,
        {
          data: { dep: name },
        },
      );
    }
    byPrefix.set(zipPrefix, dir);
    const fg = (await import('fast-glob')).default;
    const rels = await fg('**/*', { cwd: dir, onlyFiles: true, dot: false, ignore: SKIP, followSymbolicLinks: false });
    rels.sort();
    const files = rels.map((rel) => ({ abs: path.join(dir, rel), zipName: `${zipPrefix}/${rel}` }));
    byDir.set(dir, {
      name,
      version: typeof pj.version === 'string' ? pj.version : '?',
      dir,
      zipPrefix,
      isModule: pj.type === 'module',
      files,
      requiredBy,
    });
    for (const d of depNames(pj.dependencies)) queue.push({ name: d, from: dir, requiredBy: name, optional: false });
    for (const d of depNames(pj.optionalDependencies))
      queue.push({ name: d, from: dir, requiredBy: name, optional: true });
  }
  return [...byDir.values()];
}
