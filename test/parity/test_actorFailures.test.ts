/**
 * Scenarios of the original's test_actorFailures.py. Deliberate difference: an actor whose
 * constructor throws is never created here — `createActor` rejects (INVALID_ACTOR_SPECIFICATION)
 * where the original handed out an address and later sent ChildActorExited. So the parents
 * below treat a rejected create the way the original's RestartParent treated the exit of a
 * NonStarter child: they start a RestartParent instead ("replaced"). Messages are plain data
 * ({ tellDaughter }, { passed, origSender }, { badFish }, { killReq }) instead of classes.
 * test08 and test_abrupt_child_exit (a process that dies) run on a real daemon: the child is in a
 * source whose worker calls process.exit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, isSystemMessage, type ActorAddress, type PoisonMessage } from '../../runtime/src/actors/index';
import type { ActorSystem } from '../../runtime/src/actor-system';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { askOrNone, daemonSystem, listener, simpleSystem, sleep } from './helpers';

const REPLACEMENT_MS = 350;
type Msg = { [k: string]: unknown };
const obj = (m: unknown): Msg | null => (typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Msg) : null);

class NonStarter extends Actor {
  constructor() {
    super();
    throw new Error('This actor can never start');
  }
}

class Parent extends Actor {
  protected son: ActorAddress | null = null;
  protected daughter: ActorAddress | null = null;
  protected poisonedChild = false;

  override async receiveMessage(message: unknown, from: ActorAddress | null): Promise<void> {
    let m = message;
    let sender = from;
    const passed = obj(m);
    if (passed !== null && 'passed' in passed) {
      m = passed.passed;
      sender = passed.origSender as ActorAddress;
    }
    const o = obj(m);
    if (m === 'have a son?' || m === 'have a daughter?') {
      const child = await this.startChild(m === 'have a son?' ? 'son' : 'daughter');
      if (sender !== null) this.send(sender, child ?? 'no');
    } else if (o !== null && ('tellSon' in o || 'tellDaughter' in o)) {
      const to = 'tellSon' in o ? this.son : this.daughter;
      const inner = 'tellSon' in o ? o.tellSon : o.tellDaughter;
      // No son: in the original the letter went to the dead NonStarter's address (a dead letter),
      // so nothing is sent here. No daughter: the original's send(None) raised InvalidActorAddress;
      // here send(null) throws INVALID_ACTOR_ADDRESS the same way, and the grandparent hears of
      // the PoisonMessage and answers 'poisoned!' (test09).
      if (to !== null || 'tellDaughter' in o)
        this.send(to!, isSystemMessage(inner, 'ActorExitRequest') ? inner : { passed: inner, origSender: sender });
    } else if (m === 'name?') {
      if (sender !== null) this.send(sender, this.myAddress);
    } else if (o !== null && 'badFish' in o) {
      const n = o.badFish as number;
      if (n > 0) this.send((this.son ?? this.daughter)!, { badFish: n - 1 });
      else throw new Error('BadFish value received!');
    } else if (isSystemMessage(m, 'PoisonMessage')) {
      this.poisonedChild = true;
      const orig = obj(m.poisonMessage)?.origSender as ActorAddress | undefined;
      if (orig !== undefined) this.send(orig, 'poisoned!');
    } else if (m === 'poisoned child?') {
      if (sender !== null) this.send(sender, this.poisonedChild);
    } else if (o !== null && 'killReq' in o) {
      const n = o.killReq as number;
      if (n > 0) this.send((this.son ?? this.daughter)!, { killReq: n - 1 });
      else this.send(this.myAddress, { type: 'ActorExitRequest' });
    }
  }

  /** The first child is always a NonStarter; here its create rejects. */
  protected async startChild(which: 'son' | 'daughter'): Promise<ActorAddress | null> {
    if (this[which] === null) {
      try {
        this[which] = await this.createActor(NonStarter);
      } catch {
        this[which] = null;
      }
    }
    return this[which];
  }
}

/** Sons never start; a daughter that fails or exits is replaced by a RestartParent (at most 5 times). */
class RestartParent extends Parent {
  private replaced = false;
  private creates = 0;
  private waiter: ActorAddress | null = null;

  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    const p = obj(m);
    if (isSystemMessage(m, 'ChildActorExited')) {
      if (this.daughter?.id === m.childAddress.id && this.creates < 5) await this.replaceDaughter();
    } else if (m === 'wait for replacement') {
      this.waitForRestart(sender);
    } else if (p !== null && p.passed === 'wait for replacement') {
      this.waitForRestart(p.origSender as ActorAddress);
    } else if (isSystemMessage(m, 'WakeupMessage')) {
      this.notifyRestartWaiter();
    } else {
      if (p !== null && ('tellSon' in p || 'tellDaughter' in p)) this.replaced = false;
      await super.receiveMessage(m, sender);
    }
  }

  protected override async startChild(which: 'son' | 'daughter'): Promise<ActorAddress | null> {
    const had = this[which];
    const child = await super.startChild(which);
    if (which === 'daughter' && had === null && child === null && this.creates < 5) return this.replaceDaughter();
    return child;
  }

  private async replaceDaughter(): Promise<ActorAddress> {
    this.creates++;
    this.daughter = await this.createActor(RestartParent);
    this.replaced = true;
    this.notifyRestartWaiter();
    return this.daughter;
  }

  private waitForRestart(sender: ActorAddress | null): void {
    if (this.replaced) {
      this.replaced = false;
      if (sender !== null) this.send(sender, 'replaced');
    } else {
      this.waiter = sender;
      this.wakeupAfter(REPLACEMENT_MS);
    }
  }

  private notifyRestartWaiter(): void {
    if (this.waiter === null) return;
    this.send(this.waiter, this.replaced ? 'replaced' : 'not replaced');
    this.waiter = null;
    this.replaced = false;
  }
}

class NoRestartParent extends Parent {
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (!isSystemMessage(m, 'ChildActorExited')) await super.receiveMessage(m, sender);
  }
}

/** Throws on ActorExitRequest and on badFish; remembers a child's exit. */
class Confused extends Actor {
  private name = 'dunno';
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (isSystemMessage(m, 'ActorExitRequest') || obj(m)?.badFish !== undefined) throw new Error('Who am I?');
    if (m === 'name?' && sender !== null) this.send(sender, this.name);
    else if (m === 'subactor?' && sender !== null) this.send(sender, await this.createActor(Confused));
    else if (isSystemMessage(m, 'ChildActorExited')) this.name = 'permanent';
  }
}

function family(asys: ActorSystem, parent: ActorAddress) {
  const wrap = (depth: number, m: JsonValue): JsonValue => (depth === 0 ? m : wrap(depth - 1, { tellDaughter: m }));
  return {
    tell: (depth: number, m: JsonValue) => asys.tell(parent, wrap(depth, m)),
    ask: (depth: number, m: JsonValue) => askOrNone(asys, parent, wrap(depth, m), 1),
  };
}

test('test01_NonStartingSystemLevelActor', async (t) => {
  const asys = await simpleSystem(t);
  await assert.rejects(
    asys.createActor(NonStarter),
    (e: { code?: string }) => e.code === 'INVALID_ACTOR_SPECIFICATION',
  );
});

test('test02_NonStartingSubActorWithRestarts and test03_NonStartingSubActorWithoutRestarts', async (t) => {
  const asys = await simpleSystem(t);
  for (const Cls of [RestartParent, NoRestartParent]) {
    const parent = await asys.createActor(Cls);
    const f = family(asys, parent);
    assert.deepEqual(await f.ask(0, 'name?'), parent);
    assert.equal(
      await f.ask(0, 'have a son?'),
      'no',
      'the son never started (the original: an address of a dead actor)',
    );
    assert.equal(await askOrNone(asys, parent, { tellSon: 'name?' }), null);
    assert.deepEqual(await f.ask(0, 'name?'), parent);
    await f.tell(0, { type: 'ActorExitRequest' });
    assert.equal(await f.ask(0, 'name?'), null);
  }
});

test('test04_RestartedSubActorWithRestarts', async (t) => {
  const asys = await simpleSystem(t);
  const parent = await asys.createActor(RestartParent);
  const f = family(asys, parent);
  assert.ok(await f.ask(0, 'have a daughter?'));
  assert.equal(await f.ask(0, 'wait for replacement'), 'replaced');
  const stableKid = (await f.ask(1, 'name?')) as ActorAddress;
  assert.ok(stableKid);
  assert.deepEqual(await askOrNone(asys, stableKid, 'name?', 1), stableKid);
  // A top-level actor is not restarted, and its children end with it.
  await f.tell(0, { type: 'ActorExitRequest' });
  await sleep(50);
  assert.equal(await f.ask(0, 'name?'), null);
  assert.equal(await askOrNone(asys, stableKid, 'name?', 0.5), null);
});

test('test05_RestartedSubActorWithoutRestarts', async (t) => {
  const asys = await simpleSystem(t);
  const parent = await asys.createActor(NoRestartParent);
  const f = family(asys, parent);
  assert.equal(await f.ask(0, 'have a daughter?'), 'no');
  // The original: the message went to the dead daughter's address and the ask got None. Here no
  // address of a never-started actor exists, so the parent's send(null) fails at the parent and
  // the asker gets the PoisonMessage naming the code.
  const r = (await f.ask(1, 'name?')) as PoisonMessage;
  assert.ok(isSystemMessage(r, 'PoisonMessage'));
  assert.match(r.details, /INVALID_ACTOR_ADDRESS/);
});

async function threeGenerations(asys: ActorSystem, parent: ActorAddress): Promise<ReturnType<typeof family>> {
  const f = family(asys, parent);
  for (let depth = 0; depth < 3; depth++) {
    assert.ok(await f.ask(depth, 'have a daughter?'));
    assert.equal(await f.ask(depth, 'wait for replacement'), 'replaced');
  }
  for (let depth = 0; depth < 4; depth++) assert.ok(await f.ask(depth, 'name?'), `generation ${depth} answers`);
  return f;
}

test('test06_ActorStackShutdown', async (t) => {
  const asys = await simpleSystem(t);
  const parent = await asys.createActor(RestartParent);
  const f = await threeGenerations(asys, parent);
  const greatGrandKid = (await f.ask(3, 'name?')) as ActorAddress;
  await f.tell(0, { type: 'ActorExitRequest' });
  await sleep(50);
  assert.equal(await f.ask(0, 'name?'), null);
  assert.equal(await askOrNone(asys, greatGrandKid, 'name?'), null, 'the whole stack ended');
});

test('test07_DeepActorShutdown', async (t) => {
  const asys = await simpleSystem(t);
  const parent = await asys.createActor(RestartParent);
  const f = await threeGenerations(asys, parent);
  await f.tell(3, { type: 'ActorExitRequest' });
  assert.equal(await f.ask(2, 'wait for replacement'), 'replaced');
  for (let depth = 0; depth < 4; depth++) assert.ok(await f.ask(depth, 'name?'));
  await f.tell(2, { type: 'ActorExitRequest' });
  assert.equal(await f.ask(1, 'wait for replacement'), 'replaced');
  for (let depth = 0; depth < 3; depth++) assert.ok(await f.ask(depth, 'name?'));
  // The replacement grandkid has no daughter: asking through it poisons it, and the kid says so.
  assert.equal(await f.ask(3, 'name?'), 'poisoned!');
  await f.tell(0, { type: 'ActorExitRequest' });
  assert.equal(await f.ask(0, 'name?'), null);
});

test('test09_DeepActorSuicideIsPermanent', async (t) => {
  const asys = await simpleSystem(t);
  const parent = await asys.createActor(RestartParent);
  const f = await threeGenerations(asys, parent);
  const kid = await f.ask(1, 'name?');
  const grandkid = await f.ask(2, 'name?');
  const greatgrandkid = await f.ask(3, 'name?');
  await f.tell(0, { killReq: 3 }); // the great-grandkid ends itself; its parent replaces it
  assert.equal(await f.ask(2, 'wait for replacement'), 'replaced');
  assert.deepEqual(await f.ask(0, 'name?'), parent);
  assert.deepEqual(await f.ask(1, 'name?'), kid);
  assert.deepEqual(await f.ask(2, 'name?'), grandkid);
  assert.notDeepEqual(await f.ask(3, 'name?'), greatgrandkid);
  await f.tell(0, { killReq: 1 }); // the kid ends itself: replaced, without knowledge of the grandkids
  assert.equal(await f.ask(0, 'wait for replacement'), 'replaced');
  assert.notDeepEqual(await f.ask(1, 'name?'), kid);
  assert.equal(await f.ask(2, 'name?'), 'poisoned!');
  assert.equal(await f.ask(0, 'poisoned child?'), true);
  await f.tell(0, { killReq: 0 }); // the top level ends itself: no restart
  await sleep(50);
  assert.equal(await f.ask(0, 'name?'), null);
});

test('test_confused_exit', async (t) => {
  const asys = await simpleSystem(t);
  const confused = await asys.createActor(Confused);
  assert.equal(await asys.ask(confused, 'name?', 1), 'dunno');
  const confused2 = await asys.ask<ActorAddress>(confused, 'subactor?', 1);
  assert.equal(await asys.ask(confused2, 'name?', 1), 'dunno');
  await asys.tell(confused2, { type: 'ActorExitRequest' });
  await asys.ask(confused, 'subactor?', 1);
  assert.equal(
    await asys.ask(confused, 'name?', 1),
    'permanent',
    'a throw on ActorExitRequest still ends the actor and tells its parent',
  );
  await asys.tell(confused, { type: 'ActorExitRequest' });
  assert.equal(await askOrNone(asys, confused, 'name?'), null);
});

test('test_confused_msgfail', async (t) => {
  const asys = await simpleSystem(t);
  const heard = listener(asys);
  const confused = await asys.createActor(Confused);
  const confused2 = await asys.ask<ActorAddress>(confused, 'subactor?', 1);
  await asys.tell(confused2, { badFish: 1 });
  const r = (await heard.next()) as PoisonMessage;
  assert.ok(isSystemMessage(r, 'PoisonMessage'));
  assert.deepEqual(r.poisonMessage, { badFish: 1 });
  assert.equal(await asys.ask(confused, 'name?', 1), 'dunno');
  assert.equal(await asys.ask(confused2, 'name?', 1), 'dunno', 'a poisoned actor carries on');
});

test("test08_DeepActorInvoluntaryTermination and test_abrupt_child_exit (daemon: the child's worker calls process.exit)", async (t) => {
  const { asys, seal } = await daemonSystem(t);
  const hKid = await asys.loadActorSource(
    await seal(
      {
        'kid/index.js': `const { Actor } = require('thespian-director'); class Kid extends Actor { receiveMessage(m, s) { if (m === 'fatal') process.exit(0); if (s) this.send(s, this.myAddress); } } exports.Kid = Kid;`,
      },
      'kid',
      '1.0',
    ),
  );
  const hParent = await asys.loadActorSource(
    await seal(
      {
        'parent/index.js': `
          const { Actor, isSystemMessage } = require('thespian-director');
          class Parent extends Actor {
            constructor() { super(); this.exits = 0; }
            async receiveMessage(m, s) {
              if (m === 'have a kid?') { this.kid = await this.createActor('kid.Kid', { sourceHash: ${JSON.stringify('HKID')} }); this.send(s, this.kid); }
              else if (isSystemMessage(m, 'ChildActorExited')) { this.exits++; this.kid = await this.createActor('kid.Kid', { sourceHash: ${JSON.stringify('HKID')} }); }
              else if (m === 'exits?') this.send(s, this.exits);
            }
          }
          exports.Parent = Parent;`.replaceAll('"HKID"', JSON.stringify(hKid)),
      },
      'parent',
      '1.0',
    ),
  );
  const parent = await asys.createActor('parent.Parent', { sourceHash: hParent });
  const kid = await asys.ask<ActorAddress>(parent, 'have a kid?', 5);
  assert.deepEqual(await asys.ask(kid, 'name?', 5), kid);
  await asys.tell(kid, 'fatal');
  const deadline = Date.now() + 10_000;
  let exits = 0;
  while (exits === 0 && Date.now() < deadline) {
    await sleep(100);
    exits = await asys.ask<number>(parent, 'exits?', 5);
  }
  assert.equal(exits, 1, 'the parent in another worker heard of the abrupt exit');
  assert.equal(await askOrNone(asys, kid, 'name?', 0.5), null, 'the old kid is gone');
  const kid2 = await asys.ask<ActorAddress>(parent, 'have a kid?', 5);
  assert.notDeepEqual(kid2, kid);
  assert.deepEqual(await asys.ask(kid2, 'name?', 5), kid2, 'a fresh worker serves the replacement');
});
