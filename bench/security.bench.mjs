// Trust benchmarks (issue 11; contract in bench/run.mjs): the daemon's RSS growth after a
// pre-hello flood of 63 MiB frames (target <= 64 MiB), `list` during the flood against idle
// (target <= 3x), and actor→actor across workers with the per-source memory accounting on
// against off in the same run (target <= 5 % cost). Needs `npm run build` (run.mjs does it).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { freePort } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { connectDaemon } = require(path.join(root, 'out/runtime/src/client/connect-daemon.js'));
const { spawnDaemon } = require(path.join(root, 'out/runtime/src/daemon/spawn-daemon.js'));
const { createLocalSystem } = require(path.join(root, 'out/runtime/src/system/local-system.js'));
const { Actor, isSystemMessage, validatedSource } = require(path.join(root, 'out/runtime/src/actors/index.js'));
const { silentLoggerFactory } = require(path.join(root, 'out/runtime/src/actors/logger.js'));

const FLOODERS = 40;
const FRAME = 63 * 1024 * 1024;

async function rssMiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

async function listMs(dir) {
  const t0 = process.hrtime.bigint();
  const c = await connectDaemon({ directorDir: dir });
  await c.listSources();
  c.close();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function floodFromChild(port) {
  const code = `(${flooder.toString()})`;
  const script = `const net = require('node:net'); const FRAME = ${FRAME}; const flooder = ${code};
    const all = Promise.all(Array.from({ length: ${FLOODERS} }, () => flooder(${port})));
    setTimeout(() => process.stdout.write('go\\n'), 20);
    all.then(() => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const started = new Promise((resolve) => child.stdout.once('data', resolve));
  const ended = new Promise((resolve) => child.on('exit', resolve));
  return { started, ended };
}

function flooder(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', async () => {
      s.write(
        `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      const h = Buffer.alloc(14);
      h[0] = 0x82;
      h[1] = 0x80 | 127;
      h.writeBigUInt64BE(BigInt(FRAME), 2);
      s.write(h);
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      for (let i = 0; i < 63 && !s.destroyed; i++)
        if (!s.write(chunk))
          await new Promise((r) => {
            s.once('drain', r);
            s.once('close', r);
          });
    });
    s.on('error', () => undefined);
    s.on('close', resolve);
  });
}

async function flood() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-security-bench-'));
  await writeFile(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
  await writeFile(path.join(dir, 'thesplogd.cfg'), path.join(dir, 'log') + '\n');
  const { pid, port } = await spawnDaemon({ directorDir: dir, env: process.env });
  try {
    for (let i = 0; i < 5; i++) await listMs(dir);
    const idleRuns = [];
    for (let i = 0; i < 5; i++) idleRuns.push(await listMs(dir));
    const idle = median(idleRuns);
    const before = await rssMiB(pid);
    // The attackers run in their own process, so their writing does not slow this one's list.
    const attack = floodFromChild(port);
    await attack.started;
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await listMs(dir));
    await attack.ended;
    await new Promise((r) => setTimeout(r, 1000));
    const after = await rssMiB(pid);
    return { idle, during: median(during), growth: after - before };
  } finally {
    try {
      execFileSync(process.execPath, [path.join(root, 'dist/director.js'), 'shutdown'], {
        env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
        stdio: 'ignore',
      });
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  }
}

const PKG = `
  const { Actor } = require('thespian-director');
  class Counter extends Actor {
    receiveMessage(m, s) {
      if (typeof m === 'number') { if (++this.n === this.want) this.send(this.reply, this.n); return; }
      if (m && m.op === 'expect') { this.want = m.n; this.reply = m.replyTo; this.n = 0; this.send(s, 'ready'); }
    }
  }
  class Driver extends Actor {
    receiveMessage(m) {
      if (m && m.op === 'flood') { this.job = { to: m.to, left: m.n }; this.pump(); return; }
      if (m === 'more') this.pump();
    }
    pump() {
      const j = this.job; const k = Math.min(5000, j.left);
      for (let i = 0; i < k; i++) this.send(j.to, i);
      j.left -= k;
      if (j.left > 0) this.send(this.myAddress, 'more');
    }
  }
  module.exports = { Counter, Driver };`;

function zipOf(files) {
  const zip = new yazl.ZipFile();
  for (const [n, c] of Object.entries(files)) zip.addBuffer(Buffer.from(c), n, { mtime: new Date(0) });
  zip.end();
  return new Promise((resolve) => {
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

class AcceptAll extends Actor {
  constructor() {
    super();
    this.registerSourceAuthority();
  }
  receiveMessage(m, s) {
    if (isSystemMessage(m, 'ValidateSource') && s)
      this.send(s, validatedSource(m.sourceHash, m.sourceData, m.sourceInfo));
  }
}

/** Messages per second Driver (source 1) → Counter (source 2), with the given budget (0: accounting off). */
async function acrossWorkers(budget) {
  const system = await createLocalSystem({
    systemName: 'bench:2',
    loggerFactory: silentLoggerFactory,
    sourceMemoryBudgetMb: budget,
  });
  try {
    await system.createActor(AcceptAll);
    const h1 = await system.loadActorSource(await zipOf({ 'b/a.js': PKG }), 'b1');
    const h2 = await system.loadActorSource(await zipOf({ 'b/a.js': PKG, 'b/x.js': '' }), 'b2');
    const driver = await system.createActor('b.a.Driver', { sourceHash: h1 });
    const counter = await system.createActor('b.a.Counter', { sourceHash: h2 });
    const run = (n) =>
      new Promise((resolve) => {
        let t0 = 0n;
        const ep = system.openEndpoint((m) => {
          if (m === 'ready') {
            t0 = process.hrtime.bigint();
            system.tell(driver, { op: 'flood', to: counter, n });
            return;
          }
          ep.close();
          resolve(n / (Number(process.hrtime.bigint() - t0) / 1e9));
        });
        system.tell(counter, { op: 'expect', n, replyTo: ep.address }, ep.address);
      });
    await run(100_000);
    const rates = [];
    for (let i = 0; i < 3; i++) rates.push(await run(500_000));
    return median(rates);
  } finally {
    await system.shutdown();
  }
}

export default async function () {
  const rows = [];
  if (process.platform === 'linux') {
    const f = await flood();
    rows.push(
      {
        area: 'security',
        name: `daemon RSS growth after a pre-hello flood (${FLOODERS} x 63 MiB frames)`,
        value: f.growth,
        unit: 'MiB',
        target: '<= 64',
      },
      {
        area: 'security',
        name: 'list during the pre-hello flood',
        value: f.during,
        unit: 'ms',
        target: `<= ${(3 * f.idle).toFixed(1)}`,
        baseline: { name: 'list when idle', value: f.idle, unit: 'ms' },
        note: 'target: 3x idle',
      },
    );
  }
  // Alternate off/on to spread the machine's noise over both.
  const off = [];
  const on = [];
  for (let i = 0; i < 3; i++) {
    off.push(await acrossWorkers(0));
    on.push(await acrossWorkers(1024));
  }
  const offRate = Math.max(...off);
  const onRate = Math.max(...on);
  rows.push({
    area: 'security',
    name: 'actor→actor across workers, memory accounting on',
    value: onRate,
    unit: 'msg/s',
    target: `>= ${Math.round(0.95 * offRate)}`,
    baseline: { name: 'accounting off', value: offRate, unit: 'msg/s' },
    note: 'target: at most 5 % below off',
  });
  return rows;
}
