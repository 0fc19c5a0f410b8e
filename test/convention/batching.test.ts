// Actor messages between daemons travel in `convention/deliver-batch` frames when several are
// queued in one turn (docs/convention.md, "Frames on a convention link"). Between two real
// daemons: a burst larger than one batch arrives complete and in order, with the wire-value
// semantics of single messages (bytes, escaped objects, null). A malformed batch from a peer is
// refused whole with CONVENTION_BAD_BATCH, told to the peer in an error frame, and the link
// carries on.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import type { DaemonActorSystem } from '../../runtime/src/actor-system';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { WireError } from '../../runtime/src/protocol/errors';
import { Deliver, DeliverBatch } from '../../runtime/src/protocol/convention-protocol';
import type { Link } from '../../runtime/src/transport/link';
import { fooPackage } from '../runtime/fixtures';
import {
  connect,
  joinAsMember,
  keyPair,
  leaderAndMember,
  makeHost,
  newSecret,
  openConventionPeer,
  start,
  waitFor,
  waitForLog,
  type Host,
} from './helpers';

const ACTORS = `
  const { Actor } = require('thespian-director');
  // On the member (needs "Cows Allowed"): records what it gets; { done } sends the record back.
  class Recorder extends Actor {
    static actorSystemCapabilityCheck(caps) { return caps['Cows Allowed'] === true; }
    receiveMessage(m, s) {
      if (m && m.done === true) {
        const got = (this.got || []).map((x) => (x instanceof Uint8Array ? { bytesOf: Array.from(x) } : x));
        this.got = [];
        this.send(s, { got });
        return;
      }
      (this.got = this.got || []).push(m);
    }
  }
  // On the leader: sends every message of { target, messages } in one handler (one burst), then
  // { done }; passes the record on to whoever asked. "BYTES" stands for a Uint8Array.
  class Sequencer extends Actor {
    receiveMessage(m, s) {
      if (m && m.target) {
        this.asker = s;
        for (const x of m.messages) this.send(m.target, x === 'BYTES' ? new Uint8Array([0, 1, 254, 255]) : x);
        this.send(m.target, { done: true });
        return;
      }
      if (m && m.got) this.send(this.asker, m.got);
    }
  }
  // Answers { echo } to any sender.
  class Echo extends Actor {
    receiveMessage(m, s) { if (s && !(m && typeof m.type === 'string')) this.send(s, { echo: m }); }
  }
  module.exports = { Recorder, Sequencer, Echo };`;

async function barnPackage(keyFile: string): Promise<Uint8Array> {
  return sealPackage({
    zip: await fooPackage('B:', { 'barn/seq.js': ACTORS }),
    group: 'foo',
    version: '1',
    createdAt: new Date(),
    signingKey: await loadSigningKey(keyFile),
  });
}

test('a burst of messages larger than one batch arrives complete, in order, with the semantics of single messages', async (t) => {
  const { leader, member, key, L } = await leaderAndMember(t, '{ "Cows Allowed": true }', 30_000);
  const hash = await L.loadActorSource(await barnPackage(key));
  const recorder = await L.createActor('barn.seq.Recorder', {
    sourceHash: hash,
    targetActorRequirements: { 'Cows Allowed': true },
  });
  assert.equal(recorder.system, member.name);
  const sequencer = await L.createActor('barn.seq.Sequencer', { sourceHash: hash });
  assert.equal(sequencer.system, leader.name);

  // 3,000 messages in one burst: several batch frames (at most 512 messages each), one flush.
  const messages: unknown[] = Array.from({ length: 3000 }, (_, i) => i);
  messages[7] = 'BYTES';
  messages[600] = { $bytes: 'not bytes, a plain object' };
  messages[1200] = null;
  messages[2999] = { nested: ['a', { b: true }], text: 'héllo ✓' };
  const expected = messages.map((m) => (m === 'BYTES' ? { bytesOf: [0, 1, 254, 255] } : m));
  for (let round = 0; round < 2; round++) {
    const got = await L.ask<unknown[]>(sequencer, { target: recorder, messages } as never, 30);
    assert.equal(got.length, expected.length);
    assert.deepEqual(got, expected);
  }
});

interface FakeMember {
  readonly link: Link;
  readonly name: string;
  /** Deliveries addressed to this fake member, in arrival order. */
  readonly received: unknown[];
  /** Messages per delivery frame, in arrival order (1 for a `convention/deliver`). */
  readonly frames: number[];
  readonly refusals: WireError[];
}

/** Joins `leader` as a member named `name` with the convention secret, speaking the frames by hand. */
async function joinAsFake(t: TestContext, leader: Host, secretBytes: Uint8Array, name: string): Promise<FakeMember> {
  const received: unknown[] = [];
  const frames: number[] = [];
  const { link, refusals } = await openConventionPeer(t, leader, {
    onEvent: (event, params) => {
      if (event === Deliver.event) {
        received.push((params as Deliver.Params).message);
        frames.push(1);
      }
      if (event === DeliverBatch.event) {
        for (const d of (params as DeliverBatch.Params).messages) received.push(d.message);
        frames.push((params as DeliverBatch.Params).messages.length);
      }
    },
  });
  await joinAsMember(link, secretBytes, name);
  return { link, name, received, frames, refusals };
}

/** A leader alone with the barn package loaded, `spec` created there, and a fake member `name` joined. */
async function leaderWithFake(
  t: TestContext,
  spec: string,
  name: string,
): Promise<{ leader: Host; L: DaemonActorSystem; actor: ActorAddress; fake: FakeMember }> {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const key = keyPair(leader.dir, 'dev', [leader.dir]);
  await start(leader);
  const L = await connect(t, leader);
  const actor = await L.createActor(spec, { sourceHash: await L.loadActorSource(await barnPackage(key)) });
  return { leader, L, actor, fake: await joinAsFake(t, leader, secret, name) };
}

test('a malformed batch is refused whole with CONVENTION_BAD_BATCH, the peer is told, and the link carries on', async (t) => {
  const { leader, actor: echo, fake } = await leaderWithFake(t, 'barn.seq.Echo', 'fake-member:1');
  const from: ActorAddress = { system: fake.name, id: 'x1' };
  const deliver = (message: unknown): Deliver.Params => ({ to: echo, from, message: message as never });

  const bad: unknown[] = [
    // A good message followed by one whose address is not an address: neither is delivered.
    { messages: [deliver('first'), { to: 'Echo', from, message: 1 }] },
    { messages: [] },
    { messages: 'not an array' },
    { messages: [deliver('also not delivered')], extra: true },
  ];
  for (const params of bad) fake.link.notify(DeliverBatch.event, params);
  await waitFor(() => fake.refusals.length === bad.length, 10_000, 'a refusal per malformed batch');
  assert.ok(
    fake.refusals.every((e) => e.code === 'CONVENTION_BAD_BATCH'),
    JSON.stringify(fake.refusals),
  );
  assert.match(fake.refusals[0].message, /message 1: .*"to" must be an address/);
  await waitForLog(leader, /\[CONVENTION_BAD_BATCH\]/);

  // The link is still up: a well-formed batch is delivered, in order, and answered.
  assert.equal(fake.link.isClosed, false);
  fake.link.notify(DeliverBatch.event, {
    messages: [deliver('second'), deliver('third')],
  } satisfies DeliverBatch.Params);
  await waitFor(() => fake.received.length >= 2, 10_000, 'the echoes of the good batch');
  assert.deepEqual(fake.received, [{ echo: 'second' }, { echo: 'third' }]);
});

test('messages queued in one turn leave as batch frames of at most 512, in order; a lone message leaves at once as one frame', async (t) => {
  const { L, actor: sequencer, fake } = await leaderWithFake(t, 'barn.seq.Sequencer', 'fake-member:2');
  const target: ActorAddress = { system: fake.name, id: 'x2' };
  await L.tell(sequencer, { target, messages: Array.from({ length: 1200 }, (_, i) => i) } as never);
  await waitFor(() => fake.received.length === 1201, 10_000, 'the burst and its { done }');
  assert.deepEqual(fake.received, [...Array.from({ length: 1200 }, (_, i) => i), { done: true }]);
  assert.ok(fake.frames.length >= 3 && fake.frames.every((n) => n <= 512), `frames: ${fake.frames.join(', ')}`);

  fake.received.length = 0;
  fake.frames.length = 0;
  await L.tell(sequencer, { target, messages: [] } as never);
  await waitFor(() => fake.received.length === 1, 10_000, 'the lone { done }');
  assert.deepEqual(fake.frames, [1]);
});
