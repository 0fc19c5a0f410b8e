/**
 * The entries of a package, in memory: each source read and, when it is code, compiled to
 * CommonJS, each npm dependency's files (an ESM one compiled too).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PackagerError } from '../errors';
import type { GensrcArgs } from './args';
import type { DepPackage } from './deps';
import type { GensrcEnv } from './gensrc';
import { collectSources } from './sources';
import { isDeclarationFile, loaderFor, outputName, sourceText, transpile, transpileFile } from './transpile';
import type { ZipInput } from './zip-writer';
import { messageOf } from '../../../runtime/src/protocol/caught';

async function readSource(abs: string): Promise<{ data: Buffer; mtime: Date }> {
  try {
    const [data, st] = await Promise.all([readFile(abs), stat(abs)]);
    return { data, mtime: st.mtime };
  } catch (e) {
    throw new PackagerError('SOURCE_UNREADABLE', `Cannot read ${abs}: ${messageOf(e)}.`, {
      data: { file: abs },
      cause: e,
    });
  }
}

/** A package entry and the source it comes from (for OUTPUT_COLLISION). */
type SourceZipInput = ZipInput & { readonly from: string };

/** Where each entry goes as soon as it is made (the ZIP being built), in any order. */
export interface EntrySink {
  put(e: ZipInput): void;
  /** A name {@link sourceEntryNames} or a dependency listed that is not made after all. */
  leaveOut(name: string): void;
}

/**
 * The names of a source's package entries: itself (not code), or its compiled `.js` and, under
 * maps:yes, that file's `.map`.
 */
export function sourceEntryNames(a: GensrcArgs, rel: string): { readonly code: string; readonly map?: string } {
  if (loaderFor(rel) === undefined) return { code: rel };
  const code = outputName(rel);
  return a.sourceMaps === true ? { code, map: `${code}.map` } : { code };
}

/** One source's package entries: as it is, or transpiled (with its source map under maps:yes). */
async function sourceEntry(
  a: GensrcArgs,
  rel: string,
  data: Buffer,
  mtime: Date,
  env: GensrcEnv,
  sink: EntrySink,
): Promise<SourceZipInput[]> {
  const names = sourceEntryNames(a, rel);
  const loader = loaderFor(rel);
  if (loader === undefined) {
    const e = { name: names.code, data, mtime, from: rel };
    sink.put(e);
    return [e];
  }
  const mapSource = names.map !== undefined ? rel.split(path.sep).join('/') : undefined;
  const t = await transpileFile(
    sourceText(data),
    path.join(a.sourcesDir, rel),
    loader,
    (w) => env.warn({ kind: 'compiler', ...w }),
    mapSource,
  );
  const js = { name: names.code, data: Buffer.from(t.code, 'utf8'), mtime, from: rel };
  sink.put(js);
  if (names.map === undefined) return [js];
  if (t.map === undefined) {
    sink.leaveOut(names.map);
    return [js];
  }
  // maps:yes: NAME.js.map beside NAME.js; the in-memory loader hands it to the debugger.
  const map = { name: names.map, data: Buffer.from(t.map, 'utf8'), mtime, from: `${rel} (source map)` };
  sink.put(map);
  return [js, map];
}

/** The sources SRC... name, read; patterns that matched nothing. No output: gensrc reports these later. */
export interface ReadSources {
  readonly files: readonly { readonly rel: string; readonly data: Buffer; readonly mtime: Date }[];
  readonly unmatched: readonly string[];
}

export async function readSources(a: GensrcArgs, sourcesDirAbs: string): Promise<ReadSources> {
  const unmatched: string[] = [];
  const found = await collectSources(a.sourcesDir, sourcesDirAbs, a.patterns, (p) => unmatched.push(p));
  const kept = found.filter((f) => !isDeclarationFile(f.rel));
  const files = await Promise.all(kept.map(async (f) => ({ rel: f.rel, ...(await readSource(f.abs)) })));
  return { files, unmatched };
}

/** The entries of the sources, each also handed to `sink` as soon as it is made. */
export async function sourceEntries(
  a: GensrcArgs,
  sources: ReadSources,
  sourcesDirAbs: string,
  env: GensrcEnv,
  sink: EntrySink,
): Promise<{ entries: ZipInput[]; count: number }> {
  for (const p of sources.unmatched)
    env.warn({ kind: 'pattern-unmatched', message: `the source pattern ${p} matched no file under ${sourcesDirAbs}` });
  const read = sources.files;
  for (const r of read) if (loaderFor(r.rel) !== undefined) env.info(`    transpile ${r.rel}`);
  // Largest first: esbuild transforms the requests side by side, and the largest file finishes
  // last; sent after fifty small ones (its read completes last) it shared the cores with all of
  // them. Each result keeps its file's place, so the package is the same whatever the order.
  const lists: SourceZipInput[][] = new Array<SourceZipInput[]>(read.length);
  const bySize = read.map((r, i) => ({ ...r, i })).sort((x, y) => y.data.length - x.data.length);
  await Promise.all(
    bySize.map(async ({ rel, data, mtime, i }) => {
      lists[i] = await sourceEntry(a, rel, data, mtime, env, sink);
    }),
  );
  const entries = lists.flat();
  const byName = new Map<string, string>();
  for (const e of entries) {
    const prior = byName.get(e.name);
    if (prior !== undefined) {
      throw new PackagerError(
        'OUTPUT_COLLISION',
        `${prior} and ${e.from} would both be packaged as ${e.name}; rename one of them.`,
        { data: { entry: e.name } },
      );
    }
    byName.set(e.name, e.from);
  }
  return { entries, count: read.length };
}

/** The files of the npm dependencies, each also handed to `sink` as soon as it is made. */
export async function depEntries(deps: readonly DepPackage[], env: GensrcEnv, sink: EntrySink): Promise<ZipInput[]> {
  const out: ZipInput[] = [];
  for (const d of deps) {
    env.info(` Adding dep:: ${d.zipPrefix} (${d.name}@${d.version}, needed by ${d.requiredBy})`);
    const files = await Promise.all(
      d.files.map(async (f) => {
        const e = await depEntry(d, f.abs, f.zipName);
        sink.put(e);
        return e;
      }),
    );
    out.push(...files);
  }
  return out;
}

async function depEntry(d: DepPackage, abs: string, zipName: string): Promise<ZipInput> {
  const { data, mtime } = await readSource(abs);
  const esm = zipName.endsWith('.mjs') || (d.isModule && zipName.endsWith('.js'));
  if (esm)
    return { name: zipName, data: Buffer.from(await transpile(data.toString('utf8'), abs, 'js'), 'utf8'), mtime };
  if (d.isModule && zipName === `${d.zipPrefix}/package.json`)
    return { name: zipName, data: commonJsPackageJson(data), mtime };
  return { name: zipName, data, mtime };
}

/** An ESM package's .js files are CommonJS once transpiled; its package.json must say so. */
function commonJsPackageJson(data: Buffer): Buffer {
  const pj = JSON.parse(data.toString('utf8')) as { [k: string]: unknown };
  pj['type'] = 'commonjs';
  return Buffer.from(JSON.stringify(pj, null, 2) + '\n', 'utf8');
}
