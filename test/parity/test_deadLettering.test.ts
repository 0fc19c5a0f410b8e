/**
 * Scenarios of the original's test_deadLettering.py: an actor registers with handleDeadLetters();
 * every message to an actor that no longer exists then reaches it as a DeadEnvelope (original
 * target and message, from the original sender). The last registration wins, a deregistration by
 * a superseded handler changes nothing, and the handler's exit reverts to "dead letters are only
 * logged". The 0x tests register a top-level handler, the 1x tests one behind a parent (DLParent).
 *
 * Beyond the original: a message to an actor of an unloaded source and to an unknown system are
 * dead letters too (the runtime used to drop them silently), on the simple base and on a daemon.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, isSystemMessage, type ActorAddress, type DeadEnvelope } from '../../runtime/src/actors/index';
import type { ActorSystem } from '../../runtime/src/actor-system';
import { daemonSystem, simpleSystem, sleep } from './helpers';
import { AcceptAllAuthority, makeZip } from '../runtime/helpers';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { connect, keyPair, makeHost, newSecret, start, waitForLog } from '../convention/helpers';

class DLHandler extends Actor {
  private count = 0;
  private last: DeadEnvelope | null = null;
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (m === 'Start') this.handleDeadLetters();
    else if (m === 'Stop') this.handleDeadLetters(false);
    else if (m === 'Count' && sender !== null) this.send(sender, this.count);
    // Wrapped: a DeadEnvelope is a system message, and those are never an ask's reply.
    else if (m === 'Last' && sender !== null) this.send(sender, { last: this.last });
    else if (isSystemMessage(m, 'DeadEnvelope')) {
      this.count++;
      this.last = m;
    }
  }
}

/** Passes everything down to a DLHandler child and its answers back up. */
class DLParent extends Actor {
  private child: ActorAddress | null = null;
  private lastSender: ActorAddress | null = null;
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (isSystemMessage(m)) return;
    this.child ??= await this.createActor(DLHandler);
    if (sender !== null && sender.id === this.child.id) {
      if (this.lastSender !== null) this.send(this.lastSender, m);
      return;
    }
    this.lastSender = sender;
    this.send(this.child, m === 'exit please' ? { type: 'ActorExitRequest' } : m);
  }
}

type HandlerClass = typeof DLHandler | typeof DLParent;
const exitRequest = { type: 'ActorExitRequest' };
const settle = (): Promise<void> => sleep(60);

async function count(asys: ActorSystem, h: ActorAddress): Promise<number> {
  return await asys.ask<number>(h, 'Count', 15);
}

/** The original's checkNewDLCount: wait until the count grows past `old`. */
async function checkNewDLCount(asys: ActorSystem, h: ActorAddress, old: number): Promise<number> {
  const deadline = Date.now() + 5000;
  let c = await count(asys, h);
  while (c <= old && Date.now() < deadline) {
    await sleep(25);
    c = await count(asys, h);
  }
  assert.ok(c > old, `dead-letter count ${c} did not grow past ${old}`);
  return c;
}

/** A dead actor to write to: the class's own exit ('exit please' for DLParent kills its child, whose letters then die). */
async function deadPawn(asys: ActorSystem, Cls: HandlerClass, viaChild = false): Promise<ActorAddress> {
  const pawn = await asys.createActor(Cls);
  await asys.tell(pawn, viaChild ? 'exit please' : exitRequest);
  await settle();
  return pawn;
}

async function registerDeadLetter(asys: ActorSystem, Cls: HandlerClass): Promise<void> {
  const handler = await asys.createActor(Cls);
  assert.equal(await count(asys, handler), 0);
  await asys.tell(handler, 'Start');
  assert.equal(await count(asys, handler), 0);
  await asys.tell(handler, 'Stop');
  assert.equal(await count(asys, handler), 0);
}

async function getDeadLetter(asys: ActorSystem, Cls: HandlerClass, viaChild: boolean): Promise<void> {
  const handler = await asys.createActor(Cls);
  assert.equal(await count(asys, handler), 0);
  await asys.tell(handler, 'Start');
  let cnt = await count(asys, handler);
  const pawn = await deadPawn(asys, Cls, viaChild);
  await asys.tell(pawn, 'hello');
  cnt = await checkNewDLCount(asys, handler, cnt);
  await asys.tell(pawn, 'hi');
  cnt = await checkNewDLCount(asys, handler, cnt);
  await asys.tell(handler, 'Stop');
  await settle();
  await asys.tell(pawn, 'another');
  assert.equal(await count(asys, handler), cnt);
  await asys.tell(pawn, 'and another');
  assert.equal(await count(asys, handler), cnt);
}

async function registerOnlyOnce(asys: ActorSystem, Cls: HandlerClass): Promise<void> {
  const handler = await asys.createActor(Cls);
  await asys.tell(handler, 'Start');
  let cnt = await count(asys, handler);
  const pawn = await deadPawn(asys, Cls);
  await asys.tell(pawn, 'hello');
  cnt = await checkNewDLCount(asys, handler, cnt);
  await asys.tell(handler, 'Start'); // again: no effect, still the handler
  await settle();
  await asys.tell(pawn, 'another');
  cnt = await checkNewDLCount(asys, handler, cnt);
  await asys.tell(pawn, 'and another');
  await checkNewDLCount(asys, handler, cnt);
}

async function multipleHandlers(asys: ActorSystem, Cls: HandlerClass): Promise<void> {
  const handler = await asys.createActor(Cls);
  await asys.tell(handler, 'Start');
  let cnt = await count(asys, handler);
  const pawn = await deadPawn(asys, Cls);
  await asys.tell(pawn, 'hello');
  cnt = await checkNewDLCount(asys, handler, cnt);

  const handler2 = await asys.createActor(Cls);
  await asys.tell(handler2, 'Start');
  await settle();
  assert.equal(await count(asys, handler2), 0);
  await asys.tell(pawn, 'another');
  let cnt2 = await checkNewDLCount(asys, handler2, 0);
  assert.equal(await count(asys, handler), cnt, 'the superseded handler gets nothing');

  await asys.tell(handler, 'Stop'); // not the handler any more: no effect
  await settle();
  await asys.tell(pawn, 'more messages');
  cnt2 = await checkNewDLCount(asys, handler2, cnt2);
  assert.equal(await count(asys, handler), cnt);

  await asys.tell(handler2, 'Stop');
  await settle();
  await asys.tell(pawn, 'more messages repeated');
  await settle();
  assert.equal(await count(asys, handler), cnt, 'after the Stop nobody handles dead letters');
  assert.equal(await count(asys, handler2), cnt2);

  await asys.tell(handler, 'Start');
  await settle();
  await asys.tell(pawn, 'more messages repeated reprised');
  await checkNewDLCount(asys, handler, cnt);
  assert.equal(await count(asys, handler2), cnt2);
}

async function autoRemoval(asys: ActorSystem, Cls: HandlerClass): Promise<void> {
  const handler = await asys.createActor(Cls);
  await asys.tell(handler, 'Start');
  const handler2 = await asys.createActor(Cls);
  await asys.tell(handler2, 'Start');
  await settle();
  const pawn = await deadPawn(asys, Cls);
  await asys.tell(pawn, 'hello');
  const cnt2 = await checkNewDLCount(asys, handler2, 0);
  assert.equal(await count(asys, handler), 0);
  await asys.tell(pawn, 'hi');
  await checkNewDLCount(asys, handler2, cnt2);
  assert.equal(await count(asys, handler), 0, 'no round-robin');

  await asys.tell(handler2, exitRequest); // the handler ends: dead letters are dropped again
  await settle();
  await asys.tell(pawn, 'another');
  await settle();
  assert.equal(await count(asys, handler), 0);

  await asys.tell(handler, 'Start');
  await settle();
  const cnt = await count(asys, handler);
  await asys.tell(pawn, 'another again');
  await checkNewDLCount(asys, handler, cnt);
}

test('test01_registerDeadLetter', async (t) => registerDeadLetter(await simpleSystem(t), DLHandler));
test('test11_registerDeadLetterSubActor', async (t) => registerDeadLetter(await simpleSystem(t), DLParent));
test('test02_GetDeadLetter', async (t) => getDeadLetter(await simpleSystem(t), DLHandler, false));
test('test12_GetDeadLetterSubActor', async (t) => getDeadLetter(await simpleSystem(t), DLParent, true));
test('test03_DLRegisterOnlyOnce', async (t) => registerOnlyOnce(await simpleSystem(t), DLHandler));
test('test13_DLRegisterOnlyOnce', async (t) => registerOnlyOnce(await simpleSystem(t), DLParent));
test('test04_DLMultipleHandlers', async (t) => multipleHandlers(await simpleSystem(t), DLHandler));
test('test14_DLMultipleHandlers', async (t) => multipleHandlers(await simpleSystem(t), DLParent));
test('test05_DLAutoRemoval', async (t) => autoRemoval(await simpleSystem(t), DLHandler));
test('test15_DLAutoRemoval', async (t) => autoRemoval(await simpleSystem(t), DLParent));

test('a DeadEnvelope carries the original target, message and sender; an unknown system is a dead letter too', async (t) => {
  const asys = await simpleSystem(t);
  const handler = await asys.createActor(DLHandler);
  await asys.tell(handler, 'Start');
  const pawn = await deadPawn(asys, DLHandler);
  await asys.tell(pawn, { order: 66 });
  await checkNewDLCount(asys, handler, 0);
  assert.deepEqual(await asys.ask(handler, 'Last', 5), {
    last: { type: 'DeadEnvelope', deadAddress: pawn, deadMessage: { order: 66 } },
  });
  const nowhere = { system: 'no-such-system', id: 'a1' };
  await asys.tell(nowhere, 'into the void');
  await checkNewDLCount(asys, handler, 1);
  assert.deepEqual(await asys.ask(handler, 'Last', 5), {
    last: { type: 'DeadEnvelope', deadAddress: nowhere, deadMessage: 'into the void' },
  });
});

test('messages to actors of an unloaded source are dead letters (simple base, in-thread sources)', async (t) => {
  const asys = await simpleSystem(t);
  await asys.createActor(AcceptAllAuthority);
  const handler = await asys.createActor(DLHandler);
  await asys.tell(handler, 'Start');
  const zip = await makeZip({
    'gone/index.js': `const { Actor } = require('thespian-director');
      class Echo extends Actor { receiveMessage(m, s) { if (s) this.send(s, m); } }
      exports.Echo = Echo;`,
  });
  const hash = await asys.loadActorSource(zip);
  const echo = await asys.createActor('gone.Echo', { sourceHash: hash });
  assert.equal(await asys.ask(echo, 'alive', 5), 'alive');
  await asys.unloadActorSource(hash);
  await asys.tell(echo, 'after unload');
  await checkNewDLCount(asys, handler, 0);
  assert.deepEqual(await asys.ask(handler, 'Last', 5), {
    last: { type: 'DeadEnvelope', deadAddress: echo, deadMessage: 'after unload' },
  });
});

test('dead letters on a daemon: a handler in one source gets messages to the actors of another, unloaded source, and to an unknown system', async (t) => {
  const { asys, seal } = await daemonSystem(t);
  const handlerPkg = await seal(
    {
      'dl/index.js': `
        const { Actor, isSystemMessage } = require('thespian-director');
        class Handler extends Actor {
          constructor() { super(); this.letters = []; }
          receiveMessage(m, s) {
            if (m === 'Start') { this.handleDeadLetters(); if (s) this.send(s, 'started'); }
            else if (m === 'Letters') { if (s) this.send(s, this.letters); }
            else if (m === 'Kill and write') this.killAndWrite(s);
            else if (m !== null && typeof m === 'object' && m.write) this.send(m.write, m.message);
            else if (isSystemMessage(m, 'DeadEnvelope')) this.letters.push({ to: m.deadAddress, message: m.deadMessage, from: s });
          }
          async killAndWrite(s) {
            // From inside a worker: a child of this source ends, then a letter to it dies.
            const c = await this.createActor('dl.Handler');
            this.send(c, { type: 'ActorExitRequest' });
            setTimeout(() => { this.send(c, 'to my late child'); if (s) this.send(s, c); }, 100);
          }
        }
        exports.Handler = Handler;`,
    },
    'dl',
    '1.0',
  );
  const otherPkg = await seal(
    {
      'other/index.js': `const { Actor } = require('thespian-director'); class Echo extends Actor { receiveMessage(m, s) { if (s) this.send(s, m); } } exports.Echo = Echo;`,
    },
    'other',
    '1.0',
  );
  const h1 = await asys.loadActorSource(handlerPkg);
  const h2 = await asys.loadActorSource(otherPkg);
  const handler = await asys.createActor('dl.Handler', { sourceHash: h1 });
  assert.equal(await asys.ask(handler, 'Start', 5), 'started');
  const echo = await asys.createActor('other.Echo', { sourceHash: h2 });
  assert.equal(await asys.ask(echo, 'alive', 5), 'alive');
  await asys.unloadActorSource(h2);
  await asys.tell(echo, { after: 'unload' });
  await asys.tell({ system: 'unknown-member', id: 'a3' }, 'to nowhere');
  const child = await asys.ask<ActorAddress>(handler, 'Kill and write', 5);
  // From inside a worker to the unloaded source's actor (the worker-to-worker path).
  await asys.tell(handler, { write: echo, message: 'from a worker' } as never);
  type Letter = { to: ActorAddress; message: unknown; from: ActorAddress | null };
  let letters: Letter[] = [];
  const deadline = Date.now() + 5000;
  while (letters.length < 4 && Date.now() < deadline) {
    await sleep(50);
    letters = await asys.ask<Letter[]>(handler, 'Letters', 5);
  }
  assert.deepEqual(
    letters.map((l) => [l.to, l.message]),
    [
      [echo, { after: 'unload' }],
      [{ system: 'unknown-member', id: 'a3' }, 'to nowhere'],
      [child, 'to my late child'],
      [echo, 'from a worker'],
    ],
  );
  assert.deepEqual(letters[2].from, handler, 'the original sender comes with the envelope');
  assert.deepEqual(letters[3].from, handler);
});

test("dead letters in a convention: to a system no member is called, from the leader and relayed from a member, reach the leader's handler", async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const key = keyPair(leader.dir, 'parity', [leader.dir]);
  await start(leader);
  const member = await makeHost(t, { secret, leaderPort: leader.port });
  await start(member);
  const lead = await connect(t, leader);
  const mem = await connect(t, member);
  await waitForLog(member, /joined the leader/);
  const pkg = sealPackage({
    zip: await makeZip({
      'dl/index.js': `
        const { Actor, isSystemMessage } = require('thespian-director');
        class Handler extends Actor {
          constructor() { super(); this.letters = []; }
          receiveMessage(m, s) {
            if (m === 'Start') { this.handleDeadLetters(); if (s) this.send(s, 'started'); }
            else if (m === 'Letters') { if (s) this.send(s, this.letters); }
            else if (isSystemMessage(m, 'DeadEnvelope')) this.letters.push([m.deadAddress, m.deadMessage]);
          }
        }
        exports.Handler = Handler;`,
    }),
    group: 'dl',
    version: '1.0',
    createdAt: new Date(),
    signingKey: await loadSigningKey(key),
  });
  const hash = await lead.loadActorSource(pkg);
  const handler = await lead.createActor('dl.Handler', { sourceHash: hash });
  assert.equal(await lead.ask(handler, 'Start', 5), 'started');
  const nowhere = { system: '127.0.0.1:1', id: 'a1' };
  await lead.tell(nowhere, 'from the leader');
  await mem.tell(nowhere, 'from the member');
  let letters: unknown[] = [];
  const deadline = Date.now() + 10_000;
  while (letters.length < 2 && Date.now() < deadline) {
    await sleep(100);
    letters = await lead.ask<unknown[]>(handler, 'Letters', 5);
  }
  assert.deepEqual(
    letters.map((l) => JSON.stringify(l)).sort(),
    [JSON.stringify([nowhere, 'from the leader']), JSON.stringify([nowhere, 'from the member'])].sort(),
  );
});
