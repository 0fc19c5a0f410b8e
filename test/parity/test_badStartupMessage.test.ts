/**
 * The scenario of the original's test_badStartupMessage.py: a child that throws on the first
 * message its parent sends it. Here the handler is retried once and the message goes back to the
 * parent as PoisonMessage; the parent does not loop and keeps answering.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, isSystemMessage, type ActorAddress } from '../../runtime/src/actors/index';
import { simpleSystem, sleep } from './helpers';

class Child extends Actor {
  override receiveMessage(m: unknown): void {
    if (m === 'Hello') throw new Error('I am Grumpy!');
  }
}

class Parent extends Actor {
  private poisons = 0;
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (m === 'Make Child') this.send(await this.createActor(Child), 'Hello');
    else if (m === 'Hello' && sender !== null) this.send(sender, 'Hi');
    else if (isSystemMessage(m, 'PoisonMessage')) this.poisons++;
    else if (m === 'poisons?' && sender !== null) this.send(sender, this.poisons);
  }
}

test('test_fail_on_startup_message', async (t) => {
  const asys = await simpleSystem(t);
  const parent = await asys.createActor(Parent);
  assert.equal(await asys.ask(parent, 'Hello', 3), 'Hi');
  await asys.tell(parent, 'Make Child');
  assert.equal(await asys.ask(parent, 'Hello', 3), 'Hi');
  await sleep(200);
  assert.equal(await asys.ask(parent, 'Hello', 3), 'Hi');
  assert.equal(await asys.ask(parent, 'poisons?', 3), 1, 'the start message came back once, as PoisonMessage');
});
