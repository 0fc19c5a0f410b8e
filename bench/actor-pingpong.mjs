// The actor→actor ping-pong the actors bench times (bench/actors.bench.mjs), shared with
// bench/metrics-cost.child.mjs, which times the same two rows in a fresh process against the out/
// of a checkout it is given. A Driver floods a Counter with numbers: in one worker (both in
// source 1) or across workers (the Counter in source 2, the same package with one more file).
import { createRequire } from 'node:module';
import path from 'node:path';
import { zip } from './support.mjs';

/** The package: Counter counts numbers and reports at the count it expects; Driver floods in chunks. */
export const PINGPONG_FILES = {
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

/** `msg` to `to` from a fresh endpoint; resolves with the first answer. */
export function ask(system, to, msg, timeoutMs = 60000) {
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

/**
 * A local system of the checkout at `root` (its out/), silent, with an authority that accepts
 * every source, the package loaded as two sources (two workers) and a Driver in the first.
 */
export async function pingPongSystem(root) {
  const require = createRequire(import.meta.url);
  const { createLocalSystem } = require(path.join(root, 'out/runtime/src/system/local-system.js'));
  const { Actor, isSystemMessage, validatedSource } = require(path.join(root, 'out/runtime/src/actors/index.js'));
  const { silentLoggerFactory } = require(path.join(root, 'out/runtime/src/actors/logger.js'));
  class AcceptAll extends Actor {
    constructor() {
      super();
      this.registerSourceAuthority();
    }
    receiveMessage(m, s) {
      if (isSystemMessage(m, 'ValidateSource')) this.send(s, validatedSource(m.sourceHash, m.sourceData, m.sourceInfo));
    }
  }
  const system = await createLocalSystem({ systemName: 'bench:1', loggerFactory: silentLoggerFactory });
  try {
    await system.createActor(AcceptAll);
    const h1 = await system.loadActorSource(await zip(PINGPONG_FILES), 'bench-1');
    const h2 = await system.loadActorSource(
      await zip({ ...PINGPONG_FILES, 'bench/other.js': 'exports.x = 1;' }),
      'bench-2',
    );
    const driver = await system.createActor('bench.actors.Driver', { sourceHash: h1 });
    return { system, h1, h2, driver };
  } catch (e) {
    await system.shutdown();
    throw e;
  }
}

/** In one worker: the Driver floods a Counter it creates with `n` numbers; `{ n, ms }` as timed in the worker. */
export function inOneWorker(system, driver, n) {
  return ask(system, driver, { op: 'local', n, chunk: 10_000 });
}

/** Across workers: the Driver floods `counter` (of another source) with `n` numbers; msg/s until the count reaches an endpoint. */
export function acrossWorkers(system, driver, counter, n) {
  let t0 = 0n;
  const done = new Promise((resolve) => {
    const ep = system.openEndpoint(() => {
      ep.close();
      resolve(Number(process.hrtime.bigint() - t0) / 1e9);
    });
    void ask(system, counter, { op: 'expect', n, replyTo: ep.address }).then(() => {
      t0 = process.hrtime.bigint();
      system.tell(driver, { op: 'flood', to: counter, n, chunk: 5_000 });
    });
  });
  return done.then((secs) => n / secs);
}
