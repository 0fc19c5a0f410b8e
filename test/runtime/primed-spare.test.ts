// A worker primed for a coming load (the Director primes one when a client asks it to define a
// group or load a source): the next load runs in it, with the source's own memory budget; unused,
// it ends after its idle time, so an idle daemon holds no spare; it is not filled again after use.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import { SpareWorker } from '../../runtime/src/source-host/worker-transport';
import { fooPackage } from './fixtures';
import { AcceptAllAuthority, ask, quietLogger, waitFor } from './helpers';

// Keeps 8 MiB Buffers until its worker is ended for it.
const HOG = `
  const { Actor } = require('thespian-director');
  class Hog extends Actor { receiveMessage() { const keep = []; setInterval(() => keep.push(Buffer.alloc(8 * 1024 * 1024, 1)), 10); } }
  exports.Hog = Hog;`;

const script = path.join(__dirname, '..', '..', 'runtime', 'src', 'source-host', 'worker-main.js');

test('a primed worker runs the next load, and a load over its memory budget still loses only its worker', async () => {
  const s = await createLocalSystem({ systemName: 'primed:1', loggerFactory: quietLogger });
  try {
    await s.createActor(AcceptAllAuthority);
    const prime = (): void => {
      assert.equal(typeof s.primeWorker, 'function', 'the local system primes workers');
      s.primeWorker?.();
    };
    prime();
    const h = await s.loadActorSource(await fooPackage('P:'), 'foo.zip');
    const a = await s.createActor('foo.FooActor', { sourceHash: h });
    assert.equal(await ask(s, a, 'x'), 'P:x');
    // The budget travels with the boot message, so a primed worker gets it as a fresh one does.
    prime();
    const ended: string[] = [];
    s.onEvent((e) => {
      if (e.kind === 'actor-exited') ended.push(e.reason ?? '');
    });
    const hog = await s.loadActorSource(await fooPackage('H:', { 'hog/index.js': HOG }), 'hog.zip', {
      memoryBudgetMb: 32,
    });
    const b = await s.createActor('hog.Hog', { sourceHash: hog });
    s.tell(b, 'eat');
    await waitFor(
      () => ended.some((r) => /memory budget of 32 MiB/.test(r)),
      10_000,
      `the hog to lose its worker (${ended.join('; ')})`,
    );
    assert.equal(await ask(s, a, 'y'), 'P:y');
  } finally {
    await s.shutdown();
  }
});

test('a primed spare unused ends after its idle time, and is not filled again after use', async () => {
  const spare = new SpareWorker(script, {}, false, 100);
  try {
    spare.fill();
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(spare.take(), null, 'the unused spare ended');
    spare.fill();
    const w = spare.take();
    assert.ok(w !== null, 'a spare was waiting');
    spare.refill();
    assert.equal(spare.take(), null, 'a primed spare is not filled again');
    await w.terminate();
  } finally {
    await spare.close();
  }
});
