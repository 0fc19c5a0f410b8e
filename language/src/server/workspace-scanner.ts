/**
 * The Node side of actor-path checking: finds the .ts/.js modules under a TLI's folder (the
 * sources root, as gensrc reads it: `foo.fooactor` is `<tli dir>/foo/fooactor.ts`) and which
 * exported classes extend Actor. Results are cached per root; a file is re-read only when its
 * mtime or size changed, and a root is re-listed when told of a change or after `maxAgeMs`.
 */
import fg from 'fast-glob';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActorModule } from '../service';
import { actorClasses, scanSource, type FileScan } from './actor-classes';

const PATTERNS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'];
const IGNORE = ['**/node_modules/**', '**/*.d.ts', '**/.git/**', '**/out/**', '**/dist/**', '**/.vscode-test/**'];

interface FileEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly scan: FileScan;
}

interface RootEntry {
  at: number;
  modules: readonly ActorModule[];
  stale: boolean;
}

export interface ScannerOptions {
  /** Stop listing after this many files (a TLI at the top of a huge tree). */
  readonly maxFiles?: number;
  /** Re-list a root when its result is older than this, even without a change notice. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export class WorkspaceScanner {
  private readonly files = new Map<string, FileEntry>();
  private readonly roots = new Map<string, RootEntry>();
  private readonly pending = new Map<string, Promise<readonly ActorModule[]>>();
  private readonly maxFiles: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: ScannerOptions = {}) {
    this.maxFiles = options.maxFiles ?? 5000;
    this.maxAgeMs = options.maxAgeMs ?? 3000;
    this.now = options.now ?? Date.now;
  }

  /** The actor modules around the TLI file `tliPath`. */
  async modulesFor(tliPath: string): Promise<readonly ActorModule[]> {
    const root = path.dirname(path.resolve(tliPath));
    const cached = this.roots.get(root);
    if (cached && !cached.stale && this.now() - cached.at < this.maxAgeMs) return cached.modules;
    let p = this.pending.get(root);
    if (!p) {
      p = this.scanRoot(root).finally(() => this.pending.delete(root));
      this.pending.set(root, p);
    }
    return p;
  }

  /** A source file changed, appeared or went: rescan the roots that hold it. */
  invalidate(file: string): void {
    const abs = path.resolve(file);
    this.files.delete(abs);
    for (const [root, entry] of this.roots) if (abs.startsWith(root + path.sep)) entry.stale = true;
  }

  private async scanRoot(root: string): Promise<readonly ActorModule[]> {
    const entries = await fg(PATTERNS, {
      cwd: root,
      ignore: IGNORE,
      stats: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      onlyFiles: true,
      deep: 12,
    });
    const scans = new Map<string, FileScan>();
    const where = new Map<string, string>();
    for (const e of entries.slice(0, this.maxFiles)) {
      const module = e.path
        .replace(/\.(d\.)?[cm]?[tj]sx?$/, '')
        .split('/')
        .join('.');
      // A .ts and its compiled .js are one module; the first seen (sorted: .js after .cjs ...) is kept.
      if (scans.has(module) && !/\.tsx?$/.test(e.path)) continue;
      const abs = path.join(root, e.path);
      const st = e.stats;
      let entry = this.files.get(abs);
      if (!entry || !st || entry.mtimeMs !== st.mtimeMs || entry.size !== st.size) {
        let text: string;
        try {
          text = await readFile(abs, 'utf8');
        } catch {
          continue;
        }
        entry = { mtimeMs: st?.mtimeMs ?? 0, size: st?.size ?? 0, scan: scanSource(text) };
        this.files.set(abs, entry);
      }
      scans.set(module, entry.scan);
      where.set(module, e.path);
    }
    const classes = actorClasses(scans);
    const modules: ActorModule[] = [...classes].map(([module, cls]) => ({
      module,
      classes: cls,
      file: where.get(module) ?? module,
    }));
    // As the loader resolves `foo` to foo/index.js, a folder's index module is also the folder.
    for (const m of [...modules]) {
      const folder = m.module.endsWith('.index') ? m.module.slice(0, -'.index'.length) : '';
      if (folder !== '' && !classes.has(folder)) modules.push({ ...m, module: folder });
    }
    modules.sort((a, b) => a.module.localeCompare(b.module));
    this.roots.set(root, { at: this.now(), modules, stale: false });
    return modules;
  }
}
