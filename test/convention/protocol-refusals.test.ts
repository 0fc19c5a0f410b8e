// What a convention leader refuses on its link, seen by a hand-written client that speaks the
// protocol's frames itself: a taken system name, a wrong secret, malformed requests after a good
// join, and a source it does not hold. A real leader daemon; each refusal's exact code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONVENTION_PROTOCOL_VERSION, Hello } from '../../runtime/src/protocol/convention-protocol';
import { newNonce } from '../../runtime/src/convention/secret';
import { joinAsMember, makeHost, newSecret, openConventionPeer, start } from './helpers';

test('convention leader refusals: CONVENTION_DUPLICATE_NAME, CONVENTION_BAD_SECRET, CONVENTION_BAD_REQUEST, CONVENTION_SOURCE_UNAVAILABLE', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  await start(leader);

  // The leader's own name: refused at the hello, link closed with 4001.
  const dup = await openConventionPeer(t, leader);
  await assert.rejects(
    dup.link.request(Hello.method, {
      protocolVersion: CONVENTION_PROTOCOL_VERSION,
      systemName: leader.name,
      nonce: newNonce(),
      capabilities: {},
    } satisfies Hello.Params),
    { code: 'CONVENTION_DUPLICATE_NAME' },
  );
  assert.equal(await dup.closeCode, 4001);

  // A proof made with another secret.
  const wrong = await openConventionPeer(t, leader);
  await assert.rejects(joinAsMember(wrong.link, newSecret(), 'rogue:1'), { code: 'CONVENTION_BAD_SECRET' });
  assert.equal(await wrong.closeCode, 4001);

  // A good join, then requests the leader cannot take.
  const good = await openConventionPeer(t, leader);
  await joinAsMember(good.link, secret, 'member:1');
  await assert.rejects(good.link.request('convention/create-actor', { nothing: true }), {
    code: 'CONVENTION_BAD_REQUEST',
  });
  await assert.rejects(good.link.request('convention/no-such-method', {}), {
    code: 'CONVENTION_BAD_REQUEST',
    message: /unknown convention method "convention\/no-such-method"/,
  });
  await assert.rejects(good.link.request('convention/fetch-source', { sourceHash: 'ab'.repeat(16) }), {
    code: 'CONVENTION_SOURCE_UNAVAILABLE',
    message: /it is not loaded here/,
  });
});
