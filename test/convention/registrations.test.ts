import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { DaemonActorSystem } from '../../runtime/src/actor-system';
import { readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import type { ActorSystemConventionUpdate } from '../../runtime/src/protocol/system-messages';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import {
  connect,
  cowPackage,
  keyPair,
  leaderAndMember,
  makeHost,
  newSecret,
  start,
  waitFor,
  waitForLog,
} from './helpers';

/** A Watcher (in its source's worker) on `a`, registered; every update it passes on lands in the returned list. */
async function watcher(a: DaemonActorSystem, hash: string): Promise<ActorSystemConventionUpdate[]> {
  const w = await a.createActor('barn.watcher.Watcher', { sourceHash: hash });
  const got: ActorSystemConventionUpdate[] = [];
  let watching = false;
  a.onDelivery((d) => {
    if (d.message === 'watching') watching = true;
    const m = (d.message as { update?: Partial<ActorSystemConventionUpdate> } | null)?.update ?? null;
    if (m !== null && typeof m === 'object' && m.type === 'ActorSystemConventionUpdate')
      got.push(m as ActorSystemConventionUpdate);
  });
  await a.tell(w, 'watch');
  await waitFor(() => watching, 10_000, 'the watcher registered');
  return got;
}

const about = (
  got: readonly ActorSystemConventionUpdate[],
  system: string,
  added: boolean,
): ActorSystemConventionUpdate[] => got.filter((u) => u.remoteAdminAddress === system && u.remoteAdded === added);

test('an actor on the leader that asked for registration changes is told of a member joining, changing capabilities, and being lost', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const key = keyPair(leader.dir, 'dev', [leader.dir]);
  await start(leader);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  const got = await watcher(L, hash);
  assert.equal(got.length, 0, 'no other system yet: nothing on registering');

  const member = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ Color: "red" }' });
  await start(member);
  await waitFor(() => about(got, member.name, true).length === 1, 10_000, 'told of the member joining');
  assert.equal(about(got, member.name, true)[0].remoteCapabilities['Color'], 'red');

  await writeFile(path.join(member.dir, 'othercaps.cfg'), '{ Color: "blue" }');
  await waitFor(() => about(got, member.name, true).length === 2, 10_000, 'told of the capability change');
  assert.equal(about(got, member.name, true)[1].remoteCapabilities['Color'], 'blue');

  const pid = (await readPid(privatePaths(member.dir)))!;
  process.kill(pid, 'SIGKILL');
  await waitFor(() => about(got, member.name, false).length === 1, 5_000, 'told of the member lost within 5 s');
  const lost = about(got, member.name, false)[0];
  assert.equal(lost.remoteCapabilities['Color'], 'blue', 'the loss carries the capabilities it last had');
  assert.equal(got.length, 3, 'one message per change, nothing else');
});

test('an actor that registers late gets one message per system already present; on a member it hears of the leader, of its capability changes, and that it went', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret, caps: '{ Role: "boss" }' });
  const m1 = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ Slot: 1 }' });
  const m2 = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ Slot: 2 }' });
  const key = keyPair(leader.dir, 'dev', [leader.dir, m1.dir, m2.dir]);
  await start(leader);
  await start(m1);
  await waitForLog(m1, /joined the leader/);
  await start(m2);
  await waitForLog(m2, /joined the leader/);

  const L = await connect(t, leader);
  const pkg = await cowPackage(key);
  const hash = await L.loadActorSource(pkg);
  const onLeader = await watcher(L, hash);
  await waitFor(() => onLeader.length === 2, 10_000, 'one message per member present');
  const bySystem = new Map(onLeader.map((u) => [u.remoteAdminAddress, u]));
  assert.equal(bySystem.get(m1.name)?.remoteCapabilities['Slot'], 1);
  assert.equal(bySystem.get(m2.name)?.remoteCapabilities['Slot'], 2);
  assert.ok(onLeader.every((u) => u.remoteAdded));

  // On m2 (which joined after m1): the leader with its capabilities, and m1 as the leader announced it.
  const M2 = await connect(t, m2);
  assert.equal(await M2.loadActorSource(pkg), hash);
  const onMember = await watcher(M2, hash);
  await waitFor(() => onMember.length === 2, 10_000, 'the leader and the other member');
  assert.equal(about(onMember, leader.name, true)[0].remoteCapabilities['Role'], 'boss');
  assert.equal(about(onMember, m1.name, true)[0].remoteCapabilities['Slot'], 1);

  // The leader's own othercaps.cfg changes: applied there, and the member's actor hears of it.
  await writeFile(path.join(leader.dir, 'othercaps.cfg'), '{ Role: "chief" }');
  await waitFor(() => about(onMember, leader.name, true).length === 2, 10_000, "told of the leader's new capabilities");
  assert.equal(about(onMember, leader.name, true)[1].remoteCapabilities['Role'], 'chief');
  assert.equal((await L.client.status()).capabilities['Role'], 'chief', 'applied on the leader itself');

  // The leader stops: everything the member knew is out of reach, and its actor is told so.
  const pid = (await readPid(privatePaths(leader.dir)))!;
  process.kill(pid, 'SIGKILL');
  await waitFor(
    () => about(onMember, leader.name, false).length === 1 && about(onMember, m1.name, false).length === 1,
    5_000,
    'told of the leader and m1 lost',
  );
});

test('othercaps.cfg changed on a running member is applied there: a transfer its old AllowRemoteActorSources refused is then accepted', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const member = await makeHost(t, {
    secret,
    leaderPort: leader.port,
    caps: '{ "Cows Allowed": true, AllowRemoteActorSources: "no" }',
  });
  const key = keyPair(leader.dir, 'dev', [leader.dir, member.dir]);
  await start(leader);
  await start(member);
  await waitForLog(member, /joined the leader/);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  const COWS = { 'Cows Allowed': true };
  await assert.rejects(
    L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS }),
    (e: RemoteError) => {
      assert.equal(e.code, 'CONVENTION_REMOTE_SOURCES_REFUSED');
      return true;
    },
  );

  await writeFile(path.join(member.dir, 'othercaps.cfg'), '{ "Cows Allowed": true, AllowRemoteActorSources: "yes" }');
  await waitForLog(member, /capabilities now .*"AllowRemoteActorSources":"yes".*applied here and announced/);
  const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS });
  assert.equal(
    moo.system,
    member.name,
    'placed on the member, which now fetches the source by its own updated capabilities',
  );
  assert.equal(await L.ask(moo, 'hi', 10), 'And MOO: hi');
});

test('othercaps.cfg changed on a running member reaches the worker of a source already loaded there', async (t) => {
  const { member, key, L } = await leaderAndMember(t, '{ "Cows Allowed": false }');
  const hash = await L.loadActorSource(await cowPackage(key));
  const COWS = { 'Cows Allowed': true };
  // The member fetches and loads the source (its worker starts with "Cows Allowed": false), then refuses.
  await assert.rejects(
    L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS }),
    (e: RemoteError) => e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  );
  await waitForLog(member, new RegExp(`source ${hash} .* loaded`));
  await writeFile(path.join(member.dir, 'othercaps.cfg'), '{ "Cows Allowed": true }');
  await waitForLog(member, /capabilities now .*"Cows Allowed":true.*applied here and announced/);
  const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS });
  assert.equal(moo.system, member.name);
  assert.equal(await L.ask(moo, 'hi', 10), 'And MOO: hi');
});
