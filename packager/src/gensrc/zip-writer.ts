/**
 * Write a ZIP into memory with yazl: names sorted, times clamped to ZIP's 1980 floor, each member
 * deflated or stored by what it gains. The ZIP is built while its members are still being made:
 * yazl starts a member's deflate (in zlib's thread pool) when the member is added, so each one
 * added as soon as it and every name before it are ready is deflated while the rest still compile.
 */
import yazl from 'yazl';
import { deflateRawSync } from 'node:zlib';

export interface ZipInput {
  readonly name: string;
  readonly data: Uint8Array;
  readonly mtime: Date;
}

const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 2);
const SAMPLE = 64 * 1024;
const FAST_ABOVE = 256 * 1024;

/** Members up to this size are stored: see worthCompressing. */
const SMALL = 4 * 1024;

/**
 * Deflate only what pays. A member of 4 KiB or less saves at most a few KiB deflated but costs
 * yazl a zlib stream of its own, ~0.35 ms of this thread's CPU each (the bench's 51 compiled
 * sources of 1.2 KiB: 18 ms of the command's CPU for 35 KB, 5.7 % of its package). Data that is
 * already compressed or random (a sample of it does not shrink by 10 %) is stored too. A stored
 * member is also read back at load without inflating.
 */
function worthCompressing(data: Uint8Array): boolean {
  if (data.length <= SMALL) return false;
  if (data.length <= SAMPLE) return true;
  const sample = data.subarray(0, SAMPLE);
  return deflateRawSync(sample, { level: 1 }).length < 0.9 * sample.length;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A ZIP whose members arrive in any order. `expect` names them all (once known); from then on each
 * member goes into the ZIP, in name order, as soon as every name before it has arrived or been
 * left out, so the bytes are the same whatever order the members were ready in.
 */
export class ZipBuilder {
  private readonly zip = new yazl.ZipFile();
  private readonly bytes: Promise<Buffer>;
  /** Members that arrived and are not in the ZIP yet; null: the name is left out. */
  private readonly ready = new Map<string, ZipInput | null>();
  private order: readonly string[] | undefined;
  private next = 0;
  /** Why a member could not be added (yazl refuses some names); finish() rethrows it. */
  private failure: Error | undefined;

  constructor() {
    const chunks: Buffer[] = [];
    this.bytes = new Promise<Buffer>((resolve, reject) => {
      this.zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
      this.zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
      this.zip.outputStream.on('error', reject);
    });
    // A ZIP given up on (gensrc failed before finish) must not report an unhandled rejection.
    this.bytes.catch(() => undefined);
  }

  /** Every name the ZIP may hold (given once; duplicates count once). */
  expect(names: Iterable<string>): void {
    if (this.order !== undefined) throw new Error('ZipBuilder.expect was already called');
    this.order = [...new Set(names)].sort(byName);
    this.pump();
  }

  put(e: ZipInput): void {
    this.ready.set(e.name, e);
    this.pump();
  }

  /** An expected name that will not be in the ZIP after all. */
  leaveOut(name: string): void {
    this.ready.set(name, null);
    this.pump();
  }

  /** The ZIP, once every expected name has arrived or been left out. */
  finish(): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const order = this.order ?? [];
    if (this.next < order.length)
      return Promise.reject(new Error(`ZipBuilder.finish: ${order[this.next]} never arrived`));
    this.zip.end();
    return this.bytes;
  }

  private pump(): void {
    const order = this.order;
    if (order === undefined || this.failure !== undefined) return;
    while (this.next < order.length) {
      const name = order[this.next] ?? '';
      const e = this.ready.get(name);
      if (e === undefined) return;
      this.ready.delete(name);
      this.next++;
      if (e === null) continue;
      try {
        this.add(e);
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
        return;
      }
    }
  }

  private add(e: ZipInput): void {
    const mtime = e.mtime < ZIP_EPOCH ? ZIP_EPOCH : e.mtime;
    // Level 0 stores. Level 1 on large members: half the time of level 6 for a few % in size.
    const level = !worthCompressing(e.data) ? 0 : e.data.length > FAST_ABOVE ? 1 : 6;
    this.zip.addBuffer(Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength), e.name, {
      mtime,
      mode: 0o100644,
      compressionLevel: level,
    });
  }
}
