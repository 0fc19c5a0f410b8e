// gensrc's ZIP is built while its members are still being compiled (packager/src/gensrc/zip-writer.ts):
// members arrive in any order, go in by name, and the bytes never depend on the arrival order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readPackageEntries } from '../../runtime/src/authority/verify-package';
import { ZipBuilder, type ZipInput } from '../../packager/src/gensrc/zip-writer';

const mtime = new Date(2024, 4, 1, 12, 0, 0);
const member = (name: string, data: Uint8Array): ZipInput => ({ name, data, mtime });

const MEMBERS: readonly ZipInput[] = [
  member('foo/a.js', Buffer.from('exports.a = 1;\n'.repeat(400))),
  member('foo/b.bin', randomBytes(100 * 1024)),
  member('foo/c.js', Buffer.from('exports.c = 1;\n'.repeat(270))),
  member('foo/d/e.js', Buffer.from('module.exports = "e";\n'.repeat(50))),
];

/** name -> compression method (0 stored, 8 deflated), from the central directory. */
function methods(zip: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  const eocd = zip.lastIndexOf(Buffer.of(0x50, 0x4b, 0x05, 0x06));
  let at = zip.readUInt32LE(eocd + 16);
  while (zip.readUInt32LE(at) === 0x02014b50) {
    const nameLength = zip.readUInt16LE(at + 28);
    out.set(zip.toString('utf8', at + 46, at + 46 + nameLength), zip.readUInt16LE(at + 10));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

function built(expectFirst: boolean, arrivals: readonly ZipInput[], names = MEMBERS.map((m) => m.name)): ZipBuilder {
  const zip = new ZipBuilder();
  if (expectFirst) zip.expect(names);
  for (const m of arrivals) zip.put(m);
  if (!expectFirst) zip.expect(names);
  return zip;
}

test('the ZIP is the same bytes whatever order its members arrive in, and whenever their names are given', async () => {
  const inOrder = await built(true, MEMBERS).finish();
  const reversed = await built(true, [...MEMBERS].reverse()).finish();
  const namesLast = await built(false, [MEMBERS[2], MEMBERS[0], MEMBERS[3], MEMBERS[1]]).finish();
  assert.ok(inOrder.equals(reversed));
  assert.ok(inOrder.equals(namesLast));
  const entries = await readPackageEntries(inOrder);
  assert.deepEqual([...entries.keys()], ['foo/a.js', 'foo/b.bin', 'foo/c.js', 'foo/d/e.js']);
  for (const m of MEMBERS) assert.ok(Buffer.from(m.data).equals(Buffer.from(entries.get(m.name) ?? [])), m.name);
});

test('what shrinks is deflated; random bytes and files of 4 KiB or less are stored; each reads back as it was', async () => {
  const zip = await built(true, MEMBERS).finish();
  assert.deepEqual(
    methods(zip),
    new Map([
      ['foo/a.js', 8],
      ['foo/b.bin', 0],
      ['foo/c.js', 0],
      ['foo/d/e.js', 0],
    ]),
  );
  assert.ok(
    zip.length < 100 * 1024 + 4050 + 1100 + 2000,
    `${zip.length} bytes: the text members over 4 KiB were deflated`,
  );
});

test('a name left out does not hold back the names after it, and is not in the ZIP', async () => {
  const zip = new ZipBuilder();
  zip.expect([...MEMBERS.map((m) => m.name), 'foo/a.js.map']);
  for (const m of MEMBERS) zip.put(m);
  zip.leaveOut('foo/a.js.map');
  const bytes = await zip.finish();
  assert.ok(bytes.equals(await built(true, MEMBERS).finish()));
});

test('finish before every expected member arrived rejects and names the first one missing', async () => {
  const zip = built(true, [MEMBERS[0], MEMBERS[3]]);
  await assert.rejects(zip.finish(), /foo\/b\.bin never arrived/);
});

test('a name the ZIP library refuses fails finish, not the compile that handed it over', async () => {
  const zip = new ZipBuilder();
  zip.expect(['/abs.js', 'foo/a.js']);
  assert.doesNotThrow(() => zip.put(member('/abs.js', Buffer.from('x'))));
  zip.put(MEMBERS[0]);
  await assert.rejects(zip.finish(), /absolute path/);
});
