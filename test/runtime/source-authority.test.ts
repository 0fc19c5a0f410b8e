import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { DirectorError } from '../../runtime/src/protocol/errors';
import {
  DirectorSourceAuthority,
  SOURCE_AUTHORITY_NAME,
  startDirectorSourceAuthority,
} from '../../runtime/src/authority/source-authority-actor';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { fooPackage } from './fixtures';
import { ask, quietLogger } from './helpers';

const root = mkdtempSync(path.join(os.tmpdir(), 'td-authority-'));
const systems: ActorSystemCore[] = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
  rmSync(root, { recursive: true, force: true });
});

function ed25519(name: string, pubFile: string | null): string {
  const key = path.join(root, `${name}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  if (pubFile !== null) execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', pubFile]);
  return key;
}

async function signed(keyFile: string, tag: string, version: string): Promise<Uint8Array> {
  return sealPackage({
    zip: await fooPackage(tag),
    group: 'foo',
    version,
    createdAt: new Date(),
    signingKey: await loadSigningKey(keyFile),
  });
}

async function setup(): Promise<{ s: ActorSystemCore; dir: string }> {
  const dir = mkdtempSync(path.join(root, 'dir-'));
  const s = await createLocalSystem({ systemName: 'auth:1', loggerFactory: quietLogger });
  systems.push(s);
  await startDirectorSourceAuthority(s, dir);
  return { s, dir };
}

test('scenario 63: a package signed by a key in the director dir is accepted by the Director Source Authority and runs', async () => {
  const { s, dir } = await setup();
  const key = ed25519('good', path.join(dir, 'good_tls.key'));
  const h = await s.loadActorSource(await signed(key, 'SIGNED:', '1'), 'foo-1.tls');
  const a = await s.createActor('foo.FooActor', { sourceHash: h });
  assert.equal(await ask(s, a, 'x'), 'SIGNED:x');
});

test('scenario 63 (fixed): a package signed by an unknown key is rejected at once with the verifier code', async () => {
  const { s, dir } = await setup();
  ed25519('trusted', path.join(dir, 'trusted_tls.key'));
  const stranger = ed25519('stranger', null);
  await assert.rejects(
    s.loadActorSource(await signed(stranger, 'X:', '1'), 'foo-1.tls'),
    (e: DirectorError & { exitCode: number }) => {
      assert.equal(e.code, 'TLS_UNKNOWN_KEY');
      assert.equal(e.exitCode, 7);
      return true;
    },
  );
});

test('a tampered package is rejected with its code, and keys added later are read afresh', async () => {
  const { s, dir } = await setup();
  const key = ed25519('late', null);
  const bytes = await signed(key, 'LATE:', '2');
  await assert.rejects(
    s.loadActorSource(bytes, 'foo-2.tls'),
    (e: DirectorError) => e.code === 'TLS_NO_KEYS' || e.code === 'TLS_UNKNOWN_KEY',
  );
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'late_tls.key')]);
  const tampered = new Uint8Array(bytes);
  tampered[tampered.length - 10] ^= 0xff;
  await assert.rejects(s.loadActorSource(tampered, 'foo-2.tls'), (e: DirectorError) => {
    assert.match(e.code, /^(TLS_DIGEST_MISMATCH|TLS_SIGNATURE_INVALID|ZIP_INVALID|TLS_TRUNCATED)$/);
    return true;
  });
  const h = await s.loadActorSource(bytes, 'foo-2.tls');
  const a = await s.createActor('foo.FooActor', { sourceHash: h });
  assert.equal(await ask(s, a, 'y'), 'LATE:y');
});

test('startDirectorSourceAuthority makes the authority live under its global name, and creating it again returns the same actor', async () => {
  const { s } = await setup();
  const again = await s.createActor(DirectorSourceAuthority, { globalName: SOURCE_AUTHORITY_NAME });
  const first = await s.createActor(DirectorSourceAuthority, { globalName: SOURCE_AUTHORITY_NAME });
  assert.deepEqual(again, first);
});

test('loads arriving together share key reads, yet each is verified with keys read after it arrived', async () => {
  const { s, dir } = await setup();
  const pub = path.join(dir, 'shared_tls.key');
  const key = ed25519('shared', pub);
  // Six at once: every one accepted (they share reads of the one key file).
  const many = await Promise.all(
    Array.from({ length: 6 }, async (_, i) =>
      s.loadActorSource(await signed(key, `M${i}:`, `3.${i}`), `foo-3.${i}.tls`),
    ),
  );
  assert.equal(new Set(many).size, 6);
  // A load sent after the key file is gone is refused, even while a read that saw the key (the
  // load sent just before) may still be in progress: it never joins a read begun before it arrived.
  const before = await signed(key, 'BEFORE:', '4');
  const afterRemoval = await signed(key, 'AFTER:', '5');
  const first = s.loadActorSource(before, 'foo-4.tls').then(
    () => 'accepted',
    () => 'refused',
  );
  rmSync(pub);
  await assert.rejects(
    s.loadActorSource(afterRemoval, 'foo-5.tls'),
    (e: DirectorError) => e.code === 'TLS_NO_KEYS' || e.code === 'TLS_UNKNOWN_KEY',
  );
  assert.ok(['accepted', 'refused'].includes(await first));
});
