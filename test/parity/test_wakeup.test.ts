/**
 * Scenarios of the original's test_wakeup.py. Difference in numbers only: the wakeup period is
 * 250 ms (the original 65 ms) and the wait 800 ms, so that a loaded 2-core machine does not turn
 * "before the wakeup" into "after it".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, isSystemMessage, type ActorAddress } from '../../runtime/src/actors/index';
import { askOrNone, simpleSystem, sleep } from './helpers';

const WAKEUP_MS = 250;
const sleepLongerThanWakeup = (): Promise<void> => sleep(800);
const sleepPartOfWakeupPeriod = (): Promise<void> => sleep(5);

/** 'check' / ['check', payload] asks for a wakeup; 'awoken?' / ['awoken?', payload] counts them. */
class RetryActor extends Actor {
  private readonly wakeups = new Map<unknown, number>();
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (isSystemMessage(m, 'WakeupMessage')) {
      this.wakeups.set(m.payload, (this.wakeups.get(m.payload) ?? 0) + 1);
      return;
    }
    const [cmd, payload] = Array.isArray(m) ? (m as [unknown, unknown]) : [m, undefined];
    if (cmd === 'check') this.wakeupAfter(WAKEUP_MS, payload);
    else if (cmd === 'awoken?' && sender !== null) this.send(sender, this.wakeups.get(payload) ?? 0);
  }
}

test('test_oneWakeup', async (t) => {
  const asys = await simpleSystem(t);
  const waiter = await asys.createActor(RetryActor);
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 0);
  await asys.tell(waiter, 'check');
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 0);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 1);
});

test('test_twoWakeupsDifferentPayloads', async (t) => {
  const asys = await simpleSystem(t);
  const waiter = await asys.createActor(RetryActor);
  await asys.tell(waiter, ['check', 'payload_1']);
  assert.equal(await asys.ask(waiter, ['awoken?', 'payload_1'], 1), 0);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 0);
  assert.equal(await asys.ask(waiter, ['awoken?', 'payload_1'], 1), 1);
  assert.equal(await asys.ask(waiter, ['awoken?', 'payload_2'], 1), 0);
  await asys.tell(waiter, ['check', 'payload_2']);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 0);
  assert.equal(await asys.ask(waiter, ['awoken?', 'payload_1'], 1), 1);
  assert.equal(await asys.ask(waiter, ['awoken?', 'payload_2'], 1), 1);
});

test('test_threeWakeupsDifferentPayloads', async (t) => {
  const asys = await simpleSystem(t);
  const waiter = await asys.createActor(RetryActor);
  await asys.tell(waiter, ['check', 'payload_1']);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, ['awoken?', ''], 1), 0);
  await asys.tell(waiter, ['check', '']);
  await sleepPartOfWakeupPeriod();
  await asys.tell(waiter, 'check');
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 1, 'no payload and the empty string are different payloads');
  assert.equal(await asys.ask(waiter, ['awoken?', 'payload_1'], 1), 1);
  assert.equal(await asys.ask(waiter, ['awoken?', ''], 1), 1);
});

test('test_threeWakeupsInSequence', async (t) => {
  const asys = await simpleSystem(t);
  const waiter = await asys.createActor(RetryActor);
  await asys.tell(waiter, 'check');
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 0);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 1);
  await asys.tell(waiter, 'check');
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 1);
  await sleepLongerThanWakeup();
  await asys.tell(waiter, 'check');
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 2);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 3);
});

test('test_multipleWakeupsPending', async (t) => {
  const asys = await simpleSystem(t);
  const waiter = await asys.createActor(RetryActor);
  await asys.tell(waiter, 'check');
  await asys.tell(waiter, 'check');
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 0);
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 2);
  for (let i = 0; i < 3; i++) {
    await asys.tell(waiter, 'check');
    await sleepPartOfWakeupPeriod();
  }
  await sleepLongerThanWakeup();
  assert.equal(await asys.ask(waiter, 'awoken?', 1), 5);
});

test('test_exitWithWakeupsPending', async (t) => {
  const asys = await simpleSystem(t);
  const waiter = await asys.createActor(RetryActor);
  await asys.tell(waiter, 'check');
  await sleepPartOfWakeupPeriod();
  await asys.tell(waiter, { type: 'ActorExitRequest' });
  await sleepLongerThanWakeup();
  assert.equal(await askOrNone(asys, waiter, 'awoken?'), null, 'ended; its pending wakeup was cancelled without error');
});
