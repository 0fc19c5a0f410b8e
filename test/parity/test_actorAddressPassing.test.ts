/**
 * Scenarios of the original's test_actorAddressPassing.py: addresses travel inside messages and
 * stay usable. The original's RoutedMsg class is plain data here ({ originator, routes, response }),
 * which is what crosses any boundary in this runtime.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, formatAddress, type ActorAddress } from '../../runtime/src/actors/index';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { simpleSystem } from './helpers';

interface RoutedMsg {
  originator: ActorAddress | null;
  routes: ActorAddress[];
  response: Array<[ActorAddress, string]>;
}

const isRouted = (m: unknown): m is RoutedMsg =>
  typeof m === 'object' && m !== null && Array.isArray((m as RoutedMsg).routes);
const routed = (routes: ActorAddress[]): JsonValue =>
  ({ originator: null, routes, response: [] }) as unknown as JsonValue;

function routeMessage(self: Actor, msg: RoutedMsg, sender: ActorAddress | null): void {
  msg.originator ??= sender;
  const next = msg.routes.pop();
  if (next !== undefined) {
    msg.response.push([self.myAddress, `passed along with ${msg.routes.length} left`]);
    self.send(next, msg);
  } else {
    msg.response.push([self.myAddress, 'Ended chain']);
    if (msg.originator !== null) self.send(msg.originator, msg);
  }
}

class Target extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (typeof m === 'string' && sender !== null) this.send(sender, `TGT ${formatAddress(this.myAddress)} got ${m}`);
    else if (isRouted(m)) routeMessage(this, m, sender);
  }
}

class Generator extends Actor {
  private readonly generated: ActorAddress[] = [];
  private topSender: ActorAddress | null = null;
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (m === 'Generate') {
      const tgt = await this.createActor(Target);
      this.generated.push(tgt);
      if (sender !== null) this.send(sender, tgt);
    } else if (typeof m === 'string') {
      if (sender !== null && this.generated.some((g) => g.id === sender.id)) {
        if (this.topSender !== null) this.send(this.topSender, m);
      } else if (this.generated.length > 0) {
        this.topSender = sender;
        this.send(this.generated[Math.floor(Math.random() * this.generated.length)], m);
      } else if (sender !== null) {
        this.send(sender, `GEN ${formatAddress(this.myAddress)} got ${m}`);
      }
    } else if (isRouted(m)) {
      routeMessage(this, m, sender);
    }
  }
}

const response = async (p: Promise<unknown>): Promise<Array<[ActorAddress, string]>> =>
  ((await p) as RoutedMsg).response;
const tgt = (a: ActorAddress, text: string): string => `TGT ${formatAddress(a)} got ${text}`;

test('test101_TargetActorsDirect', async (t) => {
  const asys = await simpleSystem(t);
  const tgt1 = await asys.createActor(Target);
  const tgt2 = await asys.createActor(Target);
  assert.notDeepEqual(tgt1, tgt2);
  assert.equal(await asys.ask(tgt1, 'hello', 5), tgt(tgt1, 'hello'));
  assert.equal(await asys.ask(tgt2, 'hello', 5), tgt(tgt2, 'hello'));
  assert.equal(await asys.ask(tgt1, 'bye', 5), tgt(tgt1, 'bye'));
  assert.equal(await asys.ask(tgt2, "c'ya", 5), tgt(tgt2, "c'ya"));
});

test('test102_TargetActorsRouting', async (t) => {
  const asys = await simpleSystem(t);
  const tgt1 = await asys.createActor(Target);
  const tgt2 = await asys.createActor(Target);
  assert.deepEqual(await response(asys.ask(tgt1, routed([tgt2]), 5)), [
    [tgt1, 'passed along with 0 left'],
    [tgt2, 'Ended chain'],
  ]);
});

test('test103_TargetActorsRoutingAgain', async (t) => {
  const asys = await simpleSystem(t);
  const tgt1 = await asys.createActor(Target);
  const tgt2 = await asys.createActor(Target);
  for (const [a, b] of [
    [tgt1, tgt2],
    [tgt2, tgt1],
    [tgt1, tgt2],
  ]) {
    assert.deepEqual(await response(asys.ask(a, routed([b]), 5)), [
      [a, 'passed along with 0 left'],
      [b, 'Ended chain'],
    ]);
  }
});

test('test104_TargetActorsRoutingBounceback', async (t) => {
  const asys = await simpleSystem(t);
  const tgt1 = await asys.createActor(Target);
  const tgt2 = await asys.createActor(Target);
  assert.deepEqual(await response(asys.ask(tgt1, routed([tgt2, tgt1, tgt2, tgt1].reverse()), 5)), [
    [tgt1, 'passed along with 3 left'],
    [tgt2, 'passed along with 2 left'],
    [tgt1, 'passed along with 1 left'],
    [tgt2, 'passed along with 0 left'],
    [tgt1, 'Ended chain'],
  ]);
});

test('test105_TargetActorsRoutingToSelf', async (t) => {
  const asys = await simpleSystem(t);
  const tgt1 = await asys.createActor(Target);
  const tgt2 = await asys.createActor(Target);
  assert.deepEqual(await response(asys.ask(tgt1, routed([tgt2, tgt2, tgt2, tgt1].reverse()), 5)), [
    [tgt1, 'passed along with 3 left'],
    [tgt2, 'passed along with 2 left'],
    [tgt2, 'passed along with 1 left'],
    [tgt2, 'passed along with 0 left'],
    [tgt1, 'Ended chain'],
  ]);
});

test('test201_GeneratorActors', async (t) => {
  const asys = await simpleSystem(t);
  const gen1 = await asys.createActor(Generator);
  const gen2 = await asys.createActor(Generator);
  assert.equal(await asys.ask(gen1, 'hello', 5), `GEN ${formatAddress(gen1)} got hello`);
  assert.equal(await asys.ask(gen2, "c'ya", 5), `GEN ${formatAddress(gen2)} got c'ya`);
});

test('test202_GeneratorActorsRoutingToSelf', async (t) => {
  const asys = await simpleSystem(t);
  const g1 = await asys.createActor(Generator);
  const g2 = await asys.createActor(Generator);
  assert.deepEqual(await response(asys.ask(g1, routed([g2, g2, g2, g1].reverse()), 5)), [
    [g1, 'passed along with 3 left'],
    [g2, 'passed along with 2 left'],
    [g2, 'passed along with 1 left'],
    [g2, 'passed along with 0 left'],
    [g1, 'Ended chain'],
  ]);
});

test('test203_GeneratorCreateTargets', async (t) => {
  const asys = await simpleSystem(t);
  const gen1 = await asys.createActor(Generator);
  const tgt1 = await asys.ask<ActorAddress>(gen1, 'Generate', 5);
  assert.notDeepEqual(gen1, tgt1);
  assert.equal(await asys.ask(tgt1, 'hello', 5), tgt(tgt1, 'hello'));
  assert.equal(await asys.ask(gen1, 'hello', 5), tgt(tgt1, 'hello'), 'the generator passes it on and the answer back');
});

test('test204_GeneratorCreateTargets', async (t) => {
  const asys = await simpleSystem(t);
  const gen1 = await asys.createActor(Generator);
  const gen2 = await asys.createActor(Generator);
  const tgt1 = await asys.ask<ActorAddress>(gen1, 'Generate', 5);
  const tgt2 = await asys.ask<ActorAddress>(gen2, 'Generate', 5);
  assert.equal(new Set([gen1, gen2, tgt1, tgt2].map(formatAddress)).size, 4);
  assert.equal(await asys.ask(gen1, 'hello', 5), tgt(tgt1, 'hello'));
  assert.equal(await asys.ask(gen2, 'howdy', 5), tgt(tgt2, 'howdy'));
});

test('test205_GeneratorCreateTargets', async (t) => {
  const asys = await simpleSystem(t);
  const gen1 = await asys.createActor(Generator);
  const gen2 = await asys.createActor(Generator);
  const tgt1 = await asys.ask<ActorAddress>(gen1, 'Generate', 5);
  const tgt2 = await asys.ask<ActorAddress>(gen2, 'Generate', 5);
  assert.deepEqual(await response(asys.ask(tgt1, routed([gen1, tgt2, gen2, tgt2, tgt1, gen1].reverse()), 5)), [
    [tgt1, 'passed along with 5 left'],
    [gen1, 'passed along with 4 left'],
    [tgt2, 'passed along with 3 left'],
    [gen2, 'passed along with 2 left'],
    [tgt2, 'passed along with 1 left'],
    [tgt1, 'passed along with 0 left'],
    [gen1, 'Ended chain'],
  ]);
});
