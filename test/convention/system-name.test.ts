import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ConventionError } from '../../runtime/src/convention/convention-error';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { parseSystemName, readSystemName, resolveSystemName } from '../../runtime/src/convention/system-name';
import { connect, cowPackage, keyPair, makeHost, newSecret, start, stop, waitForLog } from './helpers';

test('systemname.cfg: one trimmed name is taken; empty, two lines or characters that break addresses are refused with the reason', () => {
  assert.equal(parseSystemName('\n  m1.example:1900  \n\n'), 'm1.example:1900');
  assert.equal(parseSystemName('[::1]:1900'), '[::1]:1900');
  const bad: [string, RegExp][] = [
    ['   \n', /it is empty/],
    ['a:1\nb:2\n', /holds 2 lines/],
    ['my host', /"my host" is not a usable system name/],
    ['x|y', /not a usable system name/],
    ['x'.repeat(256), /not a usable system name/],
  ];
  for (const [text, why] of bad) {
    assert.throws(
      () => parseSystemName(text),
      (e: ConventionError) => {
        assert.equal(e.code, 'CONVENTION_SYSTEM_NAME_INVALID');
        assert.match(e.message, why);
        assert.match(e.message, /delete the file to use adminhost:adminport/);
        return true;
      },
    );
  }
});

test('without systemname.cfg the name stays adminhost:adminport; with it, the file wins', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-sysname-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = { directorDir: dir, adminHost: '127.0.0.1', adminPort: 1900 };
  assert.equal(await readSystemName(dir), undefined);
  assert.equal(await resolveSystemName(config), '127.0.0.1:1900');
  await writeFile(path.join(dir, 'systemname.cfg'), 'rack7-node3\n');
  assert.equal(await resolveSystemName(config), 'rack7-node3');
  await writeFile(path.join(dir, 'systemname.cfg'), 'bad name\n');
  await assert.rejects(resolveSystemName(config), (e: ConventionError) => e.code === 'CONVENTION_SYSTEM_NAME_INVALID');
});

test('members named by systemname.cfg: a second member with a taken name is refused, one with its own name joins, and actors placed there route by that name', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const a = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ "Cows Allowed": true }' });
  const b = await makeHost(t, { secret, leaderPort: leader.port });
  for (const h of [a, b]) await writeFile(path.join(h.dir, 'systemname.cfg'), 'm1.example:1900\n');
  const key = keyPair(leader.dir, 'dev', [leader.dir, a.dir]);
  await start(leader);
  await start(a);
  await waitForLog(leader, /member m1\.example:1900 joined from/);
  await start(b);
  await waitForLog(
    leader,
    /refused member m1\.example:1900 at 127\.0\.0\.1:\d+: the system name m1\.example:1900 is already in the convention; give each host its own name in systemname\.cfg/,
  );
  await writeFile(path.join(b.dir, 'systemname.cfg'), 'm2.example:1900\n');
  // The name is read at start: restart it under its new name.
  await stop(b);
  await start(b);
  await waitForLog(leader, /member m2\.example:1900 joined from/);

  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  const moo = await L.createActor('barn.moo.MooActor', {
    sourceHash: hash,
    targetActorRequirements: { 'Cows Allowed': true },
  });
  assert.equal(moo.system, 'm1.example:1900');
  assert.equal(await L.ask(moo, 'hi', 10), 'And MOO: hi');
});

test('with systemname.cfg the daemon itself reports that name (status) and hands out addresses carrying it', async (t) => {
  const h = await makeHost(t, {});
  await writeFile(path.join(h.dir, 'systemname.cfg'), 'solo.example:1900\n');
  await spawnDaemon({ directorDir: h.dir, env: process.env });
  const a = await connect(t, h);
  assert.equal((await a.client.status()).systemName, 'solo.example:1900');
  const key = keyPair(h.dir, 'dev', [h.dir]);
  const foo = await a.createActor('foo.FooActor', { sourceHash: await a.loadActorSource(await cowPackage(key)) });
  assert.equal(foo.system, 'solo.example:1900');
  assert.equal(await a.ask(foo, 'hi', 5), 'V1:hi', 'a message to that address arrives');
});
