/** Write a ZIP into memory with yazl: deflated, names sorted, times clamped to ZIP's 1980 floor. */
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

/**
 * Deflate only what shrinks: small files gain nothing and cost a zlib stream each, and data that
 * is already compressed or random (a sample of it does not shrink by 10 %) is stored, which also
 * makes it free to read back.
 */
function worthCompressing(data: Uint8Array): boolean {
  if (data.length <= 256) return false;
  if (data.length <= SAMPLE) return true;
  const sample = data.subarray(0, SAMPLE);
  return deflateRawSync(sample, { level: 1 }).length < 0.9 * sample.length;
}

export async function writeZip(entries: readonly ZipInput[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of sorted) {
    const mtime = e.mtime < ZIP_EPOCH ? ZIP_EPOCH : e.mtime;
    // Level 0 stores. Level 1 on large members: half the time of level 6 for a few % in size.
    const level = !worthCompressing(e.data) ? 0 : e.data.length > FAST_ABOVE ? 1 : 6;
    zip.addBuffer(Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength), e.name, {
      mtime,
      mode: 0o100644,
      compressionLevel: level,
    });
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  zip.end();
  return done;
}
