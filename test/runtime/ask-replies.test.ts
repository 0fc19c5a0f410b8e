// The daemon's asks share one reply range per system (a fresh address per ask, one handler):
// each ask still gets only its own reply, system messages other than PoisonMessage never end an
// ask, and what reaches an ask's address after it ended is a dead letter, as it was for the
// endpoint per ask it replaces.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Actor, actorExitRequest, isSystemMessage, type ActorAddress } from '../../runtime/src/actors/index';
import { askOnce } from '../../runtime/src/daemon/ask-once';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import { quietLogger, waitFor } from './helpers';

const systems: Array<{ shutdown(): Promise<void> }> = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});
async function newSystem() {
  const s = await createLocalSystem({ systemName: 'replies:1', loggerFactory: quietLogger });
  systems.push(s);
  return s;
}

/** Answers twice: first a system message (never a reply), then `{ n }`, then `{ late: n }`. */
class TwiceAnswer extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (sender === null || isSystemMessage(m)) return;
    this.send(sender, actorExitRequest());
    this.send(sender, { n: m as number });
    this.send(sender, { late: m as number });
  }
}

/** Answers after `m` ms. */
class Slow extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (sender !== null && typeof m === 'number') this.wakeupAfter(m, sender);
    if (isSystemMessage(m, 'WakeupMessage')) this.send(m.payload as ActorAddress, 'slow answer');
  }
}

/** Collects dead letters. */
class Graveyard extends Actor {
  readonly dead: Array<{ to: ActorAddress; message: unknown }> = [];
  static last: Graveyard | undefined;
  constructor() {
    super();
    Graveyard.last = this;
    this.handleDeadLetters(true);
  }
  override receiveMessage(m: unknown): void {
    if (isSystemMessage(m, 'DeadEnvelope')) this.dead.push({ to: m.deadAddress, message: m.deadMessage });
  }
}

test('many asks in flight each get their own reply; later messages to an ended ask are dead letters', async () => {
  const s = await newSystem();
  await s.createActor(Graveyard);
  const a = await s.createActor(TwiceAnswer);
  const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => askOnce(s, a, i, 5000)));
  assert.deepEqual(
    replies.map((r) => r.reply),
    Array.from({ length: 200 }, (_, i) => ({ n: i })),
  );
  assert.ok(replies.every((r) => r.sender?.id === a.id));
  const g = Graveyard.last!;
  await waitFor(() => g.dead.length === 200, 5000, '200 dead letters');
  const late = g.dead.map((d) => d.message as { late: number }).map((m) => m.late);
  assert.deepEqual(
    late,
    Array.from({ length: 200 }, (_, i) => i),
  );
  // The dead letters name the ask's own (fresh, never reused) reply address.
  assert.equal(new Set(g.dead.map((d) => d.to.id)).size, 200);
});

test('an ask that times out rejects with ASK_TIMEOUT and its late reply is a dead letter', async () => {
  const s = await newSystem();
  await s.createActor(Graveyard);
  const slow = await s.createActor(Slow);
  await assert.rejects(askOnce(s, slow, 150, 30), (e: Error & { code?: string }) => e.code === 'ASK_TIMEOUT');
  const g = Graveyard.last!;
  await waitFor(() => g.dead.some((d) => d.message === 'slow answer'), 5000, 'the late reply as a dead letter');
  // The next ask is not answered by the earlier one's late reply.
  assert.equal((await askOnce(s, slow, 1, 5000)).reply, 'slow answer');
});
