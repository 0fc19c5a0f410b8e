/**
 * The corpus of damaged packages from the issue-11 attack run, kept as regressions against a real
 * daemon: byte flips spread over a whole file, truncations, correctly signed ZIPs holding
 * zip-slip names, duplicates, symlinks and bombs, a weak key, header overflows. Each load is
 * refused with its code, nothing of the package ever runs, and the daemon answers within a second.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyIdOf, signingAlgorithmOf } from '../../runtime/src/authority/keys';
import path from 'node:path';
import { test } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { AUTHORITY_EXIT_CODES } from '../../runtime/src/protocol/package-codes';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { rawZip } from '../packager/helpers';
import { answersWithinASecond, markerPackage, ran, secDir } from './support';

const AUTHORITY_CODES = new Set(Object.keys(AUTHORITY_EXIT_CODES));

async function refused(asys: DaemonActorSystem, bytes: Uint8Array, code?: string): Promise<string> {
  let caught: RemoteError | undefined;
  await asys.loadActorSource(bytes).then(
    (h) => assert.fail(`a damaged package loaded as ${h}`),
    (e: RemoteError) => (caught = e),
  );
  assert.ok(caught !== undefined);
  if (code !== undefined) assert.equal(caught.code, code);
  else assert.ok(AUTHORITY_CODES.has(caught.code), `unexpected code ${caught.code}: ${caught.message}`);
  return caught.code;
}

test('byte flips over a whole package and truncations are refused with package codes; nothing ran', async (t) => {
  const s = await secDir(t);
  const good = await markerPackage(s, 'foo', '1', 'good');
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const seen = new Map<string, number>();
  // 160 flips spread evenly over every region: magic, counts, statement, signature, ZIP.
  const FLIPS = 160;
  for (let i = 0; i < FLIPS; i++) {
    const at = Math.floor((i * (good.length - 1)) / (FLIPS - 1));
    const bad = Uint8Array.from(good);
    bad[at] ^= 0x20;
    const code = await refused(asys, bad);
    seen.set(code, (seen.get(code) ?? 0) + 1);
  }
  for (const cut of [1, 10, 21, 40, 200, Math.floor(good.length / 2), good.length - 30, good.length - 1]) {
    const code = await refused(asys, good.subarray(0, cut));
    assert.ok(
      [
        'TLS_TRUNCATED',
        'TLS_UNSUPPORTED_FORMAT',
        'TLS_MALFORMED_HEADER',
        'TLS_BAD_STATEMENT',
        'TLS_SIGNATURE_INVALID',
        'TLS_DIGEST_MISMATCH',
      ].includes(code),
      `cut ${cut}: ${code}`,
    );
  }
  t.diagnostic(`codes of the flips: ${JSON.stringify(Object.fromEntries(seen))}`);
  assert.ok(
    seen.has('TLS_DIGEST_MISMATCH') && seen.has('TLS_SIGNATURE_INVALID'),
    'the flips reached the signature and the body',
  );
  assert.equal(ran(s, 'good'), false);
  await answersWithinASecond(s);
  // The undamaged package still loads (the refusals left nothing behind).
  await asys.loadActorSource(good);
  assert.equal(ran(s, 'good'), false, 'loading runs no module code until an actor is created');
});

test('signed ZIPs with zip-slip, duplicate, symlink and bomb entries, a weak key, a header overflow: refused with their codes', async (t) => {
  const s = await secDir(t);
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const key = await loadSigningKey(s.key);
  const seal = (zip: Uint8Array): Uint8Array =>
    sealPackage({ zip, group: 'foo', version: '1', createdAt: new Date(), signingKey: key });
  const f = (name: string, data = 'x'): { name: string; data: Buffer } => ({ name, data: Buffer.from(data) });
  await refused(asys, seal(rawZip([f('foo/app.js'), f('../../evil.js')])), 'ENTRY_UNSAFE_NAME');
  await refused(asys, seal(rawZip([f('foo/app.js'), f('/etc/cron.d/x')])), 'ENTRY_UNSAFE_NAME');
  await refused(asys, seal(rawZip([f('foo/app.js'), f('foo/app.js')])), 'ENTRY_DUPLICATE');
  await refused(
    asys,
    seal(rawZip([f('foo/app.js'), { name: 'foo/link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }])),
    'ENTRY_SYMLINK',
  );
  await refused(
    asys,
    seal(rawZip([{ name: 'foo/bomb.txt', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }])),
    'ZIP_BOMB',
  );

  // A 1024-bit RSA key in the dir: its packages are refused as signed by a weak key.
  const weak = path.join(s.dir, 'markers-keys', 'weak.pem');
  execFileSync('openssl', ['genrsa', '-out', weak, '1024'], { stdio: 'ignore' });
  execFileSync('openssl', ['rsa', '-in', weak, '-pubout', '-out', path.join(s.dir, 'weak_tls.key')], {
    stdio: 'ignore',
  });
  // gensrc refuses to sign with it, so the attacker's signing key is built by hand.
  const weakPrivate = createPrivateKey(await readFile(weak));
  const weakKey = {
    file: weak,
    key: weakPrivate,
    keyId: keyIdOf(weakPrivate),
    algorithm: signingAlgorithmOf(weakPrivate),
  };
  await refused(
    asys,
    sealPackage({
      zip: rawZip([f('foo/app.js')]),
      group: 'foo',
      version: '1',
      createdAt: new Date(),
      signingKey: weakKey,
    }),
    'KEY_WEAK',
  );
  // Header counts past their bounds.
  const good = await markerPackage(s, 'foo', '2', 'never');
  const text = Buffer.from(good).toString('latin1');
  const lines = text.split('\n');
  lines[1] = '99999999999999999999';
  await refused(asys, Buffer.from(lines.join('\n'), 'latin1'), 'TLS_MALFORMED_HEADER');
  assert.equal(ran(s, 'never'), false);
  await answersWithinASecond(s);
});
