// Memory comes back: after a large package is unloaded the daemon's RSS returns to within 30 MiB
// of what it was before the load (daemon/memory-release.ts runs a collection after sources go).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { fooPackage } from '../runtime/fixtures';
import { testDirectorDir } from './helpers';

const MiB = 2 ** 20;

test('after unloading a 96 MiB package the daemon is back within 30 MiB of its RSS before the load', async (t) => {
  const { dir } = await testDirectorDir(t);
  const key = path.join(dir, 'dev.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'dev_tls.key')]);
  const file = path.join(dir, 'foo-9.tls');
  const zip = await fooPackage('BIG:', { 'foo/filler.bin': randomBytes(96 * MiB) });
  await writeFile(
    file,
    sealPackage({ zip, group: 'foo', version: '9', createdAt: new Date(), signingKey: await loadSigningKey(key) }),
  );
  await spawnDaemon({ directorDir: dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const rss = async (): Promise<number> => (await asys.client.status()).rssBytes;
  const settled = async (): Promise<number> => {
    // Past the releaser's debounce (250 ms), then the lowest of a few readings.
    const readings: number[] = [];
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 150));
      readings.push(await rss());
    }
    return Math.min(...readings);
  };
  const before = await settled();
  const hash = await asys.loadActorSource(file);
  const foo = await asys.createActor('foo.FooActor', { sourceHash: hash });
  assert.equal(await asys.ask(foo, 'x', 10), 'BIG:x');
  const loaded = await rss();
  assert.ok(
    loaded > before + 90 * MiB,
    `the package is in memory while loaded (${(loaded / MiB).toFixed(0)} MiB vs ${(before / MiB).toFixed(0)} MiB)`,
  );
  await asys.unloadActorSource(hash);
  const after = await settled();
  assert.ok(
    after - before < 30 * MiB,
    `RSS before ${(before / MiB).toFixed(1)} MiB, after unloading ${(after / MiB).toFixed(1)} MiB`,
  );
});
