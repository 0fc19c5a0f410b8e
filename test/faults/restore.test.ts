// After kill -9 and start, a real daemon is where the operator left it: the lifecycle of every
// actor as without the crash, restart counters, the start rules (same boot, new boot, no record,
// start with a daemon running) and a crash between writing a source's copy and the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sourceHashOf } from '../../runtime/src/util/source-hash';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { startCommand } from '../../runtime/src/daemon/start-command';
import { getRoleAddress } from '../../runtime/src/director/role-address';
import type { FaultEnv } from './fault-env';
import { askActor, connector, ctxOf, entry, faultEnv, kill9, pkg, run, shape, startAgain, waitFor } from './fault-env';

async function hashOf(e: FaultEnv, version: string): Promise<string> {
  const m = new RegExp(`Source hash ([0-9a-f]{32})\\s+version ${version.replace('.', '\\.')}\\b`).exec(
    (await run(e, 'list')).out,
  );
  assert.ok(m, `version ${version} listed`);
  return m[1];
}

async function historyOf(e: FaultEnv, version: string): Promise<unknown> {
  const list = JSON.parse((await run(e, 'list', '--json')).out) as {
    groups: { sources: { version: string; actors: { role: string; address: unknown }[] }[] }[];
  };
  const main = list.groups[0]?.sources.find((s) => s.version === version)?.actors.find((a) => a.role === 'MainFoo');
  return askActor(e, main?.address, 'history');
}

/** A real `director start` (not a command's auto-start): the daemon applies its start rules. */
function realStart(e: FaultEnv): Promise<unknown> {
  return spawnDaemon({ directorDir: e.dir, env: e.env, entry });
}

test('faults: lifecycle after kill -9 — the restored inactive version gets OnReactivate exactly as without the crash; restart counters survive', async (t) => {
  const e = await faultEnv(t);
  await pkg(e, '1.1');
  await pkg(e, '1.2');
  // Without a crash.
  assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
  assert.equal((await run(e, 'load', 'foo-1.2.tls')).code, 0);
  assert.equal((await run(e, 'unload', await hashOf(e, '1.2'))).code, 0);
  const withoutCrash = await historyOf(e, '1.1');
  assert.deepEqual(withoutCrash, [{ tag: 'load' }, { tag: 'deactivate' }, { tag: 'reactivate' }]);
  // The same operator actions with a kill -9 in the middle.
  assert.equal((await run(e, 'unload', await hashOf(e, '1.1'))).code, 0);
  assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
  assert.equal((await run(e, 'load', 'foo-1.2.tls')).code, 0);
  // A restart of 1.2's Worker, to be counted across the crash.
  const list = JSON.parse((await run(e, 'list', '--json')).out) as {
    groups: { sources: { version: string; actors: { role: string; address: unknown; restarts: number }[] }[] }[];
  };
  const worker = list.groups[0]?.sources.find((s) => s.version === '1.2')?.actors.find((a) => a.role === 'Worker');
  await askActor(e, worker?.address, 'die').catch(() => undefined);
  const restartsOf = async (): Promise<number | undefined> =>
    (JSON.parse((await run(e, 'list', '--json')).out) as typeof list).groups[0]?.sources
      .find((s) => s.version === '1.2')
      ?.actors.find((a) => a.role === 'Worker')?.restarts;
  let restarts: number | undefined;
  for (let i = 0; i < 200 && restarts !== 1; i++) {
    restarts = await restartsOf();
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(restarts, 1);
  await kill9(e);
  await startAgain(e);
  const s = await shape(e);
  assert.deepEqual([s.versions, s.active], [['1.1', '1.2'], '1.2']);
  assert.ok(
    s.statuses.every((x) => x === 'running'),
    "every actor that ran runs again, the inactive version's too",
  );
  assert.equal(await restartsOf(), 1, 'the restart count survives');
  assert.deepEqual(
    await historyOf(e, '1.1'),
    [{ tag: 'load' }, { tag: 'deactivate' }],
    'restored in the state it had: loaded, deactivated',
  );
  assert.equal((await run(e, 'unload', await hashOf(e, '1.2'))).code, 0);
  assert.deepEqual(await historyOf(e, '1.1'), withoutCrash, 'OnReactivate, exactly as without the crash');
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  assert.equal(await askActor(e, role?.ActorAddress, 'who'), '1.1');
});

test('faults: a crash between writing the copy and the record — the load never happened, the stray copy is removed', async (t) => {
  const e = await faultEnv(t);
  await pkg(e, '1.1');
  const f12 = await pkg(e, '1.2');
  assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
  await kill9(e);
  // What such a crash leaves on disk: 1.2's verified copy, a record without it.
  const copies = path.join(privatePaths(e.dir).director, 'sources');
  const bytes = readFileSync(f12);
  const h12 = sourceHashOf(bytes);
  writeFileSync(path.join(copies, `${h12}.tls`), bytes);
  await startAgain(e);
  const s = await shape(e);
  assert.deepEqual([s.versions, s.active], [['1.1'], '1.1']);
  assert.deepEqual(readdirSync(copies), [`${await hashOf(e, '1.1')}.tls`], "only the recorded source's copy is kept");
});

test("faults: restore reads only the daemon's copies — pruned or deleted package files do not matter; unload drops the copy", async (t) => {
  const e = await faultEnv(t);
  const f11 = await pkg(e, '1.1');
  const f12 = await pkg(e, '1.2');
  assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
  assert.equal((await run(e, 'load', 'foo-1.2.tls')).code, 0);
  unlinkSync(f11);
  unlinkSync(f12);
  await kill9(e);
  await startAgain(e);
  const s = await shape(e);
  assert.deepEqual([s.versions, s.active], [['1.1', '1.2'], '1.2']);
  const copies = path.join(privatePaths(e.dir).director, 'sources');
  const h11 = await hashOf(e, '1.1');
  assert.equal((await run(e, 'unload', h11)).code, 0);
  await waitFor(() => !readdirSync(copies).includes(`${h11}.tls`), 5000, 'the copy of the unloaded source removed');
});

test('faults: start rules — start with a daemon running changes nothing; same boot restores only; a new boot restores then refreshes; no record refreshes', async (t) => {
  const e = await faultEnv(t);
  await pkg(e, '1.1');
  // No record: the daemon refreshes (newest package of every group).
  await realStart(e);
  assert.deepEqual((await shape(e)).versions, ['1.1']);
  await pkg(e, '1.2');
  // `director start` with the daemon running: nothing changes, and it says so.
  let out = '';
  const ctx = { ...ctxOf(e), out: { write: (x: string) => void (out += x) } };
  assert.equal(await startCommand().run(ctx, []), 0);
  assert.match(out, /already runs .*nothing changed/);
  assert.deepEqual((await shape(e)).versions, ['1.1']);
  // The operator unloads the group; a crash and a start in the same boot keep it unloaded.
  assert.equal((await run(e, 'unload', await hashOf(e, '1.1'))).code, 0);
  await kill9(e);
  await realStart(e);
  assert.deepEqual((await shape(e)).versions, [], 'same boot: restores the record and loads nothing else');
  assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
  // The first start after a machine boot: restores, then refreshes.
  await kill9(e);
  writeFileSync(path.join(privatePaths(e.dir).director, 'boot-id'), 'a-previous-boot\n');
  await realStart(e);
  const s = await shape(e);
  assert.deepEqual([s.versions, s.active], [['1.1', '1.2'], '1.2'], 'new boot: restored 1.1, then refresh loaded 1.2');
});
