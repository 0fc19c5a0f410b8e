/**
 * Scenarios of the original's test_poisonMessage.py. A handler that throws is retried once; on the
 * second failure the message goes back to its sender inside a PoisonMessage. A send to something
 * that is not an address (a name) throws INVALID_ACTOR_ADDRESS at the sender (the original:
 * InvalidActorAddress), which is such a failure, so the asker gets the PoisonMessage.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Actor,
  isActorAddress,
  isSystemMessage,
  type ActorAddress,
  type PoisonMessage,
} from '../../runtime/src/actors/index';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import type { ActorSystem } from '../../runtime/src/actor-system';
import { askOrNone, askUntil, daemonSystem, simpleSystem } from './helpers';

class PoisonCounter extends Actor {
  private poisoned = 0;
  private failed: string | null = null;
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (m === 'Count?' && sender !== null) this.send(sender, this.failed ?? this.poisoned);
    else if (m === 'Poisoned') this.poisoned++;
    else if (Array.isArray(m) && m[0] === 'PoisonMostFoul') this.failed = String(m[1]);
  }
}

class PoisonTestActor extends Actor {
  private recorder: ActorAddress | null = null;
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (isSystemMessage(m, 'PoisonMessage')) {
      if (this.recorder === null) return;
      if (sender !== null && sender.id === this.myAddress.id)
        this.send(this.recorder, ['PoisonMostFoul', 'Got PoisonMessage from self!']);
      else this.send(this.recorder, 'Poisoned');
    } else if (isActorAddress(m)) {
      this.recorder = m;
    } else if (typeof m === 'number') {
      if (m === 3) throw new Error('Yucky number 3');
      const next = await this.createActor(PoisonTestActor);
      if (this.recorder !== null) this.send(next, this.recorder);
      this.send(next, m + 1);
    } else if (m === 'Hello' && sender !== null) {
      this.send(sender, 'hi');
    }
  }
}

class Dummy extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (m === 'Silence!') return;
    if (m === 'Aside') this.send('Audience' as unknown as ActorAddress, 'hello');
    else if (m === 'Null') this.send(null as unknown as ActorAddress, 'hello');
    else if (sender !== null) this.send(sender, 'Greetings.');
  }
}

async function waitForCount(asys: ActorSystem, counter: ActorAddress, n: number): Promise<void> {
  assert.equal(await askUntil(asys, counter, 'Count?', (r) => r === n), n);
}

async function setup(asys: ActorSystem): Promise<{ counter: ActorAddress; t1: ActorAddress }> {
  const counter = await asys.createActor(PoisonCounter);
  const t1 = await asys.createActor(PoisonTestActor);
  await asys.tell(t1, counter as unknown as JsonValue);
  assert.equal(await asys.ask(counter, 'Count?', 8), 0);
  return { counter, t1 };
}

test('testBadNews', async (t) => {
  const asys = await simpleSystem(t);
  const { counter, t1 } = await setup(asys);
  await asys.tell(t1, 1);
  await waitForCount(asys, counter, 1);
  await asys.tell(t1, { type: 'ActorExitRequest' });
});

test('testLevel2', async (t) => {
  const asys = await simpleSystem(t);
  const { counter, t1 } = await setup(asys);
  await asys.tell(t1, 2);
  await waitForCount(asys, counter, 1);
  await asys.tell(t1, 2);
  await asys.tell(t1, 2);
  await waitForCount(asys, counter, 3);
});

test('testLevel1', async (t) => {
  const asys = await simpleSystem(t);
  const { counter, t1 } = await setup(asys);
  await asys.tell(t1, 1);
  await waitForCount(asys, counter, 1);
  await asys.tell(t1, 1);
  await asys.tell(t1, 1);
  await waitForCount(asys, counter, 3);
});

test('testLevel3tell', async (t) => {
  const asys = await simpleSystem(t);
  const poisons: PoisonMessage[] = [];
  asys.onDelivery((d) => {
    if (isSystemMessage(d.message, 'PoisonMessage')) poisons.push(d.message);
  });
  const { counter, t1 } = await setup(asys);
  assert.equal(await asys.ask(t1, 'Hello', 8), 'hi');
  await asys.tell(t1, 3);
  await asys.tell(t1, 3);
  assert.equal(await asys.ask(t1, 'Hello', 8), 'hi', 'the actor survives its failures');
  assert.equal(await asys.ask(counter, 'Count?', 8), 0, 'the poison went to the client, not to the recorder');
  assert.equal(poisons.length, 2);
  for (const p of poisons) {
    assert.equal(p.poisonMessage, 3);
    assert.match(p.details, /Yucky number 3/);
  }
});

test('testLevel3ask', async (t) => {
  const asys = await simpleSystem(t);
  const { counter, t1 } = await setup(asys);
  assert.equal(await asys.ask(t1, 'Hello', 8), 'hi');
  const rsp = await asys.ask<PoisonMessage>(t1, 3, 8);
  assert.ok(isSystemMessage(rsp, 'PoisonMessage'), 'PoisonMessage is the one system message an ask returns');
  assert.equal(rsp.poisonMessage, 3);
  assert.equal(await asys.ask(counter, 'Count?', 8), 0);
  assert.equal(await asys.ask(t1, 'Hello', 8), 'hi');
  assert.equal((await asys.ask<PoisonMessage>(t1, 3, 8)).poisonMessage, 3);
});

test('testUseBadAddressInActorGetsReturnedAsPoison', async (t) => {
  const asys = await simpleSystem(t);
  const dummy = await asys.createActor(Dummy);
  const resp = await asys.ask<PoisonMessage>(dummy, 'Aside', 8);
  assert.ok(isSystemMessage(resp, 'PoisonMessage'));
  assert.equal(resp.poisonMessage, 'Aside');
  assert.match(resp.details, /INVALID_ACTOR_ADDRESS/);
  assert.equal(await asys.ask(dummy, 'hello', 8), 'Greetings.');
  // send(null, …) the same way: a coded failure at the sender, not a bare TypeError.
  const resp2 = await asys.ask<PoisonMessage>(dummy, 'Null', 8);
  assert.match(resp2.details, /INVALID_ACTOR_ADDRESS/);
  assert.equal(await askOrNone(asys, dummy, 'Silence!', 0.2), null);
});

test('a tell or ask of the client to something that is not an address rejects with INVALID_ACTOR_ADDRESS', async (t) => {
  const asys = await simpleSystem(t);
  const bad = 'Audience' as unknown as ActorAddress;
  await assert.rejects(asys.tell(bad, 'x'), (e: { code?: string }) => e.code === 'INVALID_ACTOR_ADDRESS');
  await assert.rejects(
    asys.ask(null as unknown as ActorAddress, 'x', 1),
    (e: { code?: string }) => e.code === 'INVALID_ACTOR_ADDRESS',
  );
  await assert.rejects(
    asys.tell({ system: 'simple' } as unknown as ActorAddress, 'x'),
    (e: { code?: string }) => e.code === 'INVALID_ACTOR_ADDRESS',
  );
});

test('testUseBadAddressInActorGetsReturnedAsPoison (daemon, actor in a source worker)', async (t) => {
  const { asys, seal } = await daemonSystem(t);
  const pkg = await seal(
    {
      'dummy/index.js': `
        const { Actor } = require('thespian-director');
        class Dummy extends Actor {
          receiveMessage(m, s) {
            if (m === 'Aside') this.send('Audience', 'hello');
            else if (s) this.send(s, 'Greetings.');
          }
        }
        exports.Dummy = Dummy;`,
    },
    'dummy',
    '1.0',
  );
  const hash = await asys.loadActorSource(pkg);
  const dummy = await asys.createActor('dummy.Dummy', { sourceHash: hash });
  const resp = await asys.ask<PoisonMessage>(dummy, 'Aside', 8);
  assert.equal(resp.type, 'PoisonMessage');
  assert.equal(resp.poisonMessage, 'Aside');
  assert.match(resp.details, /INVALID_ACTOR_ADDRESS/);
  assert.equal(await asys.ask(dummy, 'hello', 8), 'Greetings.');
  await assert.rejects(
    asys.tell('Audience' as unknown as ActorAddress, 'x'),
    (e: { code?: string }) => e.code === 'INVALID_ACTOR_ADDRESS',
  );
});
