/**
 * The scenario of the original's test_transient.py. `static transient = ms` (the original's
 * @transient) ends an actor that long after its first message; `static transientIdle = ms`
 * (@transient_idle) after that long without a message. Neither clock runs before the first
 * message. Periods as the original's (500 ms).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, type ActorAddress } from '../../runtime/src/actors/index';
import { askOrNone, simpleSystem, sleep } from './helpers';

class TBase extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (typeof m === 'string' && sender !== null) this.send(sender, `GOT: ${m}`);
  }
}
class T1 extends TBase {
  static transient = 500;
}
class T2 extends TBase {
  static transientIdle = 500;
}
class NotTransient extends TBase {}

test('test_transient', async (t) => {
  const asys = await simpleSystem(t);
  const t1 = await asys.createActor(T1);
  const t2 = await asys.createActor(T2);
  const nt = await asys.createActor(NotTransient);
  await sleep(700); // no clock runs before the first message
  assert.equal(await asys.ask(t1, 'hi.1', 1), 'GOT: hi.1');
  assert.equal(await asys.ask(t2, 'hi.2', 1), 'GOT: hi.2');
  assert.equal(await asys.ask(nt, 'hi.3', 1), 'GOT: hi.3');
  for (let i = 7; i <= 10; i++) {
    await sleep(150);
    assert.equal(await asys.ask(t2, `hi.${i}`, 1), `GOT: hi.${i}`, 'kept alive by messages');
  }
  assert.equal(await askOrNone(asys, t1, 'hi.11', 0.25), null, 'T1 ended 500 ms after its first message');
  assert.equal(await asys.ask(t2, 'hi.12', 1), 'GOT: hi.12');
  await sleep(700);
  assert.equal(await askOrNone(asys, t2, 'hi.13', 0.25), null, 'T2 ended after 500 ms without a message');
  assert.equal(await asys.ask(nt, 'hi.14', 1), 'GOT: hi.14');
});

test('a transient period that is not a positive number is refused with INVALID_TRANSIENT_PERIOD', async (t) => {
  const asys = await simpleSystem(t);
  class Bad extends TBase {
    static transientIdle = -1;
  }
  await assert.rejects(asys.createActor(Bad), (e: { code?: string }) => e.code === 'INVALID_TRANSIENT_PERIOD');
});
