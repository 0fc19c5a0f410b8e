/**
 * Scenarios of the original's test_globalName.py. Difference: "no answer" is ASK_TIMEOUT here
 * (askOrNone turns it into null). The last test runs the in-instance name on a real daemon, in a
 * source worker.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, formatAddress, isSystemMessage, type ActorAddress } from '../../runtime/src/actors/index';
import { askOrNone, askUntil, daemonSystem, simpleSystem } from './helpers';

class ThereCanBeOnlyOne extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (!isSystemMessage(m) && sender !== null) this.send(sender, `ONE: ${String(m)}`);
  }
}

class GlobalNameReporter extends Actor {
  override receiveMessage(_m: unknown, sender: ActorAddress | null): void {
    if (sender !== null) this.send(sender, this.globalName);
  }
}

class Parent extends Actor {
  private readonly updates: string[] = [];
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (m === 'newChild') {
      if (sender !== null) this.send(sender, await this.createActor(Parent));
    } else if (m === 'newGlobalChild') {
      const child = await this.createActor(ThereCanBeOnlyOne, { globalName: 'OnlyOne' });
      if (sender !== null) this.send(sender, child);
      this.send(child, 'hi');
      this.send(child, 'ho');
    } else if (typeof m === 'string' && m.startsWith('ONE: ')) {
      this.updates.push(m);
    } else if (m === 'Checking') {
      if (sender !== null) this.send(sender, this.updates.shift() ?? null);
    } else if (!isSystemMessage(m) && sender !== null) {
      this.send(sender, `PARENT: ${String(m)}`);
    }
  }
}

test('testPrimarySingletons', async (t) => {
  const asys = await simpleSystem(t);
  const one = await asys.createActor(ThereCanBeOnlyOne, { globalName: 'OnlyOne' });
  assert.equal(await asys.ask(one, 'yes'), 'ONE: yes');
  const uno = await asys.createActor(ThereCanBeOnlyOne, { globalName: 'OnlyOne' });
  assert.equal(formatAddress(one), formatAddress(uno));
  assert.equal(await asys.ask(uno, 'end'), 'ONE: end');
  const dos = await asys.createActor(ThereCanBeOnlyOne, { globalName: 'not the one' });
  assert.notEqual(formatAddress(one), formatAddress(dos));
  assert.equal(await asys.ask(uno, 'time'), 'ONE: time');
  assert.equal(await asys.ask(dos, 'day'), 'ONE: day');
  const tres = await asys.createActor(ThereCanBeOnlyOne);
  assert.notEqual(formatAddress(uno), formatAddress(tres));
  assert.notEqual(formatAddress(tres), formatAddress(dos));
  assert.equal(await asys.ask(tres, 'Alice!'), 'ONE: Alice!');
});

test('testSubActorsSingletons', async (t) => {
  const asys = await simpleSystem(t);
  const pa = await asys.createActor(Parent);
  assert.equal(await asys.ask(pa, 'me'), 'PARENT: me');
  const subUno = await asys.ask<ActorAddress>(pa, 'newGlobalChild');
  assert.notDeepEqual(subUno, pa);
  assert.equal(await asys.ask(subUno, 'me'), 'ONE: me');
  const subDos = await asys.ask<ActorAddress>(pa, 'newGlobalChild');
  assert.deepEqual(subDos, subUno);
  assert.equal(await asys.ask(subDos, 'again'), 'ONE: again');
  const subTres = await asys.ask<ActorAddress>(pa, 'newChild');
  assert.notDeepEqual(subTres, subUno);
  assert.equal(await asys.ask(subTres, 'not me'), 'PARENT: not me');
  // The messages sent right after each create reached the named child, in order, both times.
  for (const expected of ['ONE: hi', 'ONE: ho', 'ONE: hi', 'ONE: ho']) {
    assert.equal(await askUntil(asys, pa, 'Checking', (r) => r !== null), expected);
  }
});

test('testPrimaryAndSubActorSingletons', async (t) => {
  const asys = await simpleSystem(t);
  const pa = await asys.createActor(Parent);
  const subUno = await asys.ask<ActorAddress>(pa, 'newGlobalChild');
  // Asking for the name with another class gives the live holder, not a new Parent.
  const dos = await asys.createActor(Parent, { globalName: 'OnlyOne' });
  assert.deepEqual(dos, subUno);
  assert.equal(await asys.ask(subUno, 'check'), 'ONE: check');
  assert.equal(await asys.ask(dos, 'balance'), 'ONE: balance');
});

test('testSubActorAndPrimarySingletons', async (t) => {
  const asys = await simpleSystem(t);
  const pa = await asys.createActor(Parent);
  const uno = await asys.createActor(ThereCanBeOnlyOne, { globalName: 'OnlyOne' });
  const subDos = await asys.ask<ActorAddress>(pa, 'newGlobalChild');
  assert.deepEqual(uno, subDos);
  assert.equal(await asys.ask(uno, 'check'), 'ONE: check');
  assert.equal(await asys.ask(subDos, 'balance'), 'ONE: balance');
});

test('testGlobalNameInInstance', async (t) => {
  const asys = await simpleSystem(t);
  const named = await asys.createActor(GlobalNameReporter, { globalName: 'MyName' });
  assert.equal(await asys.ask(named, ''), 'MyName');
  const unnamed = await asys.createActor(GlobalNameReporter);
  assert.equal(await asys.ask(unnamed, ''), null, 'an actor without a name reads null (the original: None)');
});

test('testGlobalNameOverridesClass', async (t) => {
  const asys = await simpleSystem(t);
  const named = await asys.createActor(ThereCanBeOnlyOne, { globalName: 'mine' });
  assert.equal(await asys.ask(named, 'running'), 'ONE: running');
  // A bogus spec with a live name is not even looked at: the holder is returned.
  const referenced = await asys.createActor('This.is.bogus', { globalName: 'mine' });
  assert.deepEqual(referenced, named);
  assert.equal(await asys.ask(referenced, 'the same'), 'ONE: the same');
  await asys.tell(referenced, { type: 'ActorExitRequest' });
  assert.equal(await askOrNone(asys, named, 'ok?'), null);
  assert.equal(await askOrNone(asys, referenced, 'hello?'), null);
});

test('testGlobalNameInInstance (daemon, actor in a source worker)', async (t) => {
  const { asys, seal } = await daemonSystem(t);
  const pkg = await seal(
    {
      'names/index.js': `
        const { Actor } = require('thespian-director');
        class Reporter extends Actor {
          async receiveMessage(m, sender) {
            if (sender === null) return;
            if (m === 'child') {
              const c = await this.createActor('names.Reporter', { globalName: 'ChildName' });
              this.send(sender, c);
            } else this.send(sender, this.globalName);
          }
        }
        exports.Reporter = Reporter;`,
    },
    'names',
    '1.0',
  );
  const hash = await asys.loadActorSource(pkg);
  const named = await asys.createActor('names.Reporter', { sourceHash: hash, globalName: 'MyName' });
  assert.equal(await asys.ask(named, ''), 'MyName');
  const unnamed = await asys.createActor('names.Reporter', { sourceHash: hash });
  assert.equal(await asys.ask(unnamed, ''), null);
  // Named by an actor inside the worker (the create goes through the main thread and back).
  const child = await asys.ask<ActorAddress>(unnamed, 'child');
  assert.equal(await asys.ask(child, ''), 'ChildName');
});
