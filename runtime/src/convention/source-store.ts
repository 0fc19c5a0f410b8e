/**
 * The original signed bytes of the sources this system loaded, by source hash, so that a member
 * asked to create an actor from one can fetch it ("give me the original bytes of hash H").
 * Filled by the ConventionSystem's loadActorSource; for sources loaded around it (e.g. by code
 * holding the inner system) the director dir's `*.tls` files are searched by hash.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sourceHashOf } from '../util/source-hash';

export interface StoredSource {
  readonly bytes: Uint8Array;
  readonly info: string;
}

export class SourceStore {
  private readonly byHash = new Map<string, StoredSource>();
  /** By file name: { size, mtime, hash }; a file is hashed again only when it changed. */
  private readonly fileHashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

  /**
   * Off until the daemon is part of a convention: a daemon alone never needs the bytes again,
   * and keeping them would double the memory of every loaded package. Sources loaded before it
   * was switched on are found in the director dir.
   */
  keep = false;

  constructor(private readonly directorDir: string | null) {}

  remember(bytes: Uint8Array, info: string): string {
    const hash = sourceHashOf(bytes);
    if (this.keep) this.byHash.set(hash, { bytes, info });
    return hash;
  }

  forget(hash: string): void {
    this.byHash.delete(hash);
  }

  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  async get(hash: string): Promise<StoredSource | undefined> {
    const known = this.byHash.get(hash);
    if (known !== undefined) return known;
    if (this.directorDir === null) return undefined;
    let names: string[];
    try {
      names = (await readdir(this.directorDir)).filter((n) => n.endsWith('.tls'));
    } catch {
      return undefined;
    }
    for (const name of names) {
      const file = path.join(this.directorDir, name);
      try {
        const st = await stat(file);
        const cached = this.fileHashes.get(name);
        if (cached !== undefined && cached.size === st.size && cached.mtimeMs === st.mtimeMs) {
          if (cached.hash !== hash) continue;
        }
        const bytes = new Uint8Array(await readFile(file));
        const h = sourceHashOf(bytes);
        this.fileHashes.set(name, { size: st.size, mtimeMs: st.mtimeMs, hash: h });
        if (h === hash) return { bytes, info: name };
      } catch {
        // vanished or unreadable meanwhile: not this one
      }
    }
    return undefined;
  }
}
