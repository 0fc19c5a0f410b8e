import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Actor, ActorSystemError, isSystemMessage, type ActorAddress } from '../../runtime/src/actors/index';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { SystemEvent } from '../../runtime/src/system/system-core';
import { ask, quietLogger, recorder, waitFor } from './helpers';

const systems: Array<{ shutdown(): Promise<void> }> = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});
async function newSystem(capabilities = {}) {
  const s = await createLocalSystem({ systemName: 'test:1', capabilities, loggerFactory: quietLogger });
  systems.push(s);
  return s;
}

class Echo extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (sender !== null && !isSystemMessage(m)) this.send(sender, { echo: m });
  }
}

class Forwarder extends Actor {
  private target: ActorAddress | null = null;
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (m === 'make') {
      this.target = await this.createActor(Echo);
      if (sender) this.send(sender, 'made');
    } else if (this.target !== null && sender !== null && !isSystemMessage(m)) {
      // replies from the echo come back here; pass them on
      this.send(this.target, m);
    }
  }
}

test('a main-thread actor created by class answers a message sent with an endpoint as sender', async () => {
  const s = await newSystem();
  const a = await s.createActor(Echo);
  assert.equal(a.system, 'test:1');
  assert.deepEqual(await ask(s, a, 'hi'), { echo: 'hi' });
});

test('an actor handles one message at a time even when its handler is async', async () => {
  const s = await newSystem();
  class Slow extends Actor {
    private active = 0;
    private maxActive = 0;
    private seen: number[] = [];
    override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
      if (m === 'report') {
        if (sender) this.send(sender, { maxActive: this.maxActive, seen: this.seen });
        return;
      }
      this.active++;
      this.maxActive = Math.max(this.maxActive, this.active);
      await new Promise((r) => setImmediate(r));
      this.seen.push(m as number);
      this.active--;
    }
  }
  const a = await s.createActor(Slow);
  for (let i = 0; i < 20; i++) s.tell(a, i);
  assert.deepEqual(await ask(s, a, 'report'), { maxActive: 1, seen: [...Array(20).keys()] });
});

test('globalName returns the live actor, and a new one after it exited', async () => {
  const s = await newSystem();
  const [a, b] = await Promise.all([
    s.createActor(Echo, { globalName: 'G' }),
    s.createActor(Echo, { globalName: 'G' }),
  ]);
  assert.deepEqual(a, b);
  const rec = recorder(s);
  s.tell(a, { type: 'ActorExitRequest' }, rec.address);
  const events: SystemEvent[] = [];
  s.onEvent((e) => events.push(e));
  await waitFor(() => events.some((e) => e.kind === 'actor-exited'), 5000, 'exit');
  const c = await s.createActor(Echo, { globalName: 'G' });
  assert.notDeepEqual(c, a);
  rec.close();
});

test('a handler that throws is retried once, then the message returns to its sender as PoisonMessage', async () => {
  const s = await newSystem();
  let calls = 0;
  class Thrower extends Actor {
    override receiveMessage(m: unknown): void {
      if (m === 'boom') {
        calls++;
        throw new Error('kaboom');
      }
    }
  }
  const a = await s.createActor(Thrower);
  const reply = await ask(s, a, 'boom');
  assert.equal(calls, 2);
  assert.ok(isSystemMessage(reply, 'PoisonMessage'));
  assert.equal(reply.poisonMessage, 'boom');
  assert.match(reply.details, /kaboom/);
});

test('an async handler that rejects twice also yields a PoisonMessage, and the actor keeps working', async () => {
  const s = await newSystem();
  class AsyncThrower extends Actor {
    override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
      await Promise.resolve();
      if (m === 'boom') throw new Error('async kaboom');
      if (sender) this.send(sender, 'fine');
    }
  }
  const a = await s.createActor(AsyncThrower);
  const reply = await ask(s, a, 'boom');
  assert.ok(isSystemMessage(reply, 'PoisonMessage'));
  assert.equal(await ask(s, a, 'ok?'), 'fine');
});

test('wakeupAfter delivers a WakeupMessage with the payload to the actor itself', async () => {
  const s = await newSystem();
  class Sleeper extends Actor {
    private asker: ActorAddress | null = null;
    override receiveMessage(m: unknown, sender: ActorAddress | null): void {
      if (m === 'nap') {
        this.asker = sender;
        this.wakeupAfter(20, { p: 1 });
      } else if (isSystemMessage(m, 'WakeupMessage') && this.asker) {
        this.send(this.asker, { woke: m.payload, delay: m.delayMs, fromSelf: sender?.id === this.myAddress.id });
      }
    }
  }
  const a = await s.createActor(Sleeper);
  assert.deepEqual(await ask(s, a, 'nap'), { woke: { p: 1 }, delay: 20, fromSelf: true });
});

test('ActorExitRequest runs the handler, ends the actor and its children, and tells the parent', async () => {
  const s = await newSystem();
  const log: string[] = [];
  class Child extends Actor {
    override receiveMessage(m: unknown): void {
      if (isSystemMessage(m, 'ActorExitRequest')) log.push('child exit');
    }
  }
  class Parent extends Actor {
    private watcher: ActorAddress | null = null;
    override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
      if (m === 'spawn') {
        this.watcher = sender;
        const c = await this.createActor(Child);
        if (sender) this.send(sender, c);
      } else if (isSystemMessage(m, 'ActorExitRequest')) {
        log.push('parent exit');
      }
    }
  }
  class GrandParent extends Actor {
    private watcher: ActorAddress | null = null;
    override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
      if (m === 'spawn') {
        this.watcher = sender;
        const p = await this.createActor(Parent);
        if (sender) this.send(sender, p);
      } else if (isSystemMessage(m, 'ChildActorExited') && this.watcher) {
        this.send(this.watcher, { childExited: m.childAddress.id });
      }
    }
  }
  const g = await s.createActor(GrandParent);
  const p = (await ask(s, g, 'spawn')) as ActorAddress;
  const c = (await ask(s, p, 'spawn')) as ActorAddress;
  assert.ok(c.id);
  const rec = recorder(s);
  // The grandparent reports the parent's exit to whoever spawned it (the endpoint of the first ask is closed, so use tell).
  s.tell(g, 'spawn', rec.address);
  await waitFor(() => rec.got.length === 1, 5000, 'second parent');
  const p2 = rec.got[0] as ActorAddress;
  s.tell(p2, { type: 'ActorExitRequest' });
  await waitFor(() => rec.got.length === 2, 5000, 'ChildActorExited at the grandparent');
  assert.deepEqual(rec.got[1], { childExited: p2.id });
  s.tell(p, { type: 'ActorExitRequest' });
  await waitFor(() => log.filter((l) => l === 'child exit').length === 1, 5000, 'child exit');
  assert.ok(log.includes('parent exit'));
  rec.close();
});

test('createActor of a class that is not an Actor fails with INVALID_ACTOR_SPECIFICATION', async () => {
  const s = await newSystem();
  class NotAnActor {}
  await assert.rejects(s.createActor(NotAnActor), (e: ActorSystemError) => e.code === 'INVALID_ACTOR_SPECIFICATION');
});

test('an Actor constructed with new, outside createActor, fails with INVALID_ACTOR_SPECIFICATION', () => {
  assert.throws(
    () => new Echo(),
    (e: ActorSystemError) => e.code === 'INVALID_ACTOR_SPECIFICATION',
  );
});

test('capability requirements the class refuses fail with NO_COMPATIBLE_SYSTEM_FOR_ACTOR; met ones create', async () => {
  const s = await newSystem({ gpu: true, zone: 'a' });
  await assert.rejects(
    s.createActor(Echo, { targetActorRequirements: { gpu: false } }),
    (e: ActorSystemError) => e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  );
  const a = await s.createActor(Echo, { targetActorRequirements: { gpu: true, zone: 'a' } });
  assert.deepEqual(await ask(s, a, 1), { echo: 1 });
  class Picky extends Echo {
    static override actorSystemCapabilityCheck(caps: { [k: string]: unknown }): boolean {
      return caps.zone === 'b';
    }
  }
  await assert.rejects(
    s.createActor(Picky, { targetActorRequirements: {} }),
    (e: ActorSystemError) => e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  );
});

test('a dotted name without a source hash is an IMPORT_ERROR; an undotted one an INVALID_ACTOR_SPECIFICATION', async () => {
  const s = await newSystem();
  await assert.rejects(s.createActor('foo.FooActor'), (e: ActorSystemError) => e.code === 'IMPORT_ERROR');
  await assert.rejects(s.createActor('FooActor'), (e: ActorSystemError) => e.code === 'INVALID_ACTOR_SPECIFICATION');
});

test('loadActorSource with no Source Authority registered is refused at once with NO_SOURCE_AUTHORITY', async () => {
  const s = await newSystem();
  await assert.rejects(
    s.loadActorSource(new Uint8Array([1, 2, 3]), 'x.zip'),
    (e: ActorSystemError) => e.code === 'NO_SOURCE_AUTHORITY',
  );
  await assert.rejects(s.createActor('foo.FooActor', { sourceHash: 'this is bogus' }), (e: ActorSystemError) => {
    assert.equal(e.code, 'INVALID_ACTOR_SOURCE_HASH');
    assert.equal(e.message, 'Source hash this is bogus does not match any loaded sources.');
    return true;
  });
});

test('shutdown sends every actor ActorExitRequest and emits actor-exited; later creates fail with ACTOR_SYSTEM_SHUT_DOWN', async () => {
  const s = await createLocalSystem({ systemName: 'test:2', loggerFactory: quietLogger });
  const seen: string[] = [];
  class Stopper extends Actor {
    override receiveMessage(m: unknown): void {
      if (isSystemMessage(m, 'ActorExitRequest')) seen.push(this.myAddress.id);
    }
  }
  await s.createActor(Stopper);
  await s.createActor(Stopper);
  const exits: SystemEvent[] = [];
  s.onEvent((e) => e.kind === 'actor-exited' && exits.push(e));
  await s.shutdown();
  assert.equal(seen.length, 2);
  assert.equal(exits.length, 2);
  await assert.rejects(s.createActor(Echo), (e: ActorSystemError) => e.code === 'ACTOR_SYSTEM_SHUT_DOWN');
});

test('a Forwarder child created with this.createActor is reachable', async () => {
  const s = await newSystem();
  const f = await s.createActor(Forwarder);
  assert.equal(await ask(s, f, 'make'), 'made');
});

test('setGlobalName moves a global name to another actor, and null releases it', async () => {
  const s = await newSystem();
  const old = await s.createActor(Echo, { globalName: 'Moo' });
  const fresh = await s.createActor(Echo);
  s.setGlobalName('Moo', fresh);
  assert.deepEqual(await s.createActor(Echo, { globalName: 'Moo' }), fresh);
  assert.deepEqual(await ask(s, old, 'still'), { echo: 'still' });
  s.setGlobalName('Moo', null);
  const third = await s.createActor(Echo, { globalName: 'Moo' });
  assert.notDeepEqual(third, fresh);
  assert.notDeepEqual(third, old);
});
