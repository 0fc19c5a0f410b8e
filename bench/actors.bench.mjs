// Actor-core benchmarks (contract in bench/run.mjs): actor→actor in one worker, across workers,
// createActor in a running source, with a bare worker postMessage echo from the same run as the
// baseline. Runs against the tsc output (out/), which `npm run bench` builds first.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import yazl from 'yazl';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { createLocalSystem } = require(path.join(root, 'out/runtime/src/system/local-system.js'));
const { Actor, isSystemMessage, validatedSource } = require(path.join(root, 'out/runtime/src/actors/index.js'));
const { silentLoggerFactory } = require(path.join(root, 'out/runtime/src/actors/logger.js'));

const PKG = {
  'bench/actors.js': `
    const { Actor } = require('thespian-director');
    class Counter extends Actor {
      constructor() { super(); this.n = 0; this.want = -1; this.reply = null; }
      receiveMessage(m, s) {
        if (typeof m === 'number') { if (++this.n === this.want) { this.send(this.reply, this.n); this.n = 0; this.want = -1; } return; }
        if (m && m.op === 'expect') { this.want = m.n; this.reply = m.replyTo; this.n = 0; if (s) this.send(s, 'ready'); }
      }
    }
    class Driver extends Actor {
      receiveMessage(m, s) {
        if (m && m.op === 'flood') { this.job = { to: m.to, left: m.n, chunk: m.chunk }; this.pump(); return; }
        if (m === 'more') { this.pump(); return; }
        if (m && m.op === 'local') {
          this.createActor(Counter).then((c) => {
            this.local = c;
            const t0 = process.hrtime.bigint();
            this.localStart = t0; this.localReply = s; this.localN = m.n;
            this.send(c, { op: 'expect', n: m.n, replyTo: this.myAddress });
            this.job = { to: c, left: m.n, chunk: m.chunk }; this.pump();
          });
          return;
        }
        if (typeof m === 'number' && this.localReply) {
          const ns = Number(process.hrtime.bigint() - this.localStart);
          this.send(this.localReply, { n: m, ms: ns / 1e6 }); this.localReply = null; return;
        }
        if (m && m.op === 'spawn') {
          const t0 = process.hrtime.bigint();
          let made = 0;
          const next = () => this.createActor('bench.actors.Counter').then(() => { if (++made < m.n) return next(); });
          next().then(() => this.send(s, { perCreateMs: Number(process.hrtime.bigint() - t0) / 1e6 / m.n }));
        }
      }
      pump() {
        const j = this.job; const k = Math.min(j.chunk, j.left);
        for (let i = 0; i < k; i++) this.send(j.to, i);
        j.left -= k;
        if (j.left > 0) this.send(this.myAddress, 'more');
      }
    }
    module.exports = { Counter, Driver };`,
};

function zipOf(files) {
  const z = new yazl.ZipFile();
  for (const [n, c] of Object.entries(files)) z.addBuffer(Buffer.from(c), n);
  z.end();
  return new Promise((res) => {
    const parts = [];
    z.outputStream.on('data', (d) => parts.push(d));
    z.outputStream.on('end', () => res(new Uint8Array(Buffer.concat(parts))));
  });
}

class AcceptAll extends Actor {
  constructor() {
    super();
    this.registerSourceAuthority();
  }
  receiveMessage(m, s) {
    if (isSystemMessage(m, 'ValidateSource')) this.send(s, validatedSource(m.sourceHash, m.sourceData, m.sourceInfo));
  }
}

function ask(system, to, msg, timeoutMs = 60000) {
  return new Promise((resolve, reject) => {
    const ep = system.openEndpoint((r) => {
      clearTimeout(t);
      ep.close();
      resolve(r);
    });
    const t = setTimeout(() => {
      ep.close();
      reject(new Error('bench ask timed out'));
    }, timeoutMs);
    system.tell(to, msg, ep.address);
  });
}

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
  const system = await createLocalSystem({ systemName: 'bench:1', loggerFactory: silentLoggerFactory });
  try {
    await system.createActor(AcceptAll);
    const bytes = await zipOf(PKG);
    const bytes2 = await zipOf({ ...PKG, 'bench/other.js': 'exports.x = 1;' });
    const h1 = await system.loadActorSource(bytes, 'bench-1');
    const h2 = await system.loadActorSource(bytes2, 'bench-2');
    const d1 = await system.createActor('bench.actors.Driver', { sourceHash: h1 });

    // In one worker: Driver → Counter, both in source 1.
    await ask(system, d1, { op: 'local', n: 200_000, chunk: 10_000 }); // warm-up
    const N = 2_000_000;
    const local = await ask(system, d1, { op: 'local', n: N, chunk: 10_000 });
    const inWorker = local.n / (local.ms / 1000);

    // Across workers: Driver in source 1 → Counter in source 2, the count reported to an endpoint.
    const counter = await system.createActor('bench.actors.Counter', { sourceHash: h2 });
    const cross = async (n) => {
      let t0 = 0n;
      const done = new Promise((resolve) => {
        const ep = system.openEndpoint(() => {
          ep.close();
          resolve(Number(process.hrtime.bigint() - t0) / 1e9);
        });
        void ask(system, counter, { op: 'expect', n, replyTo: ep.address }).then(() => {
          t0 = process.hrtime.bigint();
          system.tell(d1, { op: 'flood', to: counter, n, chunk: 5_000 });
        });
      });
      return n / (await done);
    };
    await cross(100_000);
    const acrossWorkers = await cross(1_000_000);

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
      const h = await system.loadActorSource(await zipOf({ ...PKG, 'bench/n.js': `exports.n = ${i};` }), `mem-${i}`);
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
        value: acrossWorkers,
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
