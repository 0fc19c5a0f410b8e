// What a convention peer can do to a real leader daemon with the frames round 3 added (batches)
// and with the message values they carry. A member holding the secret is trusted with the
// convention's traffic, not with the leader's life: a message nested a million deep (2 MB of
// brackets) ended the leader (the wire-value decoder recursed past the stack inside the socket's
// message handler). A peer that has not proved the secret may not batch: a batch before the proof
// made the leader refuse and log once per frame in it (a thousand warnings from one message).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import { Deliver, DeliverBatch } from '../../runtime/src/protocol/convention-protocol';
import { decodeWireValue } from '../../runtime/src/convention/wire-value';
import {
  connect,
  joinAsMember,
  logCount,
  makeHost,
  newSecret,
  openConventionPeer,
  start,
  waitFor,
  waitForLog,
} from '../convention/helpers';

/** `[[[…0…]]]`, `depth` arrays deep, as JSON text (JSON.stringify of such a value recurses past the stack). */
function nested(depth: number): string {
  return `${'['.repeat(depth)}0${']'.repeat(depth)}`;
}

/** A delivery's JSON text with `messageText` spliced in as its message. */
function deliveryText(to: ActorAddress, from: ActorAddress, messageText: string): string {
  return `{"to":${JSON.stringify(to)},"from":${JSON.stringify(from)},"message":${messageText}}`;
}

test('a member sending a message nested a million deep does not end the leader; the message is dropped and logged', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const { pid } = await start(leader);
  const { link } = await openConventionPeer(t, leader, { maxPayload: 64 << 20 });
  await joinAsMember(link, secret, 'deep-member:1');
  const to: ActorAddress = { system: leader.name, id: 'a1' };
  const from: ActorAddress = { system: 'deep-member:1', id: 'x1' };

  const ws = link.socket;
  ws.send(`{"event":"${Deliver.event}","params":${deliveryText(to, from, nested(1_000_000))}}`);
  ws.send(
    `{"event":"${DeliverBatch.event}","params":{"messages":[${deliveryText(to, from, '"before"')},${deliveryText(to, from, nested(1_000_000))}]}}`,
  );
  await waitForLog(leader, /nesting deeper than/);

  // The leader lives, keeps the member, and answers its admin port.
  assert.doesNotThrow(() => process.kill(pid, 0));
  const L = await connect(t, leader);
  const status = await L.client.status();
  assert.deepEqual(
    status.convention?.members.map((m) => m.system),
    ['deep-member:1'],
  );
  assert.equal(link.isClosed, false);
  // A message 200 deep (the depth admin clients may send) is still delivered: no refusal for it.
  const before = await logCount(leader, /nesting deeper than/);
  ws.send(`{"event":"${Deliver.event}","params":${deliveryText(to, from, nested(200))}}`);
  await L.client.status();
  assert.equal(await logCount(leader, /nesting deeper than/), before);
});

test('a peer that has not proved the secret cannot batch: one refusal for the whole batch, not one per frame', async (t) => {
  const leader = await makeHost(t, { secret: newSecret() });
  await start(leader);
  const { link, refusals } = await openConventionPeer(t, leader, { maxPayload: 64 << 20 });
  const ws = link.socket;
  const frames = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, method: 'convention/nope', timeoutMs: 5000 }));
  const answers: unknown[] = [];
  ws.on('message', (d: Buffer) => answers.push(JSON.parse(d.toString('utf8'))));
  ws.send(JSON.stringify(frames));
  // The batch is refused whole (one error frame of id 0) and the link closed: no request of it was handled.
  await waitFor(() => link.isClosed, 10_000, 'the leader to drop the peer');
  const logged = await logCount(leader, /refused a would-be member/);
  assert.equal(logged, 1, `the leader logged ${logged} refusals for one batch`);
  const frameAnswers = answers.flatMap((a): unknown[] => (Array.isArray(a) ? (a as unknown[]) : [a]));
  assert.equal(frameAnswers.length, 1, `the leader answered ${frameAnswers.length} frames of one batch`);
  assert.equal(refusals[0]?.code, 'CONVENTION_BAD_HELLO', JSON.stringify(refusals));
});

test('frames pipelined behind a refused one are not handled or logged one by one', async (t) => {
  const leader = await makeHost(t, { secret: newSecret() });
  await start(leader);
  const { link } = await openConventionPeer(t, leader, { maxPayload: 64 << 20 });
  // 1,000 requests in one write, each its own WebSocket message: the first is refused (not a hello).
  const tcp = (link.socket as unknown as { _socket: import('node:net').Socket })._socket;
  tcp.cork();
  for (let i = 1; i <= 1000; i++)
    link.socket.send(JSON.stringify({ id: i, method: 'convention/nope', timeoutMs: 5000 }));
  tcp.uncork();
  await waitFor(() => link.isClosed, 10_000, 'the leader to drop the peer');
  const logged = await logCount(leader, /refused a would-be member/);
  assert.equal(logged, 1, `the leader logged ${logged} refusals`);
});

test('a "__proto__" key of a convention message stays a key: it does not set the decoded message\'s prototype', () => {
  const m = decodeWireValue(JSON.parse('{"__proto__":{"admin":true},"a":1}') as never) as { [k: string]: unknown };
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.equal(m['admin'], undefined);
  assert.deepEqual(Object.keys(m), ['__proto__', 'a']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(m, '__proto__')?.value, { admin: true });
});
