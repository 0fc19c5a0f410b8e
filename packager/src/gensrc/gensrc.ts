/**
 * gensrc: collect, transpile, zip, sign, write. Everything is prepared in memory and checked
 * first; only then are DIR/GROUP[-VERSION].tls and DIR/GROUP.tli written, each atomically, so a
 * failure at any step leaves the director dir as it was.
 */
import { readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { checkEntries } from '../../../runtime/src/protocol/safe-entries';
import { packageFileName } from '../../../runtime/src/protocol/package-name';
import { AuthorityError } from '../../../runtime/src/protocol/package-codes';
import { removeStaleTemps, writeFileAtomic } from '../../../runtime/src/util/atomic-write';
import { sourceHashOf } from '../../../runtime/src/util/source-hash';
import { privatePaths } from '../../../runtime/src/daemon/private-paths';
import { parseRecord, recordedHashes } from '../../../runtime/src/director/core/record';
import { RECORD_FILE } from '../../../runtime/src/director/director-store';
import { listDirectorDir } from '../dir-packages';
import { PackagerError } from '../errors';
import { sealPackage } from '../seal';
import { loadSigningKey, type SigningKey } from '../signing-key';
import type { GensrcArgs } from './args';
import { parseDepsFile } from './deps-file';
import { resolveDeps, type DepPackage } from './deps';
import { depEntries, readSources, sourceEntries, sourceEntryNames, type ReadSources } from './entries';
import { keepLimitOf, readTliInput, type TliInput } from './tli-input';
import { loaderFor, openTranspiler } from './transpile';
import { ZipBuilder, type ZipInput } from './zip-writer';
import { messageOf } from '../../../runtime/src/protocol/caught';

/**
 * Something gensrc wrote anyway but that may fail later or surprise: a pattern that matched
 * nothing, a TLI actor whose module the package lacks, a compiler warning (with its place), no
 * TLI given, a record it could not read (nothing pruned), its own package pruned at once.
 * `line`/`column` are 1-based; `file` is the file the warning is about, when there is one.
 */
export interface GensrcWarning {
  readonly kind:
    'pattern-unmatched' | 'actor-module-missing' | 'compiler' | 'no-tli' | 'record-unreadable' | 'pruned-at-once';
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** The line the command prints for a warning (on stderr). */
export function warningLine(w: GensrcWarning): string {
  if (w.kind === 'no-tli') return `Note: ${w.message}`;
  if (w.kind !== 'compiler' || w.file === undefined) return `Warning: ${w.message}`;
  return `Warning: ${w.line !== undefined ? `${w.file}:${w.line}:${w.column ?? 1}` : w.file}: ${w.message}`;
}

export interface GensrcEnv {
  readonly directorDir: string;
  readonly cwd: string;
  readonly now: () => Date;
  /** Progress lines (verbose). */
  readonly info: (line: string) => void;
  /** Warnings (the command always prints them, on stderr, as warningLine). */
  readonly warn: (w: GensrcWarning) => void;
}

export interface GensrcResult {
  readonly file: string;
  readonly sourceCount: number;
  readonly entryCount: number;
  readonly bytes: number;
  readonly tliWritten?: string;
  readonly pruned: readonly string[];
}

/** Above this many unpacked bytes, verbose gensrc prints a progress line. */
const LARGE_PACKAGE = 4 * 1024 * 1024;

/**
 * A TLI actor path (`foo.fooactor` or `foo.fooactor.FooActor`) whose module is not in the
 * package would fail at load time; say so now. A warning, not an error: the class may come from
 * a module gensrc cannot see into (an index re-export).
 */
function warnMissingActors(
  tliFile: string,
  actorPaths: readonly string[],
  names: ReadonlySet<string>,
  env: GensrcEnv,
): void {
  for (const p of actorPaths) {
    const parts = p.split('.');
    const asModule = `${parts.join('/')}.js`;
    const asClass = `${parts.slice(0, -1).join('/')}.js`;
    const found = [asModule, asClass, `${parts.join('/')}/index.js`].some(
      (n) => names.has(n) || names.has(n.replace(/\.js$/, '.cjs')) || names.has(n.replace(/\.js$/, '.mjs')),
    );
    if (!found)
      env.warn({
        kind: 'actor-module-missing',
        file: tliFile,
        message: `${tliFile} names the actor ${p}, but the package has no module ${asModule} or ${asClass}.`,
      });
  }
}

/** Re-label the verifier's entry checks as gensrc's: the problem is in the inputs. */
function checkPackageable(entries: readonly ZipInput[]): void {
  try {
    checkEntries(
      entries.map((e) => ({
        name: e.name,
        compressedSize: e.data.length,
        uncompressedSize: e.data.length,
        externalFileAttributes: 0,
        madeBy: 0,
      })),
    );
  } catch (e) {
    if (e instanceof AuthorityError)
      throw new PackagerError('PACKAGE_UNSAFE', `The package would be refused when loaded: ${e.message} [${e.code}]`, {
        data: { code: e.code },
        cause: e,
      });
    throw e;
  }
}

async function writeOutputs(
  tlsPath: string,
  tls: Uint8Array,
  tliTarget: string | undefined,
  tliText: string | undefined,
): Promise<void> {
  const existed = (await stat(tlsPath).catch(() => undefined)) !== undefined;
  // A gensrc killed mid-write left a full-size hidden temp; the next one clears it (issue 11).
  await removeStaleTemps(tlsPath);
  if (tliTarget !== undefined) await removeStaleTemps(tliTarget);
  try {
    await writeFileAtomic(tlsPath, tls);
  } catch (e) {
    throw new PackagerError('OUTPUT_WRITE_FAILED', `Cannot write ${tlsPath}: ${messageOf(e)}.`, {
      data: { file: tlsPath },
      cause: e,
    });
  }
  if (tliTarget === undefined || tliText === undefined) return;
  try {
    await writeFileAtomic(tliTarget, tliText);
  } catch (e) {
    // Leave the dir as it was: a new package without its TLI would load with the old one.
    if (!existed) await unlink(tlsPath).catch(() => undefined);
    throw new PackagerError('OUTPUT_WRITE_FAILED', `Cannot write ${tliTarget}: ${messageOf(e)}.`, {
      data: { file: tliTarget },
      cause: e,
    });
  }
}

/**
 * TLS_Keep_Limit: keep the newest N packages of the group by version order, delete the rest.
 * `tliText` is the group's TLI when gensrc has just written it, else the one in the dir is read.
 */
async function prune(
  group: string,
  directorDir: string,
  written: string,
  tliText: string | undefined,
  env: GensrcEnv,
): Promise<string[]> {
  const limit = keepLimitOf(
    tliText ?? (await readFile(path.join(directorDir, `${group}.tli`), 'utf8').catch(() => undefined)),
  );
  if (limit === 0) return [];
  const files = (await listDirectorDir(directorDir)).packages.get(group) ?? [];
  const removed: string[] = [];
  const candidates = files.slice(limit);
  const loaded =
    candidates.length > 0
      ? await loadedSources(directorDir, env)
      : { paths: new Set<string>(), hashes: new Set<string>() };
  for (const f of candidates) {
    const p = path.join(directorDir, f);
    // The file of a loaded source is never deleted (docs/tli.md), whoever prunes.
    if (loaded === null || loaded.paths.has(path.resolve(p)) || loaded.hashes.has(sourceHashOf(await readFile(p)))) {
      env.info(
        `Kept ${p}: ${loaded === null ? "the daemon's record cannot be read, so it may be loaded" : 'its source is loaded'} (TLS_Keep_Limit ${limit})`,
      );
      continue;
    }
    await unlink(p);
    removed.push(p);
    env.info(`Removed ${p} (TLS_Keep_Limit ${limit})`);
    if (p === written)
      env.warn({
        kind: 'pruned-at-once',
        file: p,
        message: `${p} was removed at once: ${limit} newer package(s) of ${group} exist and TLS_Keep_Limit is ${limit}.`,
      });
  }
  return removed;
}

/**
 * The sources the director dir's daemon has loaded, from its record; empty when it has none; null
 * when the record exists but cannot be read (then nothing is pruned: it may be loaded).
 */
async function loadedSources(
  directorDir: string,
  env: GensrcEnv,
): Promise<{ paths: Set<string>; hashes: Set<string> } | null> {
  const file = path.join(privatePaths(directorDir).director, RECORD_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { paths: new Set(), hashes: new Set() };
    env.warn({
      kind: 'record-unreadable',
      file,
      message: `cannot read ${file} (${messageOf(e)}); no package is pruned.`,
    });
    return null;
  }
  let record: ReturnType<typeof parseRecord>;
  try {
    record = parseRecord(JSON.parse(text));
  } catch {
    record = null;
  }
  if (!record) {
    env.warn({ kind: 'record-unreadable', file, message: `${file} is not a Director record; no package is pruned.` });
    return null;
  }
  return { paths: new Set(record.sources.map((s) => path.resolve(s.path))), hashes: recordedHashes(record) };
}

function depNames(deps: readonly DepPackage[]): string[] {
  return deps.flatMap((d) => d.files.map((f) => f.zipName));
}

/** Output of work started early, held until gensrc may report it, then given in its order. */
function heldOutput(env: GensrcEnv): { readonly env: GensrcEnv; release(): void } {
  const held: (() => void)[] = [];
  let released = false;
  const hold = (line: () => void): void => {
    if (released) line();
    else held.push(line);
  };
  return {
    env: { ...env, info: (l) => hold(() => env.info(l)), warn: (w) => hold(() => env.warn(w)) },
    release() {
      released = true;
      for (const line of held.splice(0)) line();
    },
  };
}

interface Checked {
  readonly signingKey: SigningKey;
  readonly tli: TliInput | undefined;
  readonly src: { entries: ZipInput[]; count: number };
  readonly depFiles: ZipInput[];
}

/**
 * The key, the TLI and the deps file checked (their errors first and alone), then the sources'
 * and dependencies' entries, each handed to the ZIP as it is made.
 */
async function checkAndCompile(
  a: GensrcArgs,
  env: GensrcEnv,
  sourcesDirAbs: string,
  depsFile: string | undefined,
  keying: Promise<SigningKey>,
  reading: Promise<ReadSources>,
  compiling: Promise<{ entries: ZipInput[]; count: number }>,
  early: { release(): void },
  zip: ZipBuilder,
): Promise<Checked> {
  const signingKey = await keying;
  const tli = await readTliInput(a.group, sourcesDirAbs, a.tliFile, env.cwd);
  if (tli === undefined)
    env.warn({
      kind: 'no-tli',
      message: `no TLI given and ${path.join(sourcesDirAbs, `${a.group}.tli`)} does not exist; ${path.join(env.directorDir, `${a.group}.tli`)} is left as it is.`,
    });
  let deps: DepPackage[] = [];
  if (depsFile !== undefined) {
    let text: string;
    try {
      text = await readFile(depsFile, 'utf8');
    } catch (e) {
      throw new PackagerError('DEPS_UNREADABLE', `Cannot read the deps file ${depsFile}: ${messageOf(e)}.`, {
        data: { file: depsFile },
        cause: e,
      });
    }
    deps = await resolveDeps(parseDepsFile(text, depsFile), sourcesDirAbs, depsFile);
  }

  early.release();
  const depsMade = depEntries(deps, env, zip);
  // The ZIP takes its entries in name order, so it starts once every name is known.
  reading.then(
    (r) => zip.expect([...r.files.flatMap((f) => Object.values(sourceEntryNames(a, f.rel))), ...depNames(deps)]),
    () => undefined,
  );
  const [src, depFiles] = await Promise.all([compiling, depsMade]);
  return { signingKey, tli, src, depFiles };
}

export async function gensrc(a: GensrcArgs, env: GensrcEnv): Promise<GensrcResult> {
  const sourcesDirAbs = path.resolve(env.cwd, a.sourcesDir);
  const keyFile = path.resolve(env.cwd, a.keyFile);
  const depsFile = a.depsFile === undefined ? undefined : path.resolve(env.cwd, a.depsFile);
  const tlsPath = path.join(env.directorDir, packageFileName(a.group, a.version));
  env.info(`Package: ${path.join(env.directorDir, a.group)}`);
  env.info(`  version: ${a.version ?? '(none)'}`);
  env.info(`  source_dir: ${sourcesDirAbs}`);
  env.info(`  deps: ${depsFile ?? '(none)'}`);
  env.info(`  signing_key: ${keyFile}`);
  env.info(
    `  info_file: ${a.tliFile !== undefined ? path.resolve(env.cwd, a.tliFile) : path.join(sourcesDirAbs, `${a.group}.tli`)}`,
  );
  env.info(`  source_patterns: ${a.patterns.length}`);
  env.info('.');

  // The sources are found, read and compiled while the key, the TLI and the deps file are checked;
  // what that prints is held until those checks pass, so a bad key, TLI or deps file still fails
  // first and alone, as when nothing was read before them. Nothing is written meanwhile.
  const reading = readSources(a, sourcesDirAbs);
  reading.catch(() => undefined);
  const keying = loadSigningKey(keyFile);
  keying.catch(() => undefined);
  // esbuild's service starts (a synchronous process spawn) while those first reads are under way.
  const transpiler = openTranspiler(depsFile === undefined);
  const early = heldOutput(env);
  // Each entry goes into the ZIP as soon as it is compiled, so the ZIP is deflated meanwhile.
  const zip = new ZipBuilder();
  const compiling = reading.then((r) => {
    transpiler.size(r.files.reduce((n, f) => n + (loaderFor(f.rel) !== undefined ? f.data.length : 0), 0));
    return sourceEntries(a, r, sourcesDirAbs, early.env, zip);
  });
  compiling.catch(() => undefined);
  let checked: Checked;
  try {
    checked = await checkAndCompile(a, env, sourcesDirAbs, depsFile, keying, reading, compiling, early, zip);
  } finally {
    // Nothing more to compile: a lean esbuild service stops (once idle) while the ZIP is finished.
    transpiler.close();
  }
  const { signingKey, tli, src, depFiles } = checked;
  const entries = [...src.entries, ...depFiles];
  checkPackageable(entries);
  if (tli !== undefined)
    warnMissingActors(tli.file, Object.keys(tli.tli.Actors), new Set(src.entries.map((e) => e.name)), env);
  const unpacked = entries.reduce((n, e) => n + e.data.length, 0);
  env.info(`Writing ${tlsPath}`);
  if (unpacked > LARGE_PACKAGE) env.info(`  packing ${entries.length} files, ${(unpacked / 1048576).toFixed(1)} MiB`);
  const zipBytes = await zip.finish();
  env.info(`Signing ${tlsPath} with key ${signingKey.keyId} (${signingKey.algorithm})`);
  const tls = sealPackage({ zip: zipBytes, group: a.group, version: a.version, createdAt: env.now(), signingKey });

  const tliTarget = tli === undefined ? undefined : path.join(env.directorDir, `${a.group}.tli`);
  await writeOutputs(tlsPath, tls, tliTarget, tli?.text);
  const pruned = await prune(a.group, env.directorDir, tlsPath, tli?.text, env);
  return {
    file: tlsPath,
    sourceCount: src.count,
    entryCount: entries.length,
    bytes: tls.length,
    ...(tliTarget !== undefined ? { tliWritten: tliTarget } : {}),
    pruned,
  };
}
