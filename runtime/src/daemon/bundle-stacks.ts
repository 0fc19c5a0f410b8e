/**
 * Stack traces of the daemon bundle in terms of its TypeScript sources. dist/daemon.js is
 * whitespace-minified, because V8 keeps a script's whole source text for as long as it runs (an
 * idle daemon is ~0.45 MiB smaller so); its frames would read `dist/daemon.js:1:345678`. Node's
 * --enable-source-maps would read and parse the 2 MB map at start and keep it; here the map is
 * read only when a stack with a frame of the bundle is formatted, and dropped again after a
 * minute without one. Every other frame reads as Node writes it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as Module from 'node:module';

/** How long a parsed map is kept after the last stack that needed it. */
const KEEP_MAP_MS = 60_000;

/** A map bigger than this is not the build's (2 MB): parsing it would stall the daemon, so stacks stay unmapped. */
const MAX_MAP_BYTES = 16 * 1024 * 1024;

/** V8's call site, which also formats itself as a frame line (what Node prints after `at `). */
interface Frame extends NodeJS.CallSite {
  toString(): string;
}

interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Formats every stack of this thread as Node does (`Name: message` and `    at ...` lines), with
 * the frames in `bundleFile` mapped through `bundleFile.map`. Does nothing when Node maps stacks
 * itself (--enable-source-maps) or when the map is not there (a frame then reads as before).
 */
export function mapBundleStacks(bundleFile: string): void {
  if (process.sourceMapsEnabled) return;
  const mapFile = `${bundleFile}.map`;
  let map: Module.SourceMap | null | undefined;
  let drop: NodeJS.Timeout | undefined;
  const sourceMap = (): Module.SourceMap | null => {
    if (drop !== undefined) drop.refresh();
    else {
      drop = setTimeout(() => {
        map = undefined;
        drop = undefined;
      }, KEEP_MAP_MS);
      drop.unref();
    }
    if (map !== undefined) return map;
    try {
      if (statSync(mapFile).size > MAX_MAP_BYTES) throw new RangeError('map too big');
      const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as Module.SourceMapPayload;
      // The sources' text is for debuggers; a frame needs only positions.
      delete (payload as Partial<Module.SourceMapPayload>).sourcesContent;
      // Required here, not imported: `node:module` also loads Node's ES module loader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { SourceMap } = require('node:module') as typeof Module;
      map = new SourceMap(payload);
    } catch {
      map = null;
    }
    return map;
  };
  const original = (site: Frame): Position | null => {
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (line === null || column === null) return null;
    const m = sourceMap();
    if (m === null) return null;
    const e = m.findEntry(line - 1, column - 1) as Partial<Module.SourceMapping>;
    if (e.originalSource === undefined || e.originalLine === undefined || e.originalColumn === undefined) return null;
    const file = e.originalSource.startsWith('file://')
      ? new URL(e.originalSource).pathname
      : path.resolve(path.dirname(mapFile), e.originalSource);
    return { file, line: e.originalLine + 1, column: e.originalColumn + 1 };
  };
  const frameText = (site: Frame): string => {
    const text = site.toString();
    if (site.getFileName() !== bundleFile) return text;
    const where = `${bundleFile}:${site.getLineNumber()}:${site.getColumnNumber()}`;
    const at = text.lastIndexOf(where);
    const o = at < 0 ? null : original(site);
    return o === null ? text : `${text.slice(0, at)}${o.file}:${o.line}:${o.column}${text.slice(at + where.length)}`;
  };
  Error.prepareStackTrace = (error: Error, sites: Frame[]): string => {
    // As Node's own formatting: the error's toString(), then one line per frame.
    const head = Error.prototype.toString.call(error);
    return sites.length === 0 ? head : `${head}\n    at ${sites.map(frameText).join('\n    at ')}`;
  };
}
