/**
 * Write a ZIP into memory: deflated, names sorted, times clamped to ZIP's 1980 floor.
 *
 * The bytes are those yazl 3 writes for `addBuffer` members (test/packager/zip-writer.test.ts
 * compares them byte for byte), so packages stay the same: a local header with the CRC and sizes
 * (no data descriptor), the data, then the central directory with Info-ZIP's "UT" time field.
 * Written here rather than through yazl so that a member is deflated as soon as its bytes exist
 * (startMember), while other sources are still being compiled: after the last compile only that
 * file's deflate is left, where yazl started every deflate at the end. Alone, both writers cost
 * the same (~27 ms of CPU for the bench's 1 MiB package, most of it deflating the largest file).
 */
import { crc32, deflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  readonly name: string;
  readonly data: Uint8Array;
  readonly mtime: Date;
  /** The member already being prepared (see {@link startMember}); writeZip prepares the others. */
  readonly prepared?: Promise<ZipMember>;
}

/** A member ready to be placed: its CRC and its stored or deflated bytes. */
export interface ZipMember {
  readonly name: string;
  readonly mtime: Date;
  readonly crc: number;
  readonly size: number;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  readonly body: Uint8Array;
}

const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 2);
const SAMPLE = 64 * 1024;
const FAST_ABOVE = 256 * 1024;
/** Members up to this size are deflated synchronously (see prepareMember). */
const SYNC_BELOW = 64 * 1024;
const VERSION_MADE_BY = (3 << 8) | 63; // unix, spec 6.3 (as yazl)
const VERSION_NEEDED = 20;
const UTF8_NAME = 1 << 11;
const MODE = 0o100644;
/** Above this a field would need ZIP64; checkEntries' limits (512 MiB in all) keep packages far below. */
const MAX_32 = 0xfffffffe;

/**
 * Deflate only what shrinks: small files gain nothing and cost a zlib call each, and data that
 * is already compressed or random (a sample of it does not shrink by 10 %) is stored, which also
 * makes it free to read back.
 */
function worthCompressing(data: Uint8Array): boolean {
  if (data.length <= 256) return false;
  if (data.length <= SAMPLE) return true;
  const sample = data.subarray(0, SAMPLE);
  return deflateRawSync(sample, { level: 1 }).length < 0.9 * sample.length;
}

/** Names yazl would change or refuse; checkEntries refuses them earlier, this keeps the writer honest. */
function checkName(name: string): void {
  if (name === '' || name.includes('\\') || name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.endsWith('/'))
    throw new Error(`zip-writer: cannot store the member name ${JSON.stringify(name)}`);
  if (Buffer.byteLength(name) > 0xffff) throw new Error(`zip-writer: member name too long: ${name.slice(0, 80)}...`);
  if (name.split('/').includes('..')) throw new Error(`zip-writer: invalid relative path ${JSON.stringify(name)}`);
}

/** CRC and compression of one member; the deflate runs off the main thread. */
export async function prepareMember(e: ZipInput): Promise<ZipMember> {
  checkName(e.name);
  const mtime = e.mtime < ZIP_EPOCH ? ZIP_EPOCH : e.mtime;
  // Level 0 stores. Level 1 on large members: half the time of level 6 for a few % in size.
  const level = !worthCompressing(e.data) ? 0 : e.data.length > FAST_ABOVE ? 1 : 6;
  const crc = crc32(e.data) >>> 0;
  if (level === 0) return { name: e.name, mtime, crc, size: e.data.length, method: 0, body: e.data };
  // Small members deflate here and now: an asynchronous deflate costs the main thread more than a
  // small one's whole work (a zlib stream, its ~300 KB of state reported to V8 as external memory,
  // which brings on collections: ~0.4 ms each, 20 ms for the bench's 51 files). Large ones go
  // to the thread pool. Both give the same bytes (test/packager/zip-writer.test.ts).
  const body =
    e.data.length <= SYNC_BELOW
      ? deflateRawSync(e.data, { level })
      : await new Promise<Buffer>((resolve, reject) =>
          deflateRaw(e.data, { level }, (err, out) => (err ? reject(err) : resolve(out))),
        );
  return { name: e.name, mtime, crc, size: e.data.length, method: 8, body };
}

/** DOS date and time in local time, clamped, as yazl's dateToDosDateTime. */
function dosDateTime(d: Date): { date: number; time: number } {
  const min = new Date(1980, 0, 1);
  const max = new Date(2107, 11, 31, 23, 59, 58);
  const t = d < min ? min : d > max ? max : d;
  return {
    date: (t.getDate() & 0x1f) | (((t.getMonth() + 1) & 0xf) << 5) | (((t.getFullYear() - 1980) & 0x7f) << 9),
    time: Math.floor(t.getSeconds() / 2) | ((t.getMinutes() & 0x3f) << 5) | ((t.getHours() & 0x1f) << 11),
  };
}

/** The archive of `members`, in the order given. */
export function assembleZip(members: readonly ZipMember[]): Buffer {
  const placed = members.map((m) => ({ m, name: Buffer.from(m.name, 'utf8'), ...dosDateTime(m.mtime), offset: 0 }));
  const localSize = placed.reduce((n, x) => n + 30 + x.name.length + x.m.body.length, 0);
  const centralSize = placed.reduce((n, x) => n + 46 + x.name.length + 9, 0);
  if (localSize > MAX_32 || members.length >= 0xffff)
    throw new Error(`zip-writer: ${members.length} members, ${localSize} bytes would need ZIP64`);
  const out = Buffer.alloc(localSize + centralSize + 22);
  let p = 0;
  for (const x of placed) {
    const { m, name, date, time } = x;
    x.offset = p;
    out.writeUInt32LE(0x04034b50, p);
    out.writeUInt16LE(VERSION_NEEDED, p + 4);
    out.writeUInt16LE(UTF8_NAME, p + 6);
    out.writeUInt16LE(m.method, p + 8);
    out.writeUInt16LE(time, p + 10);
    out.writeUInt16LE(date, p + 12);
    out.writeUInt32LE(m.crc, p + 14);
    out.writeUInt32LE(m.body.length, p + 18);
    out.writeUInt32LE(m.size, p + 22);
    out.writeUInt16LE(name.length, p + 26);
    out.writeUInt16LE(0, p + 28);
    name.copy(out, p + 30);
    p += 30 + name.length;
    out.set(m.body, p);
    p += m.body.length;
  }
  const centralStart = p;
  for (const { m, name, date, time, offset } of placed) {
    out.writeUInt32LE(0x02014b50, p);
    out.writeUInt16LE(VERSION_MADE_BY, p + 4);
    out.writeUInt16LE(VERSION_NEEDED, p + 6);
    out.writeUInt16LE(UTF8_NAME, p + 8);
    out.writeUInt16LE(m.method, p + 10);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    out.writeUInt32LE(m.crc, p + 16);
    out.writeUInt32LE(m.body.length, p + 20);
    out.writeUInt32LE(m.size, p + 24);
    out.writeUInt16LE(name.length, p + 28);
    out.writeUInt16LE(9, p + 30); // the "UT" field below
    out.writeUInt16LE(0, p + 32); // no comment
    out.writeUInt16LE(0, p + 34);
    out.writeUInt16LE(0, p + 36);
    out.writeUInt32LE((MODE << 16) >>> 0, p + 38);
    out.writeUInt32LE(offset, p + 42);
    name.copy(out, p + 46);
    p += 46 + name.length;
    // Info-ZIP universal time: tag "UT", 5 bytes, flags mtime|atime (as Info-ZIP and yazl), mtime in UTC seconds.
    out.writeUInt16LE(0x5455, p);
    out.writeUInt16LE(5, p + 2);
    out.writeUInt8(3, p + 4);
    out.writeInt32LE(Math.min(0x7fffffff, Math.max(-0x80000000, Math.floor(m.mtime.getTime() / 1000))), p + 5);
    p += 9;
  }
  out.writeUInt32LE(0x06054b50, p);
  out.writeUInt16LE(0, p + 4);
  out.writeUInt16LE(0, p + 6);
  out.writeUInt16LE(members.length, p + 8);
  out.writeUInt16LE(members.length, p + 10);
  out.writeUInt32LE(p - centralStart, p + 12);
  out.writeUInt32LE(centralStart, p + 16);
  out.writeUInt16LE(0, p + 20);
  return out;
}

/** Members in name order, so the archive depends on the inputs only, not on which finished first. */
export function sortMembers<T extends { readonly name: string }>(members: readonly T[]): T[] {
  return [...members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * `e` with its member being prepared from now on, so its deflate overlaps whatever comes before
 * writeZip. A failure surfaces when writeZip awaits it (never as an unhandled rejection).
 */
export function startMember<T extends ZipInput>(e: T): T & { readonly prepared: Promise<ZipMember> } {
  const prepared = prepareMember(e);
  prepared.catch(() => undefined);
  return { ...e, prepared };
}

export async function writeZip(entries: readonly ZipInput[]): Promise<Buffer> {
  return assembleZip(sortMembers(await Promise.all(entries.map((e) => e.prepared ?? prepareMember(e)))));
}
