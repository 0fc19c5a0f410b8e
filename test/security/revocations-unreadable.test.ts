/**
 * revoked_keys.cfg that exists but cannot be read (here a FIFO, then a file over the 256 KiB
 * bound) used to count as "nothing revoked": a leaked key revoked there was trusted again,
 * with only a warning. Now nothing loads while the list cannot be read
 * (TLS_REVOCATIONS_UNREADABLE), nothing of the refused package runs, sources already loaded keep
 * running, and once the file is readable again the revocation holds and other keys load.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { keyIdOf } from '../../runtime/src/authority/keys';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { answersWithinASecond, director, keyPair, markerPackage, ran, secDir } from './support';

test(
  'an unreadable revoked_keys.cfg refuses every package instead of trusting revoked keys again',
  { skip: process.platform === 'win32' ? 'mkfifo' : false },
  async (t) => {
    const s = await secDir(t);
    const ops = keyPair(s.dir, 'ops', true);
    const devId = keyIdOf(createPublicKey(await readFile(path.join(s.dir, 'dev_tls.key'))));
    await writeFile(
      path.join(s.dir, 'bar.tli'),
      `{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
    );
    await writeFile(path.join(s.dir, 'bar-1.tls'), await markerPackage(s, 'bar', '1', 'bar1', '', ops));
    await spawnDaemon({ directorDir: s.dir, env: process.env });
    assert.equal((await director(s, 'load', 'bar')).code, 0);
    const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
    t.after(() => asys.close());
    const leaked = await markerPackage(s, 'foo', '1', 'leaked');
    const list = path.join(s.dir, 'revoked_keys.cfg');

    // The dev key is revoked: refused.
    await writeFile(list, `${devId}\n`);
    await assert.rejects(asys.loadActorSource(leaked), (e: RemoteError) => e.code === 'TLS_KEY_REVOKED');
    // The list becomes unreadable: still refused, with its own code, and so is every other package.
    for (const make of [() => execFileSync('mkfifo', [list]), () => writeFile(list, `${devId}\n`.repeat(9000))]) {
      await rm(list, { force: true });
      await make();
      await assert.rejects(
        asys.loadActorSource(leaked),
        (e: RemoteError) => e.code === 'TLS_REVOCATIONS_UNREADABLE' && /revoked_keys\.cfg/.test(e.message),
      );
      await assert.rejects(
        asys.loadActorSource(await markerPackage(s, 'bar', '2', 'bar2', '', ops)),
        (e: RemoteError) => e.code === 'TLS_REVOCATIONS_UNREADABLE',
      );
      await answersWithinASecond(s);
    }
    assert.equal(ran(s, 'leaked'), false);
    assert.equal(ran(s, 'bar2'), false);
    assert.match((await director(s, 'list', 'bar')).stdout, /\(Main\)/, 'bar keeps running');
    // Readable again: the revocation holds, other keys load.
    await rm(list);
    await writeFile(list, `${devId}\n`);
    await assert.rejects(asys.loadActorSource(leaked), (e: RemoteError) => e.code === 'TLS_KEY_REVOKED');
    await asys.loadActorSource(await markerPackage(s, 'bar', '2', 'bar2', '', ops));
    assert.equal(ran(s, 'leaked'), false);
  },
);
