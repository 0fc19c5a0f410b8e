import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonActorSystem } from '../../runtime/src/actor-system';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { connect, cowPackage, keyPair, makeHost, newSecret, start, waitFor, waitForLog, type Host } from './helpers';

const COWS = { 'Cows Allowed': true };

async function listed(a: DaemonActorSystem): Promise<string[]> {
  return (await a.client.listSources()).map((s) => s.sourceHash);
}

/** A leader with the signing key trusted, and members (each trusting the key unless told otherwise), all joined. */
async function convention(
  t: Parameters<typeof makeHost>[0],
  members: readonly { caps?: string; trust?: boolean }[],
  leaderCaps?: string,
): Promise<{ leader: Host; members: Host[]; key: string }> {
  const secret = newSecret();
  const leader = await makeHost(t, { secret, ...(leaderCaps !== undefined ? { caps: leaderCaps } : {}) });
  const ms: Host[] = [];
  for (const m of members)
    ms.push(await makeHost(t, { secret, leaderPort: leader.port, ...(m.caps !== undefined ? { caps: m.caps } : {}) }));
  const key = keyPair(leader.dir, 'dev', [
    leader.dir,
    ...ms.filter((_, i) => members[i].trust !== false).map((m) => m.dir),
  ]);
  await start(leader);
  await Promise.all(ms.map((m) => start(m)));
  await Promise.all(ms.map((m) => waitForLog(m, /joined the leader/)));
  return { leader, members: ms, key };
}

test('scenario 65: an actor needing "Cows Allowed" is placed on the member that has it, which fetches the source on demand', async (t) => {
  const { leader, members, key } = await convention(t, [{ caps: '{ "Cows Allowed": true }' }]);
  const m = members[0];
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS });
  assert.equal(moo.system, m.name, 'the actor runs on the member');
  assert.equal(await L.ask(moo, 'hi', 10), 'And MOO: hi');
  await waitForLog(
    m,
    new RegExp(
      `source ${hash} .* fetched from ${leader.name.replace(/\./g, '\\.')}, validated with this host's keys, loaded`,
    ),
  );
  const M = await connect(t, m);
  assert.deepEqual(await listed(M), [hash], 'the member loaded the source');
  // Without the requirement the leader itself hosts the class (the check refuses only with requirements it cannot meet).
  const local = await L.createActor('foo.FooActor', { sourceHash: hash });
  assert.equal(local.system, leader.name);
});

test('messages between daemons keep their order per sender-receiver pair', async (t) => {
  const { leader, members, key } = await convention(t, [{ caps: '{ "Cows Allowed": true }' }]);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  // Client on the leader → actor on the member, and the replies back: two links' worth of order.
  const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS });
  assert.equal(moo.system, members[0].name);
  const got: unknown[] = [];
  L.onDelivery((d) => got.push(d.message));
  const n = 300;
  for (let i = 0; i < n; i++) await L.tell(moo, i);
  await waitFor(() => got.length === n, 10_000, `${n} replies`);
  assert.deepEqual(
    got,
    Array.from({ length: n }, (_, i) => `And MOO: ${i}`),
  );
});

test('no system with the capability: the caller gets NO_COMPATIBLE_SYSTEM_FOR_ACTOR naming who refused', async (t) => {
  const { leader, key } = await convention(t, [{ caps: '{ "Cows Allowed": false }' }]);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  await assert.rejects(
    L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS }),
    (e: RemoteError) => {
      assert.equal(e.code, 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR');
      assert.match(e.message, /No actor system in the convention can host barn\.moo\.MooActor/);
      return true;
    },
  );
});

test('scenario 66: a member whose AllowRemoteActorSources is "no" or "whatever!" refuses the transfer, and the caller gets the reason', async (t) => {
  for (const value of ['no', 'whatever!']) {
    const { leader, members, key } = await convention(t, [
      { caps: `{ "Cows Allowed": true, AllowRemoteActorSources: ${JSON.stringify(value)} }` },
    ]);
    const L = await connect(t, leader);
    const hash = await L.loadActorSource(await cowPackage(key));
    await assert.rejects(
      L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS }),
      (e: RemoteError) => {
        assert.equal(e.code, 'CONVENTION_REMOTE_SOURCES_REFUSED');
        assert.match(e.message, new RegExp(`AllowRemoteActorSources is "${value}"`));
        return true;
      },
    );
    const M = await connect(t, members[0]);
    assert.deepEqual(await listed(M), [], 'nothing was fetched');
  }
});

test('scenario 67: LeaderOnly on a member still takes sources from the leader; LeaderOnly on the leader never fetches from a member', async (t) => {
  const { leader, members, key } = await convention(
    t,
    [{ caps: '{ "Cows Allowed": true, AllowRemoteActorSources: "LeaderOnly" }' }],
    '{ AllowRemoteActorSources: "LeaderOnly" }',
  );
  const L = await connect(t, leader);
  const M = await connect(t, members[0]);
  const hash = await L.loadActorSource(await cowPackage(key));
  const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS });
  assert.equal(moo.system, members[0].name, 'the member took the source from its leader');
  // A source only the member holds: the leader, asked from outside, does not know it.
  const onlyM = await M.loadActorSource(await cowPackage(key, '2'));
  await assert.rejects(
    L.createActor('foo.FooActor', { sourceHash: onlyM }),
    (e: RemoteError) => e.code === 'INVALID_ACTOR_SOURCE_HASH',
  );
});

test('scenario 68: an unload on the leader reaches every member; an unload on a member reaches the leader and the other members', async (t) => {
  const { leader, members, key } = await convention(t, [
    { caps: '{ "Cows Allowed": true }' },
    { caps: '{ "Cows Allowed": true }' },
  ]);
  const L = await connect(t, leader);
  const [A, B] = await Promise.all(members.map((m) => connect(t, m)));
  const place = async (version: string): Promise<string> => {
    const hash = await L.loadActorSource(await cowPackage(key, version));
    const where = new Set<string>();
    for (let i = 0; i < 2; i++)
      where.add((await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS })).system);
    assert.deepEqual([...where].sort(), members.map((m) => m.name).sort(), 'least-loaded placement used both members');
    return hash;
  };
  const h1 = await place('1');
  await L.unloadActorSource(h1);
  for (const x of [A, B]) await waitFor(async () => !(await listed(x)).includes(h1), 5_000, 'member unloaded');
  for (const x of [L, A, B])
    await assert.rejects(
      x.createActor('foo.FooActor', { sourceHash: h1 }),
      (e: RemoteError) => e.code === 'INVALID_ACTOR_SOURCE_HASH',
    );

  const h2 = await place('2');
  await A.unloadActorSource(h2);
  for (const x of [L, B]) await waitFor(async () => !(await listed(x)).includes(h2), 5_000, 'unload passed on');
  for (const x of [L, A, B])
    await assert.rejects(
      x.createActor('foo.FooActor', { sourceHash: h2 }),
      (e: RemoteError) => e.code === 'INVALID_ACTOR_SOURCE_HASH',
    );
});

test("scenario 69: a member whose own keys do not validate the package refuses it, the caller gets the reason, and the leader's copy is untouched", async (t) => {
  const { leader, members, key } = await convention(t, [{ caps: '{ "Cows Allowed": true }', trust: false }]);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  await assert.rejects(
    L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS }),
    (e: RemoteError) => {
      assert.equal(e.code, 'CONVENTION_SOURCE_REJECTED');
      assert.match(e.message, new RegExp(`${members[0].name.replace(/\./g, '\\.')} refused source ${hash}`));
      assert.match(e.message, /TLS_|AUTHORITY_|key/i);
      return true;
    },
  );
  await waitForLog(members[0], /refused source .* from 127\.0\.0\.1/);
  assert.deepEqual(await listed(L), [hash]);
  const foo = await L.createActor('foo.FooActor', { sourceHash: hash });
  assert.equal(await L.ask(foo, 'still here', 10), 'V1:still here');
});

test('a 1 MiB source is transferred to a member that validates it, and its actor answers', async (t) => {
  const { leader, members, key } = await convention(t, [{ caps: '{ "Cows Allowed": true }' }]);
  const L = await connect(t, leader);
  const bytes = await cowPackage(key, '1', 1_400_000);
  assert.ok(bytes.byteLength >= 1024 * 1024, `package is ${bytes.byteLength} bytes`);
  const hash = await L.loadActorSource(bytes);
  const t0 = Date.now();
  const moo: ActorAddress = await L.createActor('barn.moo.MooActor', {
    sourceHash: hash,
    targetActorRequirements: COWS,
  });
  const ms = Date.now() - t0;
  assert.equal(moo.system, members[0].name);
  assert.equal(await L.ask(moo, 'big', 10), 'And MOO: big');
  t.diagnostic(`remote create with a ${(bytes.byteLength / 1048576).toFixed(2)} MiB transfer: ${ms} ms`);
});

test('a member that cannot host an actor asks the leader, which places it on another member (sources follow on demand)', async (t) => {
  const { leader, members, key } = await convention(t, [{}, { caps: '{ "Cows Allowed": true }' }]);
  const [asker, cows] = members as [Host, Host];
  const A = await connect(t, asker);
  const hash = await A.loadActorSource(await cowPackage(key));
  const moo = await A.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: COWS });
  assert.equal(moo.system, cows.name, 'placed on the member with the capability');
  assert.equal(
    await A.ask(moo, 'via the leader', 10),
    'And MOO: via the leader',
    'member-to-member messages are relayed by the leader',
  );
  await waitForLog(leader, new RegExp(`source ${hash} .* fetched from ${asker.name.replace(/\./g, '\\.')}`));
  await waitForLog(cows, new RegExp(`source ${hash} .* fetched from ${leader.name.replace(/\./g, '\\.')}`));
});
