// Actor-core benchmarks (contract in bench/run.mjs): actor→actor in one worker, across workers,
// createActor in a running source, with a bare worker postMessage echo from the same run as the
// baseline. Runs against the tsc output (out/), which `npm run bench` builds first.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PINGPONG_FILES, acrossWorkers, ask, inOneWorker, pingPongSystem } from './actor-pingpong.mjs';
import { zip } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bare baseline: sequential postMessage round trips to a worker that echoes. */
async function bareEcho(n) {
  const w = new Worker(
    `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`,
    { eval: true },
  );
  await new Promise((r) => w.once('online', r));
  const run = (count) =>
    new Promise((resolve) => {
      let left = count;
      const t0 = process.hrtime.bigint();
      w.on('message', function onMsg() {
        if (--left === 0) {
          w.off('message', onMsg);
          resolve(Number(process.hrtime.bigint() - t0) / 1e9);
        } else w.postMessage(left);
      });
      w.postMessage(left);
    });
  await run(2000);
  const secs = await run(n);
  await w.terminate();
  return n / secs;
}

export default async function () {
  const { system, h1, h2, driver: d1 } = await pingPongSystem(root);
  try {
    // In one worker: Driver → Counter, both in source 1.
    await inOneWorker(system, d1, 200_000); // warm-up
    const local = await inOneWorker(system, d1, 2_000_000);
    const inWorker = local.n / (local.ms / 1000);

    // Across workers: Driver in source 1 → Counter in source 2, the count reported to an endpoint.
    const counter = await system.createActor('bench.actors.Counter', { sourceHash: h2 });
    await acrossWorkers(system, d1, counter, 100_000);
    const acrossWorkersRate = await acrossWorkers(system, d1, counter, 1_000_000);

    // createActor inside a running source (same source, local to its worker), and from the main thread.
    await ask(system, d1, { op: 'spawn', n: 200 });
    const spawn = await ask(system, d1, { op: 'spawn', n: 2_000 });
    const t0 = process.hrtime.bigint();
    const M = 500;
    for (let i = 0; i < M; i++) await system.createActor('bench.actors.Counter', { sourceHash: h1 });
    const fromMainMs = Number(process.hrtime.bigint() - t0) / 1e6 / M;

    // Sequential ask from the main thread (what the daemon's admin `ask` does) to an actor in a worker.
    const echoer = await system.createActor('bench.actors.Counter', { sourceHash: h1 });
    const seqAsk = async (n) => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await ask(system, echoer, { op: 'expect', n: 1, replyTo: null });
      return n / (Number(process.hrtime.bigint() - t) / 1e9);
    };
    await seqAsk(1000);
    const asksPerSec = await seqAsk(10_000);

    // Memory per loaded source (one actor each), RSS after GC when available.
    const gc = globalThis.gc ?? (() => {});
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 30));
      }
      return process.memoryUsage().rss;
    };
    const K = 5;
    const rss0 = await settle();
    const extra = [];
    for (let i = 0; i < K; i++) {
      const h = await system.loadActorSource(
        await zip({ ...PINGPONG_FILES, 'bench/n.js': `exports.n = ${i};` }),
        `mem-${i}`,
      );
      extra.push(h);
      await ask(system, await system.createActor('bench.actors.Counter', { sourceHash: h }), {
        op: 'expect',
        n: 1,
        replyTo: null,
      });
    }
    const rss1 = await settle();
    for (const h of extra) await system.unloadActorSource(h);
    const rss2 = await settle();
    const perSourceMiB = (rss1 - rss0) / K / 2 ** 20;
    const returnedMiB = (rss1 - rss2) / K / 2 ** 20;

    const echo = await bareEcho(50_000);
    const baseline = { name: 'bare worker postMessage echo', value: echo, unit: 'msg/s' };
    return [
      {
        area: 'actors',
        name: 'actor→actor in one worker',
        value: inWorker,
        unit: 'msg/s',
        target: '>= 2000000',
        baseline,
      },
      {
        area: 'actors',
        name: 'actor→actor across workers',
        value: acrossWorkersRate,
        unit: 'msg/s',
        target: '>= 200000',
        baseline,
        note: 'direct worker-to-worker channel, batched',
      },
      { area: 'actors', name: 'createActor in a running source', value: spawn.perCreateMs, unit: 'ms', target: '< 1' },
      {
        area: 'actors',
        name: 'createActor from the main thread into a source',
        value: fromMainMs,
        unit: 'ms',
        target: '< 1',
        note: 'round trip to the worker',
      },
      {
        area: 'actors',
        name: 'sequential ask, main thread → actor in a worker',
        value: asksPerSec,
        unit: 'asks/s',
        baseline: { name: 'bare worker postMessage echo', value: echo, unit: 'round trips/s' },
      },
      { area: 'actors', name: 'bare worker postMessage echo (baseline)', value: echo, unit: 'round trips/s' },
      {
        area: 'actors',
        name: 'RSS per loaded source (one actor)',
        value: perSourceMiB,
        unit: 'MiB',
        target: '<= 15',
        note: `unload returned ${returnedMiB.toFixed(1)} MiB per source`,
      },
    ];
  } finally {
    await system.shutdown();
  }
}
