// Scenario 65 as the original runs it: an actor inside a loaded source creates MooActor, which
// its own system refuses; the local system's placeElsewhere hook and the worker's forwarding of
// refused creates place it on the member whose capabilities allow it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cowPackage, leaderAndMember } from './helpers';

test('scenario 65 from inside: an actor creates MooActor, which runs on the member with "Cows Allowed"', async (t) => {
  const { member, key, L } = await leaderAndMember(t, '{ "Cows Allowed": true }');
  const hash = await L.loadActorSource(await cowPackage(key));
  const farmer = await L.createActor('barn.farmer.Farmer', { sourceHash: hash });
  const r = await L.ask<{ where?: string; answer?: string; error?: string }>(farmer, 'hello', 15);
  assert.equal(r.error, undefined, `the create failed: ${r.error ?? ''}`);
  assert.equal(r.where, member.name);
  assert.equal(r.answer, 'And MOO: hello');
});
