/**
 * Persistence of the Director in the daemon's private folder: the record of loaded sources
 * (`director-state.json`, rewritten atomically: written, fsynced, renamed, folder fsynced), the
 * daemon's own verified copy of every loaded source (`sources/<hash>.tls`, content-addressed, the
 * only files a restore reads), the boot the record was last started in (`boot-id`), and the
 * append-only audit log (`audit.log`, one JSON object per line, fsynced per entry).
 */
import { readdir, readFile, unlink, open } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import type { DirectorRecord } from './core/record';
import { parseRecord } from './core/record';
import type { AuditEntry } from './core/types';
import { DirectorOpError } from './director-error';
import type { PackageFacts } from './package-facts';
import { packageFactsOf, readPackage } from './package-facts';
import { messageOf } from '../protocol/caught';

export const RECORD_FILE = 'director-state.json';
export const AUDIT_FILE = 'audit.log';
export const COPIES_DIR = 'sources';
export const BOOT_ID_FILE = 'boot-id';

/** A source hash as a file name: hashes are hex or base64url digests; anything else is refused. */
const SAFE_HASH = /^[A-Za-z0-9_-]{8,128}$/;

export class DirectorStore {
  readonly recordFile: string;
  readonly auditFile: string;
  readonly copiesDir: string;
  readonly bootIdFile: string;
  private writing: Promise<void> = Promise.resolve();
  private auditing: Promise<void> = Promise.resolve();

  constructor(readonly privateDir: string) {
    this.recordFile = path.join(privateDir, RECORD_FILE);
    this.auditFile = path.join(privateDir, AUDIT_FILE);
    this.copiesDir = path.join(privateDir, COPIES_DIR);
    this.bootIdFile = path.join(privateDir, BOOT_ID_FILE);
  }

  /** The record, or null when there is none yet. Throws DIRECTOR_RECORD_DAMAGED for a bad one. */
  async readRecord(): Promise<DirectorRecord | null> {
    let text: string;
    try {
      text = await readFile(this.recordFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DirectorOpError('DIRECTOR_RECORD_DAMAGED', `cannot read ${this.recordFile}: ${messageOf(e)}`, {
        cause: e,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new DirectorOpError(
        'DIRECTOR_RECORD_DAMAGED',
        `${this.recordFile} is not valid JSON (${messageOf(e)}); move it away and load the sources again`,
      );
    }
    const record = parseRecord(value);
    if (!record)
      throw new DirectorOpError(
        'DIRECTOR_RECORD_DAMAGED',
        `${this.recordFile} is not a Director record of this version; move it away and load the sources again`,
      );
    return record;
  }

  /**
   * Write the record atomically; resolves once it is on disk, rejects when it is not (the old
   * record is then intact). Writes are serialised; a failed one does not block the next.
   */
  writeRecord(record: DirectorRecord): Promise<void> {
    const text = `${JSON.stringify(record, null, 1)}\n`;
    const run = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.recordFile, text, 0o600));
    this.writing = run;
    return run;
  }

  /** Where the daemon keeps its copy of source `hash`. */
  copyPath(hash: string): string {
    if (!SAFE_HASH.test(hash))
      throw new DirectorOpError('DIRECTOR_INTERNAL', `a source hash "${hash}" cannot name a file`);
    return path.join(this.copiesDir, `${hash}.tls`);
  }

  /** Keep a verified source's bytes (atomically, fsynced); an existing copy is content-addressed, so kept. */
  async writeCopy(hash: string, bytes: Uint8Array): Promise<void> {
    const file = this.copyPath(hash);
    const existing = await open(file, 'r').catch(() => undefined);
    if (existing) {
      const size = (await existing.stat()).size;
      await existing.close();
      if (size === bytes.byteLength) return;
    }
    await writeFileAtomic(file, bytes, 0o600);
  }

  async readCopy(hash: string): Promise<Uint8Array> {
    return readFile(this.copyPath(hash));
  }

  /**
   * The bytes a restore loads: the daemon's copy, only. A record written before copies existed
   * (`legacy`) falls back to the recorded file, once (the copy is written when it loads).
   */
  async readRestoreCopy(
    hash: string,
    file: string,
    legacy: boolean,
    warn: (text: string) => void,
  ): Promise<PackageFacts> {
    try {
      return packageFactsOf(await this.readCopy(hash));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (!legacy)
        throw new DirectorOpError(
          'DIRECTOR_RESTORE_MISMATCH',
          `the daemon's copy of source ${hash} (${this.copyPath(hash)}) is missing; it cannot be restored`,
        );
      warn(`no copy of ${hash} yet (a record of an older version): reading ${file}`);
    }
    return readPackage(file);
  }

  async removeCopy(hash: string): Promise<void> {
    await unlink(this.copyPath(hash)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /** Remove every copy not in `keep` (left by a crash between writing a copy and the record). */
  async dropCopiesExcept(keep: ReadonlySet<string>): Promise<string[]> {
    const names = await readdir(this.copiesDir).catch(() => [] as string[]);
    const dropped: string[] = [];
    for (const name of names) {
      const hash = name.endsWith('.tls') ? name.slice(0, -4) : null;
      if (hash !== null && keep.has(hash)) continue;
      await unlink(path.join(this.copiesDir, name)).catch(() => undefined);
      dropped.push(name);
    }
    return dropped;
  }

  /** The boot id the daemon last started in, or null. */
  async readBootId(): Promise<string | null> {
    return (await readFile(this.bootIdFile, 'utf8').catch(() => '')).trim() || null;
  }

  async writeBootId(bootId: string): Promise<void> {
    await writeFileAtomic(this.bootIdFile, `${bootId}\n`, 0o600);
  }

  /** Append one entry and flush it to disk: the log is only ever appended to, in order. */
  appendAudit(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const run = this.auditing
      .catch(() => undefined)
      .then(async () => {
        const h = await open(this.auditFile, 'a', 0o600);
        try {
          await h.appendFile(line);
          await h.sync();
        } finally {
          await h.close();
        }
      });
    this.auditing = run;
    return run;
  }

  /** Wait for pending record writes (shutdown, tests). */
  async flush(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.auditing.catch(() => undefined);
  }
}
