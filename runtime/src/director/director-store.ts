/**
 * Persistence of the Director in the daemon's private folder: the record of loaded sources
 * (`director-state.json`, rewritten atomically on every change) and the append-only audit log
 * (`audit.log`, one JSON object per line).
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import type { DirectorRecord } from './core/record';
import { parseRecord } from './core/record';
import type { AuditEntry } from './core/types';
import { DirectorOpError } from './director-error';

export const RECORD_FILE = 'director-state.json';
export const AUDIT_FILE = 'audit.log';

export class DirectorStore {
  readonly recordFile: string;
  readonly auditFile: string;
  private writing: Promise<void> = Promise.resolve();
  private latest: DirectorRecord | null = null;
  private auditing: Promise<void> = Promise.resolve();

  constructor(readonly privateDir: string) {
    this.recordFile = path.join(privateDir, RECORD_FILE);
    this.auditFile = path.join(privateDir, AUDIT_FILE);
  }

  /** The record, or null when there is none yet. Throws DIRECTOR_RECORD_DAMAGED for a bad one. */
  async readRecord(): Promise<DirectorRecord | null> {
    let text: string;
    try {
      text = await readFile(this.recordFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DirectorOpError('DIRECTOR_RECORD_DAMAGED', `cannot read ${this.recordFile}: ${(e as Error).message}`, { cause: e });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new DirectorOpError('DIRECTOR_RECORD_DAMAGED', `${this.recordFile} is not valid JSON (${(e as Error).message}); move it away and load the sources again`);
    }
    const record = parseRecord(value);
    if (!record) throw new DirectorOpError('DIRECTOR_RECORD_DAMAGED', `${this.recordFile} is not a Director record of this version; move it away and load the sources again`);
    return record;
  }

  /**
   * Write the record atomically. Writes are serialised and coalesced: when several changes come
   * while one write runs, only the latest record is written next.
   */
  writeRecord(record: DirectorRecord): Promise<void> {
    const first = this.latest === null;
    this.latest = record;
    if (!first) return this.writing;
    this.writing = this.writing.then(async () => {
      const r = this.latest;
      this.latest = null;
      if (r) await writeFileAtomic(this.recordFile, `${JSON.stringify(r, null, 1)}\n`, 0o600);
    });
    return this.writing;
  }

  /** Append one entry and flush it to disk: the log is only ever appended to, in order. */
  appendAudit(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    this.auditing = this.auditing.then(async () => {
      const h = await open(this.auditFile, 'a', 0o600);
      try {
        await h.appendFile(line);
        await h.sync();
      } finally {
        await h.close();
      }
    });
    return this.auditing;
  }

  /** Wait for pending record writes (shutdown, tests). */
  async flush(): Promise<void> {
    await this.writing;
    await this.auditing.catch(() => undefined);
  }
}
