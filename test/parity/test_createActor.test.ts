/**
 * Scenarios of the original's test_createActor.py. Deliberate difference: classes by dotted name
 * come only from a loaded source (with its sourceHash), never from the program's own modules, so
 * the by-name scenarios load a package (sub1/upper, sub1/sub2/lower) on the simple base first.
 * Tuples are arrays or objects here (plain data).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, isActorAddress, type ActorAddress, type ActorSystemError } from '../../runtime/src/actors/index';
import type { ActorSystem } from '../../runtime/src/actor-system';
import { AcceptAllAuthority, makeZip } from '../runtime/helpers';
import { listener, simpleSystem } from './helpers';

class BarActor extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (typeof m === 'string' && sender !== null) this.send(sender, `SAW: ${m}`);
    else if (Array.isArray(m) && isActorAddress(m[0])) this.send(m[0], `Saw: ${String(m[1])}`);
  }
}

class BarnActor extends Actor {
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (Array.isArray(m) && m[0] === 'Get A Cow' && sender !== null)
      this.send(sender, [await this.createActor(BarActor), m[1]]);
  }
}

class CowActor extends Actor {
  private barn: ActorAddress | null = null;
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (typeof m === 'string' && sender !== null) {
      this.send(sender, `MOO: ${m}`);
    } else if (typeof m === 'number') {
      const bar = await this.createActor(BarActor);
      this.send(bar, [sender, String(m)]);
      this.send(bar, { type: 'ActorExitRequest' });
    } else if (Array.isArray(m) && !isActorAddress(m[0])) {
      this.barn ??= await this.createActor(BarnActor);
      for (const each of m) this.send(this.barn, ['Get A Cow', [sender, each]]);
    } else if (Array.isArray(m) && isActorAddress(m[0])) {
      // The barn's answer: [bar, [asker, n]]
      const [bar, [asker, n]] = m as [ActorAddress, [ActorAddress, number]];
      this.send(bar, [asker, String(n)]);
    }
  }
}

/** The original's thespian/test/sub1 package, as a loaded source. */
async function floors(asys: ActorSystem): Promise<string> {
  await asys.createActor(AcceptAllAuthority);
  return asys.loadActorSource(
    await makeZip({
      'sub1/upper.js': `
        const { Actor } = require('thespian-director');
        class UpperFloor extends Actor {
          async receiveMessage(m, s) {
            if (typeof m === 'string') this.send(s, 'Viewed: ' + m);
            else if (Array.isArray(m)) {
              this.subA = this.subA || await this.createActor('sub1.sub2.lower.LowerFloor');
              this.send(this.subA, [m[1], s]);
            }
          }
        }
        exports.UpperFloor = UpperFloor;`,
      'sub1/sub2/lower.js': `
        const { Actor } = require('thespian-director');
        class LowerFloor extends Actor {
          receiveMessage(m, s) {
            if (typeof m === 'string') this.send(s, 'Heard: ' + m);
            else if (Array.isArray(m)) this.send(m[1], 'And Heard: ' + m[0]);
          }
        }
        exports.LowerFloor = LowerFloor;`,
    }),
  );
}

const code = (c: string) => (e: ActorSystemError) => e.code === c;

test('test01_verifyFooActorNotAvailableByName', async (t) => {
  const asys = await simpleSystem(t);
  await assert.rejects(asys.createActor('foo.FooActor'), code('IMPORT_ERROR'));
});

test('test02_verifyBarActorAvailableByReference', async (t) => {
  const asys = await simpleSystem(t);
  const bar = await asys.createActor(BarActor);
  assert.equal(await asys.ask(bar, 'hello', 2.5), 'SAW: hello');
});

test('test03_simpleBarActorStringNotSupported', async (t) => {
  const asys = await simpleSystem(t);
  await assert.rejects(asys.createActor('BarActor'), code('INVALID_ACTOR_SPECIFICATION'));
});

test('test03_verifyActorAvailableToOtherActorsInSameScopeByShortName', async (t) => {
  const asys = await simpleSystem(t);
  const cow = await asys.createActor(CowActor);
  assert.equal(await asys.ask(cow, 'you', 2.5), 'MOO: you');
  assert.equal(await asys.ask(cow, 99, 2.5), 'Saw: 99');
});

test('test03_verifyBarActorAvailableByFullyQualifiedName', async (t) => {
  const asys = await simpleSystem(t);
  const hash = await floors(asys);
  const low = await asys.createActor('sub1.sub2.lower.LowerFloor', { sourceHash: hash });
  assert.equal(await asys.ask(low, 'greetings', 2.5), 'Heard: greetings');
  // Without the hash the name means nothing (deliberate: no classes by name from the program).
  await assert.rejects(asys.createActor('sub1.sub2.lower.LowerFloor'), code('IMPORT_ERROR'));
});

test('test04_verifyLowerFloorActorAvailableByName', async (t) => {
  const asys = await simpleSystem(t);
  const hash = await floors(asys);
  const low = await asys.createActor('sub1.sub2.lower.LowerFloor', { sourceHash: hash });
  assert.equal(await asys.ask(low, 'pin drop', 2.5), 'Heard: pin drop');
});

test('test05_verifyActorCanCreateSubActorByName', async (t) => {
  const asys = await simpleSystem(t);
  const hash = await floors(asys);
  const upper = await asys.createActor('sub1.upper.UpperFloor', { sourceHash: hash });
  assert.equal(await asys.ask(upper, 'picture show', 2.5), 'Viewed: picture show');
  assert.equal(await asys.ask(upper, [null, 'soundtrack'], 2.5), 'And Heard: soundtrack');
});

async function listenFor(asys: ActorSystem, send: () => Promise<void>, n: number): Promise<void> {
  const heard = listener(asys);
  await send();
  const responses: unknown[] = [];
  for (let i = 0; i < n; i++) responses.push(await heard.next(7500));
  for (let i = 0; i < n; i++) assert.ok(responses.includes(`Saw: ${i}`), `Saw: ${i} in ${JSON.stringify(responses)}`);
}

test('test06_created_by_other_actor', async (t) => {
  const asys = await simpleSystem(t);
  const cow = await asys.createActor(CowActor);
  await listenFor(asys, () => asys.tell(cow, [0, 1, 2, 3]), 4);
});

test('test10_verify_multiple_sub_actor_creates', async (t) => {
  const asys = await simpleSystem(t);
  const cow = await asys.createActor(CowActor);
  await listenFor(
    asys,
    async () => {
      for (let i = 0; i < 100; i++) await asys.tell(cow, i);
    },
    100,
  );
});

test('test11_created_lots_by_other_actor', async (t) => {
  const asys = await simpleSystem(t);
  const cow = await asys.createActor(CowActor);
  await listenFor(
    asys,
    () =>
      asys.tell(
        cow,
        Array.from({ length: 100 }, (_, i) => i),
      ),
    100,
  );
});
