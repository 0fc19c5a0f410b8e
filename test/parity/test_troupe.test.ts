/**
 * Scenarios of the original's test_troupe.py. A class opts in with `static troupe = { maxCount,
 * idleCount }` (the original's @troupe decorator); its address is a leader in front of a pool of
 * workers. The work here waits (timers), as the original's time.sleep did; workers of one troupe
 * share their source's thread, so they overlap waiting, not CPU (docs/compatibility.md). Times are
 * scaled down from the original's (one pass, shorter sleeps). The string commands
 * ("troupe:set_max_count=…") are not offered; the UpdateTroupeSettings message is.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Actor,
  isSystemMessage,
  updateTroupeSettings,
  type ActorAddress,
  type PoisonMessage,
  type TroupeSettings,
} from '../../runtime/src/actors/index';
import type { ActorSystem, SimpleActorSystem } from '../../runtime/src/actor-system';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { daemonSystem, listener, simpleSystem, sleep } from './helpers';

class Bee extends Actor {
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (Array.isArray(m) && sender !== null) {
      await sleep(m[0] as number);
      this.send(sender, `${String(m[1])} buzz`);
    }
  }
}

class Hive extends Bee {
  static troupe: TroupeSettings = {};
}

/** A troupe whose workers pass the work on to a Hive and stay reserved until its answer is back. */
class Colony extends Actor {
  static troupe: TroupeSettings = { maxCount: 4 };
  private hive: ActorAddress | null = null;
  private readonly askers: ActorAddress[] = [];
  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {
    if (Array.isArray(m) && sender !== null) {
      this.hive ??= await this.createActor(Hive);
      this.askers.push(sender);
      this.send(this.hive, m);
      this.troupeWorkInProgress = true;
    } else if (typeof m === 'string') {
      this.send(this.askers.shift()!, m);
      this.troupeWorkInProgress = this.askers.length > 0;
    }
  }
}

/** UpdateTroupeSettings as the client sends it (plain data). */
const settings = (s: { maxCount?: number; idleCount?: number } = {}): JsonValue =>
  updateTroupeSettings(s) as unknown as JsonValue;

const big: Array<[number, string]> = [
  [200, 'Fizz'],
  [400, 'Honey'],
  [100, 'Flower'],
  [300, 'Pollen'],
];
const small: Array<[number, string]> = Array.from({ length: 24 }, (_, i) => [10, `Flower${i}`]);
const testdata = [...big, ...small];
const SEQUENTIAL_MS = testdata.reduce((a, [ms]) => a + ms, 0); // 1240

/** Send all the work, collect every answer; returns the elapsed time. */
async function useActorForTest(asys: ActorSystem, bee: ActorAddress): Promise<number> {
  const heard = listener(asys);
  const start = Date.now();
  for (const each of testdata) await asys.tell(bee, each);
  const answers: unknown[] = [];
  for (let i = 0; i < testdata.length; i++) answers.push(await heard.next(10_000));
  const elapsed = Date.now() - start;
  assert.deepEqual(answers.map(String).sort(), testdata.map(([, w]) => `${w} buzz`).sort());
  return elapsed;
}

function liveCount(asys: SimpleActorSystem, actorClass: string): () => number {
  let n = 0;
  asys.core.onEvent((e) => {
    if (e.kind === 'actor-started' && e.actorClass === actorClass) n++;
    if (e.kind === 'actor-exited' && e.actorClass === actorClass) n--;
  });
  return () => n;
}

test('testSingleBee', async (t) => {
  const asys = await simpleSystem(t);
  const elapsed = await useActorForTest(asys, await asys.createActor(Bee));
  assert.ok(elapsed >= SEQUENTIAL_MS, `one actor works through it in turn (${elapsed} ms)`);
});

test('testHive', async (t) => {
  const asys = await simpleSystem(t);
  const live = liveCount(asys, 'Hive');
  const hive = await asys.createActor(Hive);
  const elapsed = await useActorForTest(asys, hive);
  assert.ok(elapsed >= 400, 'the longest piece of work bounds it');
  assert.ok(elapsed < SEQUENTIAL_MS, `ten workers share it (${elapsed} ms < ${SEQUENTIAL_MS} ms)`);
  await sleep(50);
  assert.equal(live(), 1 + 2, 'after the burst: the leader and idleCount (2) idle workers');
  await asys.tell(hive, { type: 'ActorExitRequest' });
  await sleep(50);
  assert.equal(live(), 0, 'the leader ends its workers with it');
});

test('testSmallHive_AdjMsg', async (t) => {
  const asys = await simpleSystem(t);
  const live = liveCount(asys, 'Hive');
  const hive = await asys.createActor(Hive);
  assert.deepEqual(await asys.ask(hive, settings(), 2), {
    troupe: { maxCount: 10, idleCount: 2, workers: 0, idle: 0, queued: 0 },
  });
  const bad = await asys.ask<PoisonMessage>(hive, settings({ maxCount: 'nine' as never }), 2);
  assert.ok(isSystemMessage(bad, 'PoisonMessage'));
  assert.match(bad.details, /INVALID_TROUPE_SETTINGS/);
  assert.deepEqual(await asys.ask(hive, settings({ maxCount: 1 }), 2), {
    troupe: { maxCount: 1, idleCount: 1, workers: 0, idle: 0, queued: 0 },
  });
  assert.ok((await useActorForTest(asys, hive)) >= SEQUENTIAL_MS, 'one worker: in turn');
  await asys.ask(hive, settings({ maxCount: 2, idleCount: 2 }), 2);
  const two = await useActorForTest(asys, hive);
  assert.ok(two >= SEQUENTIAL_MS / 2 - 50 && two < SEQUENTIAL_MS, `two workers: about half (${two} ms)`);
  await asys.ask(hive, settings({ maxCount: 28 }), 2);
  assert.ok((await useActorForTest(asys, hive)) < 400 + 300, 'one worker per item: the longest item dominates');
  const r = await asys.ask<{ troupe: { idle: number } }>(hive, settings({ maxCount: 1, idleCount: 1 }), 2);
  assert.equal(r.troupe.idle, 1, 'lowering the counts ends the surplus idle workers');
  await sleep(50);
  assert.equal(live(), 2, 'the leader and one worker');
});

test('testColony', async (t) => {
  const asys = await simpleSystem(t);
  const elapsed = await useActorForTest(asys, await asys.createActor(Colony));
  // Four colony workers, each reserved until its Hive's answer is back: at most four in flight.
  assert.ok(elapsed < SEQUENTIAL_MS, `${elapsed} ms`);
});

test('a troupe class with invalid settings is refused at createActor with INVALID_TROUPE_SETTINGS', async (t) => {
  const asys = await simpleSystem(t);
  class Broken extends Bee {
    static troupe = { maxCount: 0 };
  }
  await assert.rejects(asys.createActor(Broken), (e: { code?: string }) => e.code === 'INVALID_TROUPE_SETTINGS');
});

test('testHive (daemon: a troupe class in a loaded source)', async (t) => {
  const { asys, seal } = await daemonSystem(t);
  const hash = await asys.loadActorSource(
    await seal(
      {
        'bees/index.js': `
          const { Actor } = require('thespian-director');
          class Hive extends Actor {
            async receiveMessage(m, s) {
              if (!Array.isArray(m) || s === null) return;
              await new Promise((r) => setTimeout(r, m[0]));
              this.send(s, m[1] + ' buzz');
            }
          }
          Hive.troupe = { maxCount: 8 };
          exports.Hive = Hive;`,
      },
      'bees',
      '1.0',
    ),
  );
  const hive = await asys.createActor('bees.Hive', { sourceHash: hash });
  const elapsed = await useActorForTest(asys, hive);
  assert.ok(elapsed < SEQUENTIAL_MS, `the workers in the source's worker overlap (${elapsed} ms)`);
});
