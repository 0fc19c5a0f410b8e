import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { DirectorError } from '../../runtime/src/protocol/errors';
import { generateKeyPair } from '../../packager/src/keygen/generate-key-pair';
import { listing, run, tempDir } from './helpers';
import { workspace } from './fixtures';

test('keygen writes NAME.pem (0600) here and NAME_tls.key into the director dir, Ed25519 by default', async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'newdir');
  const r = await run('keygen', ['signer'], dir, root);
  assert.match(
    r.out,
    /^Wrote private key .*signer\.pem\nWrote public key .*signer_tls\.key\nKey id [0-9a-f]{32} \(ed25519\)\n$/,
  );
  assert.equal(statSync(path.join(root, 'signer.pem')).mode & 0o777, 0o600);
  assert.match(readFileSync(path.join(dir, 'signer_tls.key'), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
  assert.equal(createPrivateKey(readFileSync(path.join(root, 'signer.pem'))).asymmetricKeyType, 'ed25519');
});

test('keygen rsa makes a 3072-bit key by default and accepts BITS; below 2048 is refused', async (t) => {
  const root = tempDir(t);
  const r = await generateKeyPair({ name: 'r', type: 'rsa', cwd: root, directorDir: root });
  assert.equal(createPrivateKey(readFileSync(r.privateKeyFile)).asymmetricKeyDetails?.modulusLength, 3072);
  const r2 = await run('keygen', ['sub/r2', 'rsa', '2048'], root, root);
  assert.match(r2.out, /2048 bits/);
  assert.ok(listing(path.join(root, 'sub')).includes('r2.pem'), "the private key goes where NAME's path says");
  await assert.rejects(
    run('keygen', ['weak', 'rsa', '1024'], root, root),
    (e: DirectorError) => e.code === 'KEYGEN_BAD_TYPE',
  );
  await assert.rejects(run('keygen', ['x', 'dsa'], root, root), (e: DirectorError) => e.code === 'KEYGEN_BAD_TYPE');
});

test('keygen never overwrites a key file, and leaves no half pair behind', async (t) => {
  const root = tempDir(t);
  writeFileSync(path.join(root, 'taken.pem'), 'old');
  await assert.rejects(run('keygen', ['taken'], root, root), (e: DirectorError) => e.code === 'KEY_EXISTS');
  assert.equal(readFileSync(path.join(root, 'taken.pem'), 'utf8'), 'old');
  const dir = path.join(root, 'dir');
  await run('keygen', ['other'], dir, root);
  writeFileSync(path.join(root, 'pubtaken_tls.key'), 'x');
  const d2 = path.join(root, 'd2');
  await run('keygen', ['seed'], d2, root);
  writeFileSync(path.join(d2, 'pub_tls.key'), 'old public');
  await assert.rejects(run('keygen', ['pub'], d2, root), (e: DirectorError) => e.code === 'KEY_EXISTS');
  assert.ok(!listing(root).includes('pub.pem'), 'the private key written first was removed again');
  assert.ok(!listing(d2).some((f) => f.endsWith('.tmp')) && !listing(root).some((f) => f.endsWith('.tmp')));
});

test('a keygen key signs packages that tlsinfo validates', async (t) => {
  const w = workspace(t);
  await run('keygen', ['mine'], w.dir, w.root);
  await run('gensrc', ['foo', 'mine.pem', 'proj', 'version:1', 'foo/**'], w.dir, w.root);
  const r = await run('tlsinfo', ['foo-1.tls'], w.dir, w.root);
  assert.match(r.out, /loadable with key .*mine_tls\.key/);
});
