// gensrc's zip writer must write the bytes gensrc wrote with yazl 3 (same inputs, same clock, same
// package): the reference below is the yazl-based writer it replaced, kept here verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { readPackageEntries } from '../../runtime/src/authority/verify-package';
import { startMember, writeZip, type ZipInput } from '../../packager/src/gensrc/zip-writer';

const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 2);

function yazlWorthCompressing(data: Uint8Array): boolean {
  if (data.length <= 256) return false;
  if (data.length <= 64 * 1024) return true;
  const sample = data.subarray(0, 64 * 1024);
  return deflateRawSync(sample, { level: 1 }).length < 0.9 * sample.length;
}

/** The writer gensrc used up to round 4. */
async function yazlZip(entries: readonly ZipInput[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of sorted) {
    const mtime = e.mtime < ZIP_EPOCH ? ZIP_EPOCH : e.mtime;
    const level = !yazlWorthCompressing(e.data) ? 0 : e.data.length > 256 * 1024 ? 1 : 6;
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

function text(bytes: number, seed: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = `exports.v${seed}_${i} = ${JSON.stringify(`value ${i % 97} of ${seed}`)};\n`;
    lines.push(l);
    n += l.length;
  }
  return Buffer.from(lines.join('').slice(0, bytes));
}

const when = new Date(2026, 5, 7, 13, 45, 31); // odd seconds: DOS time keeps even ones

const cases: { readonly name: string; readonly entries: ZipInput[] }[] = [
  { name: 'one empty member', entries: [{ name: 'a.js', data: Buffer.alloc(0), mtime: when }] },
  {
    name: 'stored, level 6 (small and large) and level 1 members, unsorted, non-ASCII names',
    entries: [
      { name: 'z/big.js', data: text(700 * 1024, 1), mtime: when },
      { name: 'app/small.js', data: text(200, 2), mtime: when },
      { name: 'app/mid.js', data: text(40 * 1024, 3), mtime: when }, // level 6, deflated at once
      { name: 'app/large.js', data: text(150 * 1024, 8), mtime: when }, // level 6, in the thread pool
      { name: 'app/ünïcødé-名前.js', data: text(3000, 4), mtime: when },
      { name: 'app/random.bin', data: randomBytes(300 * 1024), mtime: when },
      { name: 'app/random-small.bin', data: randomBytes(5000), mtime: when },
    ],
  },
  {
    name: 'times before 1980 and far ahead',
    entries: [
      { name: 'old.js', data: text(1000, 5), mtime: new Date(1970, 0, 1) },
      { name: 'new.js', data: text(1000, 6), mtime: new Date(2099, 11, 31, 23, 59, 59) },
      { name: 'epoch.js', data: text(1000, 7), mtime: new Date(1980, 0, 1) },
    ],
  },
  {
    name: 'many members',
    entries: Array.from({ length: 300 }, (_, i) => ({ name: `m/f${i}.js`, data: text(100 + i * 37, i), mtime: when })),
  },
];

for (const c of cases) {
  test(`the zip is byte for byte the one yazl wrote: ${c.name}`, async () => {
    const ours = await writeZip(c.entries);
    assert.ok(ours.equals(await yazlZip(c.entries)), 'the archives differ');
    // Members prepared early (as gensrc does while it compiles) give the same archive.
    assert.ok((await writeZip(c.entries.map((e) => startMember(e)))).equals(ours));
    const read = await readPackageEntries(ours);
    assert.deepEqual([...read.keys()].sort(), c.entries.map((e) => e.name).sort());
    for (const e of c.entries) assert.ok(Buffer.from(read.get(e.name) ?? []).equals(Buffer.from(e.data)), e.name);
  });
}

test('a name yazl would refuse or rewrite is refused', async () => {
  for (const name of ['/abs.js', 'a/../b.js', 'a\\b.js', 'dir/', 'C:x.js', ''])
    await assert.rejects(writeZip([{ name, data: Buffer.from('x'), mtime: when }]), /zip-writer/, name);
});
