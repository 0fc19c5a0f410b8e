// source/load with `file`: a client on the daemon's machine names a package of the director dir
// and the daemon reads it itself (no bytes over the link), still verifying every byte; anything
// else is refused with ADMIN_SOURCE_FILE_REFUSED and the client falls back to sending bytes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { isLoopback } from '../../runtime/src/daemon/admin-server';
import { LoadSource } from '../../runtime/src/protocol/admin-protocol';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { fooPackage } from '../runtime/fixtures';
import { testDirectorDir } from './helpers';

async function signedPackage(dir: string, tag: string, version: string): Promise<Uint8Array> {
  const key = path.join(dir, 'dev.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'dev_tls.key')]);
  return sealPackage({
    zip: await fooPackage(tag),
    group: 'foo',
    version,
    createdAt: new Date(),
    signingKey: await loadSigningKey(key),
  });
}

test('a local client loads a package by its path in the director dir; the daemon verifies it', async (t) => {
  const { dir } = await testDirectorDir(t);
  const bytes = await signedPackage(dir, 'FILE:', '1.0');
  const file = path.join(dir, 'foo-1.0.tls');
  await writeFile(file, bytes);
  await spawnDaemon({ directorDir: dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: dir })) as DaemonActorSystem;
  t.after(() => asys.close());

  const params: LoadSource.Params = { file, info: 'by path' };
  const { sourceHash } = await asys.client.request<LoadSource.Result>(LoadSource.method, params);
  const foo = await asys.createActor('foo.FooActor', { sourceHash });
  assert.equal(await asys.ask(foo, 'x', 5), 'FILE:x');
  assert.deepEqual(
    (await asys.client.listSources()).map((s) => s.info),
    ['by path'],
  );

  // A tampered file in the dir is rejected by the same verifier as sent bytes.
  const tampered = new Uint8Array(bytes);
  tampered[tampered.length - 10] ^= 0xff;
  await writeFile(path.join(dir, 'foo-1.1.tls'), tampered);
  await assert.rejects(
    asys.client.request(LoadSource.method, { file: path.join(dir, 'foo-1.1.tls') }),
    (e: RemoteError) => /^TLS_/.test(e.code),
  );
});

test('a file outside the director dir, not a .tls, or a relative path is refused with a code; the link stays usable', async (t) => {
  const { dir } = await testDirectorDir(t);
  const bytes = await signedPackage(dir, 'OUT:', '2.0');
  const outside = await mkdtemp(path.join(os.tmpdir(), 'load-file-outside-'));
  t.after(() => rm(outside, { recursive: true, force: true }));
  await writeFile(path.join(outside, 'foo-2.0.tls'), bytes);
  // A link in the dir that points outside is judged by its target.
  await symlink(path.join(outside, 'foo-2.0.tls'), path.join(dir, 'foo-2.0.tls'));
  await spawnDaemon({ directorDir: dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: dir })) as DaemonActorSystem;
  t.after(() => asys.close());

  for (const file of [
    path.join(outside, 'foo-2.0.tls'),
    path.join(dir, 'foo-2.0.tls'),
    path.join(dir, 'dev_tls.key'),
    path.join(dir, 'missing-1.tls'),
  ]) {
    await assert.rejects(asys.client.request(LoadSource.method, { file }), (e: RemoteError) => {
      assert.equal(e.code, 'ADMIN_SOURCE_FILE_REFUSED', file);
      return true;
    });
  }
  await assert.rejects(
    asys.client.request(LoadSource.method, { file: 'foo-2.0.tls' }),
    (e: RemoteError) => e.code === 'ADMIN_BAD_PARAMS',
  );
  await assert.rejects(
    asys.client.request(LoadSource.method, { file: path.join(dir, 'x.tls'), data: 'AAAA' }),
    (e: RemoteError) => e.code === 'ADMIN_BAD_PARAMS',
  );

  // The client API falls back to sending the bytes when the daemon refuses the path.
  const hash = await asys.loadActorSource(path.join(outside, 'foo-2.0.tls'));
  const foo = await asys.createActor('foo.FooActor', { sourceHash: hash });
  assert.equal(await asys.ask(foo, 'y', 5), 'OUT:y');
});

test('loopback addresses are recognised, others are not', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of [undefined, '10.0.0.1', '::ffff:192.168.1.2', '128.0.0.1', 'fe80::1'])
    assert.equal(isLoopback(a), false, String(a));
});
