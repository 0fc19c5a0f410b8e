import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Actor, type ActorAddress, type ActorSystemError } from '../../runtime/src/actors/index';
import { createSimpleSystem } from '../../runtime/src/system/simple-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { badPackage, fooPackage, relayPackage } from './fixtures';
import { AcceptAllAuthority, ask, quietLogger } from './helpers';

const systems: ActorSystemCore[] = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});
async function simple(): Promise<ActorSystemCore> {
  const s = createSimpleSystem({ loggerFactory: quietLogger, exitDeadlineMs: 500 });
  systems.push(s);
  await s.createActor(AcceptAllAuthority);
  return s;
}

class Hello extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (sender) this.send(sender, `hello ${String(m)}`);
  }
}

test('the simple system runs class actors in the calling thread', async () => {
  const s = await simple();
  const a = await s.createActor(Hello);
  assert.equal(await ask(s, a, 'you'), 'hello you');
});

test('the simple system runs loaded sources in-thread by dotted name, two versions with separate module state', async () => {
  const s = await simple();
  const h1 = await s.loadActorSource(await fooPackage('GOT:'), 'foo-1');
  const h2 = await s.loadActorSource(await fooPackage('TOG:'), 'foo-2');
  const a1 = await s.createActor('foo.FooActor', { sourceHash: h1 });
  const a2 = await s.createActor('foo.FooActor', { sourceHash: h2 });
  assert.equal(await ask(s, a1, 'x'), 'GOT:x');
  assert.equal(await ask(s, a2, 'x'), 'TOG:x');
  assert.equal(await ask(s, a1, 'count'), 1);
  assert.equal(await ask(s, a2, 'count'), 1);
  await s.unloadActorSource(h1);
  await assert.rejects(
    s.createActor('foo.FooActor', { sourceHash: h1 }),
    (e: ActorSystemError) => e.code === 'INVALID_ACTOR_SOURCE_HASH',
  );
  assert.equal(await ask(s, a2, 'y'), 'TOG:y');
});

test('in the simple system, sources still refuse class instances at their boundary and talk to each other in order', async () => {
  const s = await simple();
  const h = await s.loadActorSource(await badPackage(), 'bad');
  const leaker = await s.createActor('bad.leaker.Leaker', { sourceHash: h });
  assert.equal(((await ask(s, leaker, 'go')) as { code: string }).code, 'NOT_PLAIN_DATA');
  const r1 = await s.loadActorSource(await relayPackage('1'), 'r1');
  const r2 = await s.loadActorSource(await relayPackage('2'), 'r2');
  const sender = await s.createActor('relay.actors.Sender', { sourceHash: r1 });
  const collector = await s.createActor('relay.actors.Collector', { sourceHash: r2 });
  await ask(s, sender, { op: 'fire', to: collector, n: 1000 });
  let report = { next: 0, bad: 0 };
  const deadline = Date.now() + 5000;
  while (report.next < 1000 && Date.now() < deadline)
    report = (await ask(s, collector, { op: 'report' })) as typeof report;
  assert.deepEqual(report, { next: 1000, bad: 0 });
});
