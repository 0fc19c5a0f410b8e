import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import type { AdminEvent } from '../../runtime/src/protocol/admin-protocol';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { fooPackage } from '../runtime/fixtures';
import { testDirectorDir, waitFor } from './helpers';

/** An Ed25519 key pair made by openssl: the private key in `dir`'s parent-free temp, the public one as `<name>_tls.key` in `trustIn` (or nowhere). */
function keyPair(dir: string, name: string, trustIn: string | null): string {
  const key = path.join(dir, `${name}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  if (trustIn !== null)
    execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(trustIn, `${name}_tls.key`)]);
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

test('a signed package loads through ActorSystem.loadActorSource (bytes and path) and an actor in it answers an ask', async (t) => {
  const { dir } = await testDirectorDir(t);
  const key = keyPair(dir, 'dev', dir);
  await spawnDaemon({ directorDir: dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const events: AdminEvent[] = [];
  await asys.onEvent((e) => events.push(e), ['source/']);

  const bytes = await signed(key, 'SIGNED:', '1.0');
  const hash = await asys.loadActorSource(bytes);
  assert.match(hash, /^[0-9a-f]{32}$/);
  const foo = await asys.createActor('foo.FooActor', { sourceHash: hash });
  assert.equal(await asys.ask(foo, 'hello', 5), 'SIGNED:hello');
  await waitFor(
    () => events.some((e) => e.kind === 'source/loaded' && (e.data as { sourceHash: string }).sourceHash === hash),
    5000,
    'source/loaded',
  );

  const file = path.join(dir, 'foo-2.0.tls');
  await writeFile(file, await signed(key, 'TWO:', '2.0'));
  const hash2 = await asys.loadActorSource(file);
  assert.notEqual(hash2, hash);
  const foo2 = await asys.createActor('foo.FooActor', { sourceHash: hash2 });
  assert.equal(await asys.ask(foo2, 'x', 5), 'TWO:x');
  assert.equal(await asys.ask(foo, 'x', 5), 'SIGNED:x', 'both versions run side by side');

  await asys.unloadActorSource(hash2);
  await waitFor(() => events.some((e) => e.kind === 'source/unloaded'), 5000, 'source/unloaded');
  await assert.rejects(
    asys.createActor('foo.FooActor', { sourceHash: hash2 }),
    (e: RemoteError) => e.code === 'INVALID_ACTOR_SOURCE_HASH',
  );
  assert.deepEqual(
    (await asys.client.listSources()).map((s) => s.sourceHash),
    [hash],
  );
});

test('a tampered package is rejected through loadActorSource with the verifier code and the CLI exit code', async (t) => {
  const { dir } = await testDirectorDir(t);
  const key = keyPair(dir, 'dev', dir);
  await spawnDaemon({ directorDir: dir, env: process.env });
  const asys = await ActorSystem.connect({ directorDir: dir });
  t.after(() => asys.close());
  const bytes = await signed(key, 'X:', '1');
  const tampered = new Uint8Array(bytes);
  tampered[tampered.length - 10] ^= 0xff;
  await assert.rejects(asys.loadActorSource(tampered), (e: RemoteError) => {
    assert.match(e.code, /^TLS_/);
    assert.equal(e.exitCode, 7);
    return true;
  });
  // A package signed by a key the director dir does not trust: the same, with its own code.
  const stranger = keyPair(dir, 'stranger', null);
  await assert.rejects(
    asys.loadActorSource(await signed(stranger, 'S:', '1')),
    (e: RemoteError) => e.code === 'TLS_UNKNOWN_KEY',
  );
  // The daemon carries on and still loads a good package.
  assert.match(await asys.loadActorSource(bytes), /^[0-9a-f]{32}$/);
});
