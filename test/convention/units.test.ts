import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoff } from '../../runtime/src/convention/backoff';
import { placementOrder, remoteSourcesAllowed } from '../../runtime/src/convention/policy';
import { newNonce, proofsEqual, secretFromBytes } from '../../runtime/src/convention/secret';
import { decodeWireValue, encodeWireValue } from '../../runtime/src/convention/wire-value';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { checkCreate, checkHello, proofText } from '../../runtime/src/protocol/convention-protocol';

test('placement tries the least-loaded member first, never one already tried or the asker', () => {
  const order = placementOrder(
    [
      { system: 'c:1', remoteActors: 2 },
      { system: 'a:1', remoteActors: 5 },
      { system: 'b:1', remoteActors: 2 },
      { system: 'd:1', remoteActors: 0 },
    ],
    new Set(['d:1']),
  );
  assert.deepEqual(order, ['b:1', 'c:1', 'a:1']);
});

test('AllowRemoteActorSources: absent and "yes" in any case allow; LeaderOnly only from the leader; anything else refuses', () => {
  assert.equal(remoteSourcesAllowed({}, false).allowed, true);
  assert.equal(remoteSourcesAllowed({ AllowRemoteActorSources: 'YES' }, false).allowed, true);
  assert.equal(remoteSourcesAllowed({ AllowRemoteActorSources: 'LeaderOnly' }, true).allowed, true);
  const lo = remoteSourcesAllowed({ AllowRemoteActorSources: 'LeaderOnly' }, false);
  assert.equal(lo.allowed, false);
  assert.match(lo.allowed ? '' : lo.why, /LeaderOnly/);
  assert.equal(
    remoteSourcesAllowed({ AllowRemoteActorSources: 'leaderonly' }, true).allowed,
    false,
    'LeaderOnly is matched exactly, as the original',
  );
  assert.equal(remoteSourcesAllowed({ AllowRemoteActorSources: 'no' }, true).allowed, false);
  assert.equal(remoteSourcesAllowed({ AllowRemoteActorSources: 'whatever!' }, true).allowed, false);
});

test('back-off doubles from min to max with at most 25 % jitter and starts over after reset', () => {
  const b = backoff(100, 1000, () => 0);
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000, 1000]);
  b.reset();
  assert.equal(b.next(), 100);
  const j = backoff(100, 1000, () => 1);
  assert.equal(j.next(), 75);
});

test('proofs bind role, nonces and names: the member proof is not the leader proof, and another secret gives another proof', () => {
  const s = secretFromBytes(new Uint8Array(32).fill(7));
  const other = secretFromBytes(new Uint8Array(32).fill(8));
  const m = newNonce();
  const l = newNonce();
  const leader = s.prove(proofText('leader', m, l, 'a:1', 'b:2'));
  const member = s.prove(proofText('member', m, l, 'a:1', 'b:2'));
  assert.match(leader, /^[0-9a-f]{64}$/);
  assert.notEqual(leader, member);
  assert.equal(proofsEqual(leader, s.prove(proofText('leader', m, l, 'a:1', 'b:2'))), true);
  assert.equal(proofsEqual(leader, other.prove(proofText('leader', m, l, 'a:1', 'b:2'))), false);
  assert.equal(proofsEqual(leader, 'short'), false);
});

test('byte arrays and look-alike objects survive the convention wire encoding exactly', () => {
  const v = { b: new Uint8Array([1, 2, 255]), look: { $bytes: 'not bytes' }, list: [1, 'x', null, { $plain: 1 }] };
  const back = decodeWireValue(JSON.parse(JSON.stringify(encodeWireValue(v))) as JsonValue) as typeof v;
  assert.deepEqual(back.b, new Uint8Array([1, 2, 255]));
  assert.deepEqual(back.look, { $bytes: 'not bytes' });
  assert.deepEqual(back.list, [1, 'x', null, { $plain: 1 }]);
});

test('a malformed hello is refused naming the field', () => {
  const ok = { protocolVersion: 1, systemName: 'h:1', nonce: 'a'.repeat(64), capabilities: {} };
  assert.equal(checkHello(ok).ok, true);
  const bad = checkHello({ ...ok, nonce: 'xyz' });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.message, /"nonce"/);
  const extra = checkHello({ ...ok, secret: 'oops' });
  assert.match(extra.ok ? '' : extra.message, /unknown field "secret"/);
  const create = checkCreate({ spec: '' });
  assert.match(create.ok ? '' : create.message, /"spec"/);
});
