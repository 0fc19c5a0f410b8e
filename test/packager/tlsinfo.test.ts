import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { DirectorError } from '../../runtime/src/protocol/errors';
import { keyIdOf } from '../../runtime/src/authority/keys';
import { loadSigningKey } from '../../packager/src/signing-key';
import { verifyFile } from '../../runtime/src/authority/verify-package';
import { sourceHashOf } from '../../runtime/src/util/source-hash';
import { opensslEd25519, opensslRsa, run } from './helpers';
import { build, sealRaw, workspace } from './fixtures';
import { rawZip } from './helpers';

async function tlsinfoFails(dir: string, cwd: string, args: string[]): Promise<DirectorError> {
  let caught: unknown;
  await run('tlsinfo', args, dir, cwd).catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof DirectorError, `expected a coded failure, got ${String(caught)}`);
  return caught;
}

/** Flip one byte of a file at `offset` (negative: from the end). */
function flip(file: string, offset: number): void {
  const b = readFileSync(file);
  const i = offset < 0 ? b.length + offset : offset;
  b[i] = b[i] ^ 0x01;
  writeFileSync(file, b);
}

function headerEnd(b: Buffer): number {
  let n = 0;
  let i = 0;
  while (n < 4) if (b[i++] === 0x0a) n++;
  return i;
}

test('tlsinfo validates a package found under the director dir and names the key (scenario 19)', async (t) => {
  const w = workspace(t);
  await build(w);
  const r = await run('tlsinfo', ['foo-1.0.tls'], w.dir, w.root);
  assert.equal(r.code, 0);
  assert.equal(
    r.out,
    `Validated "${path.join(w.dir, 'foo-1.0.tls')}" loadable with key ${path.join(w.dir, 'k_tls.key')}\n`,
  );
});

test('tlsinfo contents lists sizes and names; a member prints its text (scenarios 20, 21)', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const c = await run('tlsinfo', [file, 'contents'], w.dir, w.root);
  const lines = c.out.trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => l.slice(9)),
    ['foo/fooactor.js', 'foo/notes.txt'],
  );
  for (const l of lines) assert.match(l, /^ [ 0-9]{6} {2}\S/);
  assert.equal(lines[1], `     18  foo/notes.txt`);
  const m = await run('tlsinfo', [file, 'foo/notes.txt'], w.dir, w.root);
  assert.equal(m.out, 'line one\nline two\n');
  const js = await run('tlsinfo', [file, 'foo/fooactor.js'], w.dir, w.root);
  assert.match(js.out, /require\("thespian-director"\)/);
});

test('verbose tlsinfo prints the key it tries (scenario 28)', async (t) => {
  const w = workspace(t);
  await build(w);
  const r = await run('tlsinfo', ['foo-1.0.tls'], w.dir, w.root, true);
  assert.match(
    r.out,
    new RegExp(`^\\.\\.Attempting validation with key ${path.join(w.dir, 'k_tls.key').replace(/[.]/g, '\\.')}$`, 'm'),
  );
});

test('a missing file exits 4 with the original message (scenario 22)', async (t) => {
  const w = workspace(t);
  const e = await tlsinfoFails(w.dir, w.root, ['nonexist.tls']);
  assert.equal(e.code, 'TLSINFO_FILE_MISSING');
  assert.equal(e.exitCode, 4);
  assert.equal(e.message, 'The tls file "nonexist.tls" does not exist');
});

test('an unknown member exits 13 and says how to list members', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const e = await tlsinfoFails(w.dir, w.root, [file, 'foo/nope.js']);
  assert.equal(e.code, 'TLSINFO_NO_SUCH_MEMBER');
  assert.equal(e.exitCode, 13);
  assert.match(e.message, /contents/);
});

test('unzip -l cannot open a .tls', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  assert.throws(() => execFileSync('unzip', ['-l', file], { stdio: 'pipe' }));
});

test('a flipped byte in the ZIP body is refused as a digest mismatch, exit 7 (scenario 23)', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const b = readFileSync(file);
  const h = headerEnd(b);
  const [, sl, gl] = b.subarray(0, h).toString('ascii').split('\n').map(Number);
  flip(file, h + sl + gl + 10);
  const e = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
  assert.equal(e.code, 'TLS_DIGEST_MISMATCH');
  assert.equal(e.exitCode, 7);
  assert.match(e.message, /^Could not validate signature on ".*foo-1\.0\.tls"/);
});

test('a flipped byte in the signature is refused, exit 7 (scenario 24)', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const b = readFileSync(file);
  const h = headerEnd(b);
  const statementLen = Number(b.subarray(0, h).toString('ascii').split('\n')[1]);
  flip(file, h + statementLen + 5);
  const e = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
  assert.equal(e.code, 'TLS_SIGNATURE_INVALID');
  assert.equal(e.exitCode, 7);
});

test('a changed statement (the signed group/version) is refused', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const b = readFileSync(file);
  const text = b.toString('latin1').replace('"version":"1.0"', '"version":"2.0"');
  writeFileSync(path.join(w.dir, 'foo-2.0.tls'), Buffer.from(text, 'latin1'));
  const e = await tlsinfoFails(w.dir, w.root, ['foo-2.0.tls']);
  assert.equal(e.code, 'TLS_SIGNATURE_INVALID');
});

test('the EOCD offset in the header changed by one is refused, exit 7 (scenario 25)', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const b = readFileSync(file);
  const h = headerEnd(b);
  const lines = b.subarray(0, h).toString('ascii').split('\n');
  for (const delta of [1, -1]) {
    const changed = [lines[0], lines[1], lines[2], String(Number(lines[3]) + delta), ''].join('\n');
    writeFileSync(file, Buffer.concat([Buffer.from(changed, 'ascii'), b.subarray(h)]));
    const e = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
    // N is the last place the marker can go, so N+1 points past the data: truncated or altered.
    assert.equal(e.code, delta === 1 ? 'TLS_TRUNCATED' : 'TLS_DIGEST_MISMATCH');
    assert.equal(e.exitCode, 7);
  }
});

test('a truncated package is refused as truncated, wherever it is cut', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const b = readFileSync(file);
  for (const keep of [b.length - 1, b.length - 100, 70, 25]) {
    writeFileSync(file, b.subarray(0, keep));
    const e = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
    assert.ok(['TLS_TRUNCATED', 'TLS_UNSUPPORTED_FORMAT'].includes(e.code), `cut at ${keep}: ${e.code}`);
    if (keep > 30) assert.equal(e.code, 'TLS_TRUNCATED', `cut at ${keep}`);
  }
});

test('garbage, an empty file and a plain ZIP are refused as not packages', async (t) => {
  const w = workspace(t);
  const f = path.join(w.dir, 'foo-1.tls');
  for (const [bytes, pattern] of [
    [Buffer.alloc(0), /empty/],
    [Buffer.from('hello world\n'), /not a package/],
    [rawZip([{ name: 'a.js', data: Buffer.from('x') }]), /plain ZIP/],
    [Buffer.from('ThespianDirectorFMT1-sha256\n256\n60909\nPK'), /Python/],
  ] as const) {
    writeFileSync(f, bytes);
    const e = await tlsinfoFails(w.dir, w.root, ['foo-1.tls']);
    assert.equal(e.code, 'TLS_UNSUPPORTED_FORMAT');
    assert.equal(e.exitCode, 11);
    assert.match(e.message, pattern);
  }
});

test('a malformed header number is refused with TLS_MALFORMED_HEADER', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  const b = readFileSync(file);
  const h = headerEnd(b);
  const lines = b.subarray(0, h).toString('ascii').split('\n');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from([lines[0], '0x12', lines[2], lines[3], ''].join('\n')), b.subarray(h)]),
  );
  const e = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
  assert.equal(e.code, 'TLS_MALFORMED_HEADER');
  assert.equal(e.exitCode, 11);
});

test('a key that does not match, or no key at all, exits 7 (scenario 26)', async (t) => {
  const w = workspace(t);
  await build(w);
  rmSync(path.join(w.dir, 'k_tls.key'));
  const none = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
  assert.equal(none.code, 'TLS_NO_KEYS');
  assert.equal(none.exitCode, 7);
  opensslEd25519(w.root, 'other', path.join(w.dir, 'other_tls.key'));
  const wrong = await tlsinfoFails(w.dir, w.root, ['foo-1.0.tls']);
  assert.equal(wrong.code, 'TLS_UNKNOWN_KEY');
  assert.equal(wrong.exitCode, 7);
});

test('with an unrelated key and the right key, the package validates in both name orders (scenario 26)', async (t) => {
  const w = workspace(t);
  await build(w);
  opensslRsa(w.root, 'unrelated', 2048, path.join(w.dir, 'a_unrelated_tls.key'));
  renameSync(path.join(w.dir, 'k_tls.key'), path.join(w.dir, 'm_right_tls.key'));
  let r = await run('tlsinfo', ['foo-1.0.tls'], w.dir, w.root);
  assert.match(r.out, /loadable with key .*m_right_tls\.key/);
  renameSync(path.join(w.dir, 'a_unrelated_tls.key'), path.join(w.dir, 'z_unrelated_tls.key'));
  renameSync(path.join(w.dir, 'm_right_tls.key'), path.join(w.dir, 'b_right_tls.key'));
  r = await run('tlsinfo', ['foo-1.0.tls'], w.dir, w.root);
  assert.match(r.out, /loadable with key .*b_right_tls\.key/);
});

test('a package signed with a key that the dir holds only as a weak key fails with KEY_WEAK, exit 10', async (t) => {
  const w = workspace(t);
  const weak = opensslRsa(w.root, 'weak', 1024, path.join(w.dir, 'weak_tls.key'));
  // Sign with the weak key by going around gensrc's own strength check.
  const key = createPrivateKey(readFileSync(weak));
  await sealRaw(w, rawZip([{ name: 'a.js', data: Buffer.from('1') }]), '1', {
    file: weak,
    key,
    keyId: keyIdOf(key),
    algorithm: 'rsa-pkcs1-sha256',
  });
  const r = run('tlsinfo', ['foo-1.tls'], w.dir, w.root);
  await assert.rejects(
    r,
    (e: DirectorError) => e.code === 'KEY_WEAK' && e.exitCode === 10 && /director keygen/.test(e.message),
  );
});

test('RSA packages verify with PKCS#1 v1.5 and PSS signatures alike', async (t) => {
  const w = workspace(t);
  const priv = opensslRsa(w.root, 'r', 3072, path.join(w.dir, 'r_tls.key'));
  const sk = await loadSigningKey(priv);
  const zip = rawZip([{ name: 'a.js', data: Buffer.from('module.exports = 1;') }]);
  await sealRaw(w, zip, '1', { ...sk, algorithm: 'rsa-pkcs1-sha256' });
  await sealRaw(w, zip, '2', sk);
  for (const v of ['1', '2']) {
    const r = await run('tlsinfo', [`foo-${v}.tls`], w.dir, w.root);
    assert.match(r.out, /r_tls\.key/);
  }
});

test('a renamed package is refused: its name must match the signed group and version', async (t) => {
  const w = workspace(t);
  const file = await build(w);
  renameSync(file, path.join(w.dir, 'foo-9.9.tls'));
  const e = await tlsinfoFails(w.dir, w.root, ['foo-9.9.tls']);
  assert.equal(e.code, 'TLS_NAME_MISMATCH');
  assert.match(e.message, /foo-1\.0\.tls/);
});

test('a package over 10 MiB validates (the original refused it) and its source hash is the SHA-256 prefix', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo/blob.bin'), randomBytes(11 * 1024 * 1024));
  const file = await build(w);
  const bytes = readFileSync(file);
  assert.ok(bytes.length > 11 * 1024 * 1024);
  const r = await run('tlsinfo', ['foo-1.0.tls'], w.dir, w.root);
  assert.equal(r.code, 0);
  const v = await verifyFile(w.dir, file);
  assert.equal(v.sourceHash, createHash('sha256').update(bytes).digest('hex').slice(0, 32));
  assert.equal(sourceHashOf(bytes), v.sourceHash);
  assert.equal(v.group, 'foo');
  assert.equal(v.version, '1.0');
});
