import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { Deadlines } from '../../runtime/src/transport/deadlines';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('deadlines of one wait fire in the order set, each no earlier than its wait; cancelled ones never fire', async () => {
  const d = new Deadlines();
  const fired: string[] = [];
  const t0 = performance.now();
  const at: Record<string, number> = {};
  const a = d.add(40, () => ((at['a'] = performance.now() - t0), fired.push('a')));
  await sleep(15);
  const b = d.add(40, () => ((at['b'] = performance.now() - t0), fired.push('b')));
  const c = d.add(40, () => fired.push('c'));
  d.cancel(c);
  await sleep(120);
  assert.deepEqual(fired, ['a', 'b']);
  assert.ok(at['a'] >= 39 && at['b'] >= 54, `fired at ${JSON.stringify(at)}`);
  assert.equal(a.done && b.done && c.done, true);
});

test('cancelling the oldest deadline lets the lane re-arm for the next; other waits have their own lanes', async () => {
  const d = new Deadlines();
  const fired: string[] = [];
  const first = d.add(30, () => fired.push('first'));
  d.add(60, () => fired.push('long'));
  await sleep(10);
  d.add(30, () => fired.push('second'));
  d.cancel(first);
  d.cancel(first); // twice is harmless
  await sleep(100);
  assert.deepEqual(fired, ['second', 'long']);
});

test('a pending deadline keeps the process alive; once all are cancelled the process exits at once', () => {
  const mod = path.resolve(__dirname, '../../runtime/src/transport/deadlines.js');
  const alive = spawnSync(
    process.execPath,
    ['-e', `const { deadlines } = require(${JSON.stringify(mod)}); deadlines.add(200, () => console.log('fired'));`],
    { encoding: 'utf8' },
  );
  assert.equal(alive.stdout.trim(), 'fired');
  const t0 = performance.now();
  // The later one cancelled first (not at the head), then the head: the lane empties and lets go.
  const script = `const { deadlines } = require(${JSON.stringify(mod)});
    const x = deadlines.add(20000, () => console.log('fired x'));
    const y = deadlines.add(20000, () => console.log('fired y'));
    deadlines.cancel(y);
    setTimeout(() => deadlines.cancel(x), 10);`;
  const gone = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(gone.status, 0, gone.stderr);
  assert.equal(gone.stdout, '');
  assert.ok(performance.now() - t0 < 10_000, 'the process waited for a cancelled deadline');
});
