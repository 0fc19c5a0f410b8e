/**
 * Source collection: each SRC is a fast-glob pattern (with `**`) or a plain file, relative to
 * SOURCES_DIR; a leading `SOURCES_DIR/` is stripped (so `$(find foo ...)` lists work from the
 * folder above). Every file must lie inside SOURCES_DIR.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { PackagerError } from '../errors';

export interface SourceFile {
  readonly abs: string;
  /** Forward-slash path relative to SOURCES_DIR: the name in the archive (before transpiling). */
  readonly rel: string;
}

function stripPrefix(pattern: string, sourcesDirGiven: string, sourcesDirAbs: string): string {
  for (const prefix of [sourcesDirGiven, sourcesDirAbs]) {
    const p = prefix.replace(/[\\/]+$/, '') + '/';
    if (p !== '/' && pattern.startsWith(p)) return pattern.slice(p.length);
  }
  return pattern;
}

function toRel(sourcesDirAbs: string, abs: string, given: string): string {
  const rel = path.relative(sourcesDirAbs, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new PackagerError(
      'SOURCE_OUTSIDE_DIR',
      `The source ${given} is outside SOURCES_DIR ${sourcesDirAbs}; every source must lie under it (its path there is its name in the package).`,
      {
        data: { source: given },
      },
    );
  }
  return rel.split(path.sep).join('/');
}

/**
 * The files named by `patterns`, sorted and without duplicates. A plain file name that does not
 * exist is an error; a pattern that matches nothing is reported through `onEmpty` (the original
 * allowed it), and nothing at all matching is an error.
 */
export async function collectSources(
  sourcesDirGiven: string,
  sourcesDirAbs: string,
  patterns: readonly string[],
  onEmpty: (pattern: string) => void,
): Promise<SourceFile[]> {
  const st = await stat(sourcesDirAbs).catch(() => undefined);
  if (st === undefined || !st.isDirectory()) {
    throw new PackagerError('SOURCES_DIR_MISSING', `SOURCES_DIR ${sourcesDirAbs} is not a folder.`, {
      data: { sourcesDir: sourcesDirAbs },
    });
  }
  // Loaded on first use, as esbuild: only gensrc needs it.
  const fg = (await import('fast-glob')).default;
  const found = new Map<string, SourceFile>();
  for (const given of patterns) {
    const pattern = stripPrefix(given, sourcesDirGiven, sourcesDirAbs);
    if (!fg.isDynamicPattern(pattern)) {
      const abs = path.resolve(sourcesDirAbs, pattern);
      const fst = await stat(abs).catch(() => undefined);
      if (fst === undefined || !fst.isFile()) {
        throw new PackagerError(
          'SOURCE_NOT_FOUND',
          `The source file ${pattern} does not exist under ${sourcesDirAbs}.`,
          { data: { source: pattern } },
        );
      }
      const rel = toRel(sourcesDirAbs, abs, given);
      found.set(rel, { abs, rel });
      continue;
    }
    const matches = await fg(pattern, {
      cwd: sourcesDirAbs,
      onlyFiles: true,
      absolute: true,
      dot: false,
      followSymbolicLinks: true,
    });
    if (matches.length === 0) onEmpty(given);
    for (const m of matches) {
      const abs = path.normalize(m);
      const rel = toRel(sourcesDirAbs, abs, m);
      found.set(rel, { abs, rel });
    }
  }
  if (found.size === 0) {
    throw new PackagerError(
      'SOURCE_NOTHING_MATCHED',
      `No source file matched ${patterns.join(' ')} under ${sourcesDirAbs}; an empty package would load nothing.`,
      {
        data: { patterns },
      },
    );
  }
  return [...found.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
