import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { coalesce } = model;

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

test('calls during a run cause exactly one more run, and each caller waits for a run that started after its call', async () => {
  const gates: { open: () => void }[] = [];
  let runs = 0;
  const job = coalesce(async () => {
    runs++;
    const g = gate();
    gates.push(g);
    await g.promise;
  });
  const first = job();
  const second = job();
  const third = job();
  assert.equal(runs, 1);
  assert.equal(second, third, 'callers during one run share the next run');
  gates[0].open();
  await first;
  await new Promise((r) => setImmediate(r));
  assert.equal(runs, 2);
  const fourth = job();
  assert.notEqual(fourth, second, 'a call during the second run waits for a third');
  gates[1].open();
  await second;
  await new Promise((r) => setImmediate(r));
  assert.equal(runs, 3);
  gates[2].open();
  await fourth;
});

test('a steady stream of calls never keeps a waiting caller beyond the next run', async () => {
  let runs = 0;
  const job = coalesce(async () => {
    runs++;
    await new Promise((r) => setImmediate(r));
  });
  let stop = false;
  const stream = (async () => {
    while (!stop) {
      void job();
      await new Promise((r) => setImmediate(r));
    }
  })();
  const started = runs;
  await job();
  stop = true;
  await stream;
  assert.ok(runs - started <= 3, `waited for at most the current and the next run (ran ${runs - started})`);
});

test('a failing run does not stop the next one', async () => {
  let runs = 0;
  const job = coalesce(async () => {
    runs++;
    await Promise.resolve();
    if (runs === 1) throw new Error('first run fails');
  });
  const a = job();
  const b = job();
  await assert.rejects(a, /first run fails/);
  await b;
  assert.equal(runs, 2);
});
