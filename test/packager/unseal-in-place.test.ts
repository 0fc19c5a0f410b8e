import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decodeTls, encodeTls, originalPieces, UNSEAL_ROOM } from '../../runtime/src/protocol/package-format';
import { readPackageFileSync } from '../../runtime/src/authority/verify-package';
import { fooPackage } from '../runtime/fixtures';
import { tempDir } from './helpers';

async function sealed(): Promise<{ zip: Uint8Array; tls: Uint8Array }> {
  const zip = await fooPackage('UNSEAL:', { 'foo/filler.bin': new Uint8Array(70_000).fill(7) });
  // decodeTls checks the framing only: any statement and signature bytes do.
  return { zip, tls: encodeTls({ statementBytes: Buffer.from('{"s":1}'), signature: Buffer.alloc(64, 1), zip }) };
}

test('decodeTls in place restores the same ZIP inside the package buffer when there is room after it', async () => {
  const { zip, tls } = await sealed();
  const roomy = new Uint8Array(tls.length + UNSEAL_ROOM);
  roomy.set(tls);
  const bytes = roomy.subarray(0, tls.length);
  const parts = decodeTls(bytes, true);
  assert.deepEqual(Buffer.from(parts.zip), Buffer.from(zip));
  assert.equal(parts.zip.buffer, roomy.buffer, 'the ZIP was copied, not restored in place');
  assert.deepEqual(Buffer.from(parts.statementBytes), Buffer.from('{"s":1}'));
});

test('decodeTls copies as before without room or without inPlace, and leaves the bytes as they were', async () => {
  const { zip, tls } = await sealed();
  const exact = Uint8Array.from(tls);
  const a = decodeTls(exact, true);
  assert.deepEqual(Buffer.from(a.zip), Buffer.from(zip));
  assert.notEqual(a.zip.buffer, exact.buffer);
  assert.deepEqual(Buffer.from(exact), Buffer.from(tls));
  const roomy = new Uint8Array(tls.length + UNSEAL_ROOM);
  roomy.set(tls);
  const b = decodeTls(roomy.subarray(0, tls.length));
  assert.deepEqual(Buffer.from(b.zip), Buffer.from(zip));
  assert.deepEqual(Buffer.from(roomy.subarray(0, tls.length)), Buffer.from(tls));
});

test('readPackageFileSync returns the file with room after it, in its own buffer', async (t) => {
  const { zip, tls } = await sealed();
  const file = path.join(tempDir(t), 'foo-1.0.tls');
  writeFileSync(file, tls);
  const bytes = readPackageFileSync(file);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(tls));
  assert.ok(bytes.byteOffset + bytes.length + UNSEAL_ROOM <= bytes.buffer.byteLength);
  assert.deepEqual(Buffer.from(decodeTls(bytes, true).zip), Buffer.from(zip));
});

test('the source hash of a package decoded in place is still that of the file as read', async () => {
  const { tls } = await sealed();
  const roomy = new Uint8Array(tls.length + UNSEAL_ROOM);
  roomy.set(tls);
  const bytes = roomy.subarray(0, tls.length);
  decodeTls(bytes, true);
  assert.notDeepEqual(Buffer.from(bytes), Buffer.from(tls), 'the bytes were not reused');
  const h = createHash('sha256');
  for (const p of originalPieces(bytes)) h.update(p);
  assert.equal(h.digest('hex'), createHash('sha256').update(tls).digest('hex'));
  assert.deepEqual(originalPieces(tls), [tls]);
});
