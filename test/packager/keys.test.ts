import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { AuthorityError } from '../../runtime/src/protocol/package-codes';
import { loadTrustedKeys, loadTrustedKeyFile } from '../../runtime/src/authority/trusted-keys';
import { loadSigningKey } from '../../packager/src/signing-key';
import { openssl, opensslEd25519, opensslRsa, tempDir } from './helpers';

test('openssl RSA 2048 and 4096 and Ed25519 keys load as made, private and public', async (t) => {
  const d = tempDir(t);
  for (const [name, bits] of [
    ['r2048', 2048],
    ['r4096', 4096],
  ] as const) {
    const priv = opensslRsa(d, name, bits, path.join(d, `${name}_tls.key`));
    const sk = await loadSigningKey(priv);
    const pk = await loadTrustedKeyFile(path.join(d, `${name}_tls.key`));
    assert.equal(sk.keyId, pk.keyId, 'private and public key have one id');
    assert.equal(sk.algorithm, 'rsa-pss-sha256');
  }
  const ed = opensslEd25519(d, 'ed', path.join(d, 'ed_tls.key'));
  const sk = await loadSigningKey(ed);
  assert.equal(sk.algorithm, 'ed25519');
  assert.equal(sk.keyId, (await loadTrustedKeyFile(path.join(d, 'ed_tls.key'))).keyId);
});

test('a traditional PKCS#1 RSA private key (openssl genrsa -traditional) loads', async (t) => {
  const d = tempDir(t);
  const key = path.join(d, 'trad.pem');
  openssl('genrsa', '-traditional', '-out', key, '2048');
  const sk = await loadSigningKey(key);
  assert.match(sk.keyId, /^[0-9a-f]{32}$/);
});

test("the guide's RSA-1024 key is refused as weak, with how to make a good key", async (t) => {
  const d = tempDir(t);
  const priv = opensslRsa(d, 'sourcekey', 1024, path.join(d, 'sourcekey_tls.key'));
  await assert.rejects(loadSigningKey(priv), (e: AuthorityError) => {
    assert.equal(e.code, 'KEY_WEAK');
    assert.equal(e.exitCode, 10);
    assert.match(e.message, /1024 bits/);
    assert.match(e.message, /director keygen/);
    assert.match(e.message, /openssl genpkey -algorithm ed25519/);
    assert.match(e.message, /openssl genrsa -out k\.pem 3072/);
    return true;
  });
  await assert.rejects(
    loadTrustedKeyFile(path.join(d, 'sourcekey_tls.key')),
    (e: AuthorityError) => e.code === 'KEY_WEAK',
  );
});

test('an RSA key with public exponent 3 is refused as weak', async (t) => {
  const d = tempDir(t);
  const priv = opensslRsa(d, 'e3', 2048, path.join(d, 'e3_tls.key'), 3);
  await assert.rejects(
    loadSigningKey(priv),
    (e: AuthorityError) => e.code === 'KEY_WEAK' && /exponent 3/.test(e.message),
  );
  await assert.rejects(loadTrustedKeyFile(path.join(d, 'e3_tls.key')), (e: AuthorityError) => e.code === 'KEY_WEAK');
});

test('an unreadable or garbage private key fails with KEY_UNREADABLE', async (t) => {
  const d = tempDir(t);
  await assert.rejects(loadSigningKey(path.join(d, 'missing.pem')), (e: AuthorityError) => e.code === 'KEY_UNREADABLE');
  writeFileSync(path.join(d, 'junk.pem'), 'not a key\n');
  await assert.rejects(
    loadSigningKey(path.join(d, 'junk.pem')),
    (e: AuthorityError) => e.code === 'KEY_UNREADABLE' && /junk\.pem/.test(e.message),
  );
});

test('an EC key is refused as unsupported', async (t) => {
  const d = tempDir(t);
  const key = path.join(d, 'ec.pem');
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key);
  await assert.rejects(loadSigningKey(key), (e: AuthorityError) => e.code === 'KEY_UNSUPPORTED');
});

test('loadTrustedKeys reports weak, garbage and private keys but keeps the good ones', async (t) => {
  const d = tempDir(t);
  opensslEd25519(d, 'good', path.join(d, 'good_tls.key'));
  opensslRsa(d, 'weak', 1024, path.join(d, 'weak_tls.key'));
  writeFileSync(path.join(d, 'junk_tls.key'), 'garbage');
  copyFileSync(path.join(d, 'good.pem'), path.join(d, 'oops_tls.key'));
  writeFileSync(path.join(d, 'notakey.txt'), 'ignored');
  const set = await loadTrustedKeys(d);
  assert.deepEqual(
    set.keys.map((k) => path.basename(k.file)),
    ['good_tls.key'],
  );
  const problems = Object.fromEntries(set.problems.map((p) => [path.basename(p.file), p.error.code]));
  assert.deepEqual(problems, {
    'junk_tls.key': 'KEY_UNREADABLE',
    'oops_tls.key': 'KEY_UNREADABLE',
    'weak_tls.key': 'KEY_WEAK',
  });
  assert.match(set.problems.find((p) => p.file.endsWith('oops_tls.key'))!.error.message, /PRIVATE key/);
  assert.match(set.problems.find((p) => p.file.endsWith('weak_tls.key'))!.keyId ?? '', /^[0-9a-f]{32}$/);
});

test('a director dir that does not exist has no keys (and is no crash)', async (t) => {
  const d = tempDir(t);
  const set = await loadTrustedKeys(path.join(d, 'nope'));
  assert.equal(set.keys.length, 0);
  assert.equal(set.problems.length, 0);
});

test('the key id is the first 32 hex of SHA-256 of the SPKI DER, as docs/packaging.md tells openssl to compute it', async (t) => {
  const d = tempDir(t);
  opensslRsa(d, 'r', 2048, path.join(d, 'r_tls.key'));
  const der = execFileSync('openssl', ['pkey', '-pubin', '-in', path.join(d, 'r_tls.key'), '-outform', 'DER']);
  const expected = createHash('sha256').update(der).digest('hex').slice(0, 32);
  assert.equal((await loadTrustedKeyFile(path.join(d, 'r_tls.key'))).keyId, expected);
});
