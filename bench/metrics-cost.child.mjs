// One measurement of the actor→actor rows (as bench/actors.bench.mjs runs them) in a fresh
// process, for bench/metrics.bench.mjs: argv[2] is the repo root whose out/ to run, argv[3]
// `off` (never scraped) or `on` (sourceStats pulled every 200 ms, far more often than a
// Prometheus scrape). Prints one JSON line: { inWorker, across } in msg/s and
// { inWorkerCpuNs, acrossCpuNs }, process CPU time per message in ns.
import { createRequire } from 'node:module';
import path from 'node:path';
import yazl from 'yazl';

const [root, mode] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { createLocalSystem } = require(path.join(root, 'out/runtime/src/system/local-system.js'));
const { Actor, isSystemMessage, validatedSource } = require(path.join(root, 'out/runtime/src/actors/index.js'));
const { silentLoggerFactory } = require(path.join(root, 'out/runtime/src/actors/logger.js'));

const SRC = `
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
          this.localStart = process.hrtime.bigint(); this.localReply = s;
          this.send(c, { op: 'expect', n: m.n, replyTo: this.myAddress });
          this.job = { to: c, left: m.n, chunk: m.chunk }; this.pump();
        });
        return;
      }
      if (typeof m === 'number' && this.localReply) {
        this.send(this.localReply, { n: m, ms: Number(process.hrtime.bigint() - this.localStart) / 1e6 }); this.localReply = null;
      }
    }
    pump() {
      const j = this.job; const k = Math.min(j.chunk, j.left);
      for (let i = 0; i < k; i++) this.send(j.to, i);
      j.left -= k;
      if (j.left > 0) this.send(this.myAddress, 'more');
    }
  }
  module.exports = { Counter, Driver };`;

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

function ask(system, to, msg) {
  return new Promise((resolve) => {
    const ep = system.openEndpoint((r) => {
      ep.close();
      resolve(r);
    });
    system.tell(to, msg, ep.address);
  });
}

const system = await createLocalSystem({ systemName: 'bench:1', loggerFactory: silentLoggerFactory });
await system.createActor(AcceptAll);
const h1 = await system.loadActorSource(await zipOf({ 'bench/actors.js': SRC }), 'bench-1.tls');
const h2 = await system.loadActorSource(
  await zipOf({ 'bench/actors.js': SRC, 'bench/other.js': 'exports.x = 1;' }),
  'bench-2.tls',
);
const d1 = await system.createActor('bench.actors.Driver', { sourceHash: h1 });
let scrapes = 0;
const timer = mode === 'on' ? setInterval(() => void system.sourceStats().then(() => scrapes++), 200) : null;
await ask(system, d1, { op: 'local', n: 200_000, chunk: 10_000 });
// CPU time of the whole process (all threads) per message: less at the mercy of a loaded machine than wall time.
let cpu0 = process.cpuUsage();
const local = await ask(system, d1, { op: 'local', n: 2_000_000, chunk: 10_000 });
let c = process.cpuUsage(cpu0);
const inWorkerCpuNs = ((c.user + c.system) * 1000) / 2_000_000;
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
cpu0 = process.cpuUsage();
const across = await cross(1_000_000);
c = process.cpuUsage(cpu0);
const acrossCpuNs = ((c.user + c.system) * 1000) / 1_000_000;
if (timer !== null) clearInterval(timer);
await system.shutdown();
process.stdout.write(
  JSON.stringify({ inWorker: local.n / (local.ms / 1000), across, inWorkerCpuNs, acrossCpuNs, scrapes }) + '\n',
);
