// Scenario 65 as the original runs it: an actor inside a loaded source creates MooActor, which
// its own system refuses; the local system's placeElsewhere hook and the worker's forwarding of
// refused creates place it on the member whose capabilities allow it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, cowPackage, keyPair, makeHost, newSecret, start, waitForLog } from './helpers';

test('scenario 65 from inside: an actor creates MooActor, which runs on the member with "Cows Allowed"', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const member = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ "Cows Allowed": true }' });
  const key = keyPair(leader.dir, 'dev', [leader.dir, member.dir]);
  await start(leader);
  await start(member);
  await waitForLog(member, /joined the leader/);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  const farmer = await L.createActor('barn.farmer.Farmer', { sourceHash: hash });
  const r = await L.ask<{ where?: string; answer?: string; error?: string }>(farmer, 'hello', 15);
  assert.equal(r.error, undefined, `the create failed: ${r.error ?? ''}`);
  assert.equal(r.where, member.name);
  assert.equal(r.answer, 'And MOO: hello');
});
