// Admin protocol and daemon lifecycle benchmarks (issue 3): sequential ask from one client over
// the admin WebSocket against a bare `ws` echo measured in the same run; `director start` as a
// whole command; the daemon's RSS when idle. Needs `npm run build` (bench/run.mjs does it).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { AdminClient } = require(path.join(root, 'out/runtime/src/client/admin-client.js'));
const { connectDaemon } = require(path.join(root, 'out/runtime/src/client/connect-daemon.js'));
const { spawnDaemon } = require(path.join(root, 'out/runtime/src/daemon/spawn-daemon.js'));
const { readToken } = require(path.join(root, 'out/runtime/src/daemon/private-folder.js'));
const { privatePaths } = require(path.join(root, 'out/runtime/src/daemon/private-paths.js'));
const WebSocket = require('ws');
const { sealPackage } = require(path.join(root, 'out/packager/src/seal.js'));
const { loadSigningKey } = require(path.join(root, 'out/packager/src/signing-key.js'));
const { fooPackage } = require(path.join(root, 'out/test/runtime/fixtures.js'));

const ASKS = 20_000;
const ROUNDS = 5;
const WARMUP = 2_000;
const director = path.join(root, 'dist/director.js');
const fixture = path.join(root, 'out/test/daemon/fixtures/echo-daemon.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-admin-bench-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'adminport.cfg'), `${port}\n`);
  await writeFile(path.join(dir, 'thesplogd.cfg'), path.join(dir, 'log') + '\n');
  return { dir, port };
}

/** A bare ws echo server in its own process, as the daemon is. */
async function bareEcho() {
  const port = await freePort();
  const code = `const { WebSocketServer } = require('ws');
    const s = new WebSocketServer({ host: '127.0.0.1', port: ${port}, perMessageDeflate: false });
    s.on('connection', (ws) => ws.on('message', (d) => ws.send(d.toString())));
    s.on('listening', () => process.stdout.write('ready\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout.once('data', r));
  return { port, stop: () => child.kill() };
}

/** A sequential round-trip session: `rate(n)` measures n round trips per second. */
async function bareEchoSession() {
  const server = await bareEcho();
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`, { perMessageDeflate: false });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let resolveNext;
  ws.on('message', (d) => resolveNext(JSON.parse(d.toString())));
  const one = (i) => new Promise((r) => ((resolveNext = r), ws.send(JSON.stringify({ id: i, method: 'actor/ask', params: { to: { system: 'x', id: 'a1' }, message: i }, timeoutMs: 5000 }))));
  return {
    async rate(n) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await one(i);
      return n / (Number(process.hrtime.bigint() - t0) / 1e9);
    },
    close() {
      ws.close();
      server.stop();
    },
  };
}

async function askSession() {
  const { dir, port } = await tempDir();
  await spawnDaemon({ directorDir: dir, env: process.env, entry: fixture });
  const c = await AdminClient.connect({ host: '127.0.0.1', port, token: await readToken(privatePaths(dir)), heartbeatMs: 0 });
  const echo = await c.createActor('Echo', { globalName: 'Echo' });
  return {
    async rate(n) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await c.ask(echo, i, 5000);
      return n / (Number(process.hrtime.bigint() - t0) / 1e9);
    },
    async close() {
      await c.shutdown();
      await c.closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The machine is shared: measure ask and the bare echo in alternating rounds, so that both see
 * the same load, and report each one's best round (its capacity) and the median ratio.
 */
async function askVersusEcho() {
  const bare = await bareEchoSession();
  const ask = await askSession();
  try {
    await bare.rate(WARMUP);
    await ask.rate(WARMUP);
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push({ bare: await bare.rate(ASKS / ROUNDS), ask: await ask.rate(ASKS / ROUNDS) });
    const ratios = rounds.map((r) => r.ask / r.bare).sort((x, y) => x - y);
    return { ask: Math.max(...rounds.map((r) => r.ask)), bare: Math.max(...rounds.map((r) => r.bare)), medianRatio: ratios[Math.floor(ratios.length / 2)] };
  } finally {
    bare.close();
    await ask.close();
  }
}

function runDirector(dir, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [director, ...args], { env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`director ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

async function startTimes() {
  const { dir } = await tempDir();
  const starts = [];
  const already = [];
  const stops = [];
  let idleRss = 0;
  try {
    for (let i = 0; i < 5; i++) {
      starts.push(runDirector(dir, ['start']));
      already.push(runDirector(dir, ['start']));
      if (i === 0) {
        const c = await connectDaemon({ directorDir: dir, heartbeatMs: 0 });
        idleRss = (await c.status()).rssBytes;
        c.close();
      }
      stops.push(runDirector(dir, ['shutdown']));
    }
  } finally {
    spawnSync(process.execPath, [director, 'shutdown'], { env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } });
    await rm(dir, { recursive: true, force: true });
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const help = runDirector(dir, ['help']);
  return { start: median(starts), startMin: Math.min(...starts), already: median(already), stop: median(stops), idleRss, help };
}

/** RSS of the bundled daemon (with Source Authority and Director) before and after loading signed sources. */
async function sourceRss(n = 5) {
  const { dir } = await tempDir();
  try {
    const key = path.join(dir, 'bench.pem');
    spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
    spawnSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'bench_tls.key')]);
    const signingKey = await loadSigningKey(key);
    runDirector(dir, ['start']);
    const c = await connectDaemon({ directorDir: dir, heartbeatMs: 0 });
    const settle = async () => {
      // Let start-up garbage go before reading RSS: a few status round trips apart.
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 100));
      return (await c.status()).rssBytes;
    };
    const idle = await settle();
    const hashes = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const bytes = await sealPackage({ zip: await fooPackage(`V${i}:`), group: 'foo', version: `1.${i}`, createdAt: new Date(), signingKey });
      const h = await c.loadSource(bytes, `foo-1.${i}.tls`);
      const a = await c.createActor('foo.FooActor', { sourceHash: h });
      await c.ask(a, 'x', 5000);
      hashes.push(h);
    }
    const loadMs = Number(process.hrtime.bigint() - t0) / 1e6 / n;
    const loaded = await settle();
    // A 1 MiB package (incompressible filler): how long until the daemon has accepted it.
    const { randomBytes } = await import('node:crypto');
    const big = await sealPackage({ zip: await fooPackage('BIG:', { 'foo/filler.bin': randomBytes(1024 * 1024) }), group: 'foo', version: '9', createdAt: new Date(), signingKey });
    const t1 = process.hrtime.bigint();
    const bigHash = await c.loadSource(big, 'foo-9.tls');
    const bigMs = Number(process.hrtime.bigint() - t1) / 1e6;
    hashes.push(bigHash);
    for (const h of hashes) await c.unloadSource(h);
    const unloaded = await settle();
    await c.shutdown();
    await c.closed;
    return { idle, perSource: (loaded - idle) / n, unloaded, loadMs, n, bigMs, bigBytes: big.byteLength };
  } finally {
    spawnSync(process.execPath, [director, 'shutdown'], { env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } });
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function () {
  const { ask: asks, bare: baseline, medianRatio } = await askVersusEcho();
  const t = await startTimes();
  const r = await sourceRss();
  const base = { name: 'bare ws echo (own process), sequential, best round', value: baseline, unit: '/s' };
  return [
    { area: 'admin', name: 'sequential ask, one client, main-thread actor, best round', value: asks, unit: '/s', target: '>= 15000 /s', baseline: base, note: `best of ${ROUNDS} rounds of ${ASKS / ROUNDS}, alternating with the echo; median per-round ratio ${medianRatio.toFixed(2)}; the original: 1,240/s` },
    { area: 'admin', name: 'director start (no daemon running), whole command', value: t.start, unit: 'ms', target: '<= 300 ms', note: `median of 5 (fastest ${t.startMin.toFixed(0)} ms); the original: 829 ms; director help alone, same moment: ${t.help.toFixed(0)} ms` },
    { area: 'admin', name: 'director start (daemon already running)', value: t.already, unit: 'ms', note: 'median of 5' },
    { area: 'admin', name: 'director shutdown, whole command', value: t.stop, unit: 'ms', note: 'median of 5, until the process is gone' },
    { area: 'admin', name: 'daemon RSS, idle (dist/daemon.js with Source Authority and Director)', value: r.idle / 2 ** 20, unit: 'MiB', target: '<= 60 MiB', note: `right after start: ${(t.idleRss / 2 ** 20).toFixed(1)} MiB` },
    { area: 'admin', name: 'daemon RSS per loaded source (1 actor each)', value: r.perSource / 2 ** 20, unit: 'MiB', target: '<= 15 MiB', note: `${r.n} sources; after unloading them all: ${(r.unloaded / 2 ** 20).toFixed(1)} MiB` },
    { area: 'admin', name: 'loadSource + createActor + first ask, over the admin link', value: r.loadMs, unit: 'ms', note: `small signed package, mean of ${r.n}` },
    { area: 'admin', name: 'loadSource of a 1 MiB package until accepted (base64 over the admin link, verified, worker started)', value: r.bigMs, unit: 'ms', note: `${r.bigBytes} bytes` },
  ];
}
