import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorityError } from '../../runtime/src/protocol/package-codes';
import { readPackageEntries } from '../../runtime/src/authority/verify-package';
import { DEFAULT_EXTRACTION_LIMITS, entryNameProblem } from '../../runtime/src/protocol/safe-entries';
import { DirectorError } from '../../runtime/src/protocol/errors';
import { rawZip, run, type RawEntry } from './helpers';
import { sealRaw, workspace } from './fixtures';

const file = (name: string, data = 'x'): RawEntry => ({ name, data: Buffer.from(data) });

async function refusedWith(entries: RawEntry[], code: string): Promise<AuthorityError> {
  let caught: unknown;
  await readPackageEntries(rawZip(entries)).catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof AuthorityError, `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code);
  return caught;
}

test('entry names with .., absolute paths, backslashes and drive letters are refused', async () => {
  for (const name of ['../x', 'a/../../x', '/etc/x', 'a\\b', 'C:/x', 'c:x', 'a//b', './a']) {
    const e = await refusedWith([file('ok.js'), file(name)], 'ENTRY_UNSAFE_NAME');
    assert.equal(e.exitCode, 12);
    assert.ok(e.message.includes(JSON.stringify(name)), e.message);
  }
  assert.equal(entryNameProblem('foo/sub/bar.js'), undefined);
  assert.equal(entryNameProblem('foo/'), undefined);
});

test('a name given twice is refused', async () => {
  await refusedWith([file('a.js'), file('b.js'), file('a.js')], 'ENTRY_DUPLICATE');
});

test('a symbolic link entry is refused', async () => {
  await refusedWith(
    [file('a.js'), { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }],
    'ENTRY_SYMLINK',
  );
});

test('a zip bomb (huge ratio) is refused with its own code', async () => {
  const e = await refusedWith([{ name: 'bomb.txt', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }], 'ZIP_BOMB');
  assert.match(e.message, /zip bomb/);
});

test('an entry that inflates past its declared size is refused as a zip bomb', async () => {
  await refusedWith(
    [{ name: 'liar.txt', data: Buffer.alloc(200_000, 0x61), deflate: true, declaredSize: 100 }],
    'ZIP_BOMB',
  );
});

test('entry count and unpacked size caps apply and are configurable', async () => {
  const many = Array.from({ length: 5 }, (_, i) => file(`f${i}.js`));
  await assert.rejects(
    readPackageEntries(rawZip(many), { ...DEFAULT_EXTRACTION_LIMITS, maxEntries: 4 }),
    (e: AuthorityError) => e.code === 'ENTRY_TOO_MANY',
  );
  assert.equal((await readPackageEntries(rawZip(many), { ...DEFAULT_EXTRACTION_LIMITS, maxEntries: 5 })).size, 5);
  const big = [file('a.js', 'x'.repeat(600)), file('b.js', 'y'.repeat(600))];
  await assert.rejects(
    readPackageEntries(rawZip(big), { ...DEFAULT_EXTRACTION_LIMITS, maxTotalBytes: 1000 }),
    (e: AuthorityError) => e.code === 'ENTRY_TOO_LARGE',
  );
});

test('a member whose CRC does not match is damaged: exit 6 as the original', async () => {
  const e = await refusedWith([{ name: 'a.js', data: Buffer.from('hello'), crc: 1234 }], 'ENTRY_DAMAGED');
  assert.equal(e.exitCode, 6);
  assert.match(e.message, /^Bad file in verified zipfile: a\.js/);
});

test('safe entries come back name to bytes, directory entries dropped', async () => {
  const m = await readPackageEntries(
    rawZip([
      { name: 'foo/', data: Buffer.alloc(0), mode: 0o40755 },
      file('foo/a.js', 'A'),
      { name: 'foo/b.txt', data: Buffer.from('B'.repeat(1000)), deflate: true },
    ]),
  );
  assert.deepEqual([...m.keys()], ['foo/a.js', 'foo/b.txt']);
  assert.equal(Buffer.from(m.get('foo/b.txt')!).toString(), 'B'.repeat(1000));
});

test('tlsinfo refuses a correctly signed package holding an unsafe entry, exit 12', async (t) => {
  const w = workspace(t);
  await sealRaw(w, rawZip([file('foo/a.js'), file('../evil.js')]), '1');
  let caught: unknown;
  await run('tlsinfo', ['foo-1.tls'], w.dir, w.root).catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof DirectorError);
  assert.equal(caught.code, 'ENTRY_UNSAFE_NAME');
  assert.equal(caught.exitCode, 12);
});
