// Admin protocol and daemon lifecycle benchmarks (issue 3): sequential ask from one client over
// the admin WebSocket against a bare `ws` echo measured in the same run; `director start` as a
// whole command; the daemon's RSS when idle. Needs `npm run build` (bench/run.mjs does it).
// Over 400 lines: the ask, lifecycle and RSS benches share the daemon and echo helpers here.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './support.mjs';

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

const ASKS = 18_000;
const ROUNDS = 9;
const PIPELINED = 20_000;
const WARMUP = 2_000;
/** Waited before an idle reading: V8's memory reducer starts ~8 s after an isolate's last activity. */
const REDUCER_WAIT_MS = 11_000;
const director = path.join(root, 'dist/director.js');
const fixture = path.join(root, 'out/test/daemon/fixtures/echo-daemon.js');

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-admin-bench-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'adminport.cfg'), `${port}\n`);
  await writeFile(path.join(dir, 'thesplogd.cfg'), path.join(dir, 'log') + '\n');
  return { dir, port };
}

/**
 * A ws echo server in its own process, as the daemon is. `json`: what an ask minimally does on
 * the daemon's side, and no more: it parses the request frame and sends a response frame of the
 * ask's shape and size (`{ id, result: { reply: { echo }, sender } }`), stringified. `worker`: the
 * same, but each request is handed to a worker thread and its answer comes back from there, in
 * the frames of the daemon's worker channel (`[['m', to, message, from]]` each way, structured
 * clone): the least a daemon with a worker per source can do for an ask to an actor in a source,
 * so the floor of that row on this machine. Else bare: the request's text is sent back as it came.
 */
async function bareEcho(json, worker = false) {
  const port = await freePort();
  const reply = worker
    ? `(d) => { const f = JSON.parse(d.toString()); asks.set('r' + f.id, f.id); w.postMessage([['m', 'w1.1', f.params.message, { system: 's', id: 'r' + f.id }]]); }`
    : json
      ? `(d) => { const f = JSON.parse(d.toString()); ws.send(JSON.stringify({ id: f.id, result: { reply: { echo: f.params.message }, sender: f.params.to } })); }`
      : `(d) => ws.send(d.toString())`;
  const answerer = `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (b) => parentPort.postMessage([['m', b[0][3], { echo: b[0][2] }, b[0][1]]]));`;
  const code = `const { WebSocketServer } = require('ws');
    const { Worker } = require('node:worker_threads');
    const w = ${worker} ? new Worker(${JSON.stringify(answerer)}, { eval: true }) : null;
    const asks = new Map();
    const s = new WebSocketServer({ host: '127.0.0.1', port: ${port}, perMessageDeflate: false });
    s.on('connection', (ws) => {
      w?.on('message', (b) => {
        const id = asks.get(b[0][1].id);
        asks.delete(b[0][1].id);
        ws.send(JSON.stringify({ id, result: { reply: b[0][2], sender: { system: 's', id: b[0][3] } } }));
      });
      ws.on('message', ${reply});
    });
    s.on('listening', () => process.stdout.write('ready\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout.once('data', r));
  return { port, pid: child.pid, stop: () => child.kill() };
}

/**
 * CPU time (ms) a process has used so far, all its threads (a source worker is a thread of the
 * daemon), from the scheduler's nanosecond counts; NaN where /proc is not there. Less noisy than
 * wall time on a shared machine: a busy neighbour delays an ask without making it cost more.
 */
export function processCpuMs(pid) {
  let ms = 0;
  const threads = threadCpuMs(pid);
  if (threads === null) return NaN;
  for (const t of threads.values()) ms += t;
  return ms;
}

/** {@link processCpuMs} by thread id (the main thread's id is the pid); null where /proc is not there. */
function threadCpuMs(pid) {
  const out = new Map();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        out.set(t, Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
      } catch {
        // A thread that ended between the listing and the read: its time is gone with it.
      }
    }
  } catch {
    return null;
  }
  return out;
}

/**
 * CPU per ask (µs) of a daemon's threads over `n` asks between two {@link threadCpuMs} readings:
 * the main thread, the busiest other thread (the source's worker, for an actor in a source) and
 * the rest (V8's platform threads: concurrent GC, compilation).
 */
function threadSplit(before, after, pid, n) {
  const per = [];
  for (const [t, ms] of after) per.push({ main: t === String(pid), us: ((ms - (before.get(t) ?? 0)) * 1000) / n });
  const main = per.find((p) => p.main)?.us ?? NaN;
  const others = per.filter((p) => !p.main).sort((a, b) => b.us - a.us);
  const busiest = others[0]?.us ?? 0;
  const rest = others.slice(1).reduce((a, p) => a + p.us, 0);
  return { main, busiest, rest };
}

/**
 * A sequential round-trip session: `rate(n)` measures n round trips per second of the ask's
 * request frame (to `to`), each answer parsed as the client parses its responses.
 */
export async function bareEchoSession(to, json = true, worker = false) {
  const server = await bareEcho(json, worker);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`, { perMessageDeflate: false });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let resolveNext;
  ws.on('message', (d) => resolveNext(JSON.parse(d.toString())));
  const one = (i) =>
    new Promise(
      (r) => (
        (resolveNext = r),
        ws.send(JSON.stringify({ id: i, method: 'actor/ask', params: { to, message: String(i) }, timeoutMs: 5000 }))
      ),
    );
  return {
    pid: server.pid,
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

/** A daemon of the test fixture (dist daemon plus main-thread test actors such as Echo). */
export async function fixtureClient() {
  const { dir, port } = await tempDir();
  const { pid } = await spawnDaemon({ directorDir: dir, env: process.env, entry: fixture });
  const c = await AdminClient.connect({
    host: '127.0.0.1',
    port,
    token: await readToken(privatePaths(dir)),
    heartbeatMs: 0,
  });
  return {
    c,
    pid,
    async close() {
      await c.shutdown();
      await c.closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A rate session asking `to` over `c`: `rate(n)` measures n sequential asks per second. */
export function askRate(c, to) {
  return async (n) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await c.ask(to, String(i), 5000);
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
}

/** The bundled daemon (`director start`: Source Authority, Director) with a signed source loaded: FooActor runs in its worker. */
export async function workerSession() {
  const { dir } = await tempDir();
  const key = path.join(dir, 'bench.pem');
  spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  spawnSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'bench_tls.key')]);
  const file = path.join(dir, 'foo-1.0.tls');
  await writeFile(
    file,
    sealPackage({
      zip: await fooPackage('W:'),
      group: 'foo',
      version: '1.0',
      createdAt: new Date(),
      signingKey: await loadSigningKey(key),
    }),
  );
  runDirector(dir, ['start']);
  const c = await connectDaemon({ directorDir: dir, heartbeatMs: 0 });
  const hash = await c.loadSourceFile(file);
  const foo = await c.createActor('foo.FooActor', { sourceHash: hash });
  return {
    pid: Number((await readFile(privatePaths(dir).pid, 'utf8')).trim()),
    rate: askRate(c, foo),
    async close() {
      await c.shutdown();
      await c.closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/**
 * The machine is shared: measure the bare echo, the ask to a main-thread actor, the ask to an
 * actor in a source worker and the echo through a worker thread (that row's floor) in alternating
 * rounds, so that all see the same load; report each one's best round (its capacity) and the
 * median of the per-round ratios to the echo.
 */
export async function askVersusEcho() {
  const fx = await fixtureClient();
  const worker = await workerSession();
  const echo = await fx.c.createActor('Echo', { globalName: 'Echo' });
  const bare = await bareEchoSession(echo);
  const raw = await bareEchoSession(echo, false);
  const floor = await bareEchoSession(echo, true, true);
  try {
    const main = askRate(fx.c, echo);
    const sessions = { bare: bare.rate, raw: raw.rate, main, worker: worker.rate, floor: floor.rate };
    const pids = { bare: bare.pid, raw: raw.pid, main: fx.pid, worker: worker.pid, floor: floor.pid };
    for (const f of Object.values(sessions)) await f(WARMUP);
    // CPU per ask (µs) of the serving process and of this client, per round and session.
    const cpu = { server: {}, client: {} };
    for (const k of Object.keys(sessions)) ((cpu.server[k] = []), (cpu.client[k] = []));
    // The worker ask's CPU by thread (main, the source's worker, the rest), per round.
    const split = [];
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternating order: forwards in even rounds, backwards in odd ones.
      const order = i % 2 === 0 ? Object.keys(sessions) : Object.keys(sessions).reverse();
      const r = {};
      for (const k of order) {
        const s0 = processCpuMs(pids[k]);
        const t0 = k === 'worker' ? threadCpuMs(pids[k]) : null;
        const c0 = process.cpuUsage();
        r[k] = await sessions[k](ASKS / ROUNDS);
        const c = process.cpuUsage(c0);
        const t1 = t0 === null ? null : threadCpuMs(pids[k]);
        if (t0 !== null && t1 !== null) split.push(threadSplit(t0, t1, pids[k], ASKS / ROUNDS));
        cpu.server[k].push(((processCpuMs(pids[k]) - s0) * 1000) / (ASKS / ROUNDS));
        cpu.client[k].push((c.user + c.system) / (ASKS / ROUNDS));
      }
      rounds.push(r);
    }
    // Pipelined: many asks in flight from one client (median of 5).
    const piped = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      await Promise.all(Array.from({ length: PIPELINED }, (_, k) => fx.c.ask(echo, k, 60_000)));
      piped.push(PIPELINED / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
    const best = (k) => Math.max(...rounds.map((r) => r[k]));
    return {
      raw: best('raw'),
      rawRatio: median(rounds.map((r) => r.main / r.raw)),
      bare: best('bare'),
      main: best('main'),
      worker: best('worker'),
      mainRatio: median(rounds.map((r) => r.main / r.bare)),
      workerRatio: median(rounds.map((r) => r.worker / r.bare)),
      floor: best('floor'),
      floorRatio: median(rounds.map((r) => r.floor / r.bare)),
      workerToFloor: median(rounds.map((r) => r.worker / r.floor)),
      split:
        split.length === 0
          ? null
          : {
              main: median(split.map((x) => x.main)),
              busiest: median(split.map((x) => x.busiest)),
              rest: median(split.map((x) => x.rest)),
            },
      pipelined: median(piped),
      cpu: (k) => ({ server: median(cpu.server[k]), client: median(cpu.client[k]) }),
      pipelinedAll: piped,
    };
  } finally {
    bare.close();
    raw.close();
    floor.close();
    await fx.close();
    await worker.close();
  }
}

function runDirector(dir, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [director, ...args], {
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`director ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

async function startTimes() {
  const { dir } = await tempDir();
  const starts = [];
  const already = [];
  const stops = [];
  try {
    for (let i = 0; i < 5; i++) {
      starts.push(runDirector(dir, ['start']));
      already.push(runDirector(dir, ['start']));
      stops.push(runDirector(dir, ['shutdown']));
    }
  } finally {
    spawnSync(process.execPath, [director, 'shutdown'], { env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } });
    await rm(dir, { recursive: true, force: true });
  }
  const help = runDirector(dir, ['help']);
  return {
    start: median(starts),
    startMin: Math.min(...starts),
    already: median(already),
    stop: median(stops),
    help,
  };
}

/**
 * RSS of the bundled daemon (with Source Authority and Director): idle, per small source, and
 * after loading and unloading a 200 MB package; a 1 MiB package loaded by path (the daemon reads
 * it) and as bytes (base64 over the link), alternating.
 */
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
      // Past the daemon's collection after loads and unloads (250 ms debounce): the lowest of a few readings.
      const xs = [];
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 150));
        xs.push((await c.status()).rssBytes);
      }
      return Math.min(...xs);
    };
    // V8's memory reducer runs in each isolate (the daemon's and every source worker's) about 8 s
    // after its start or its last burst of allocation, once allocation is low: it shrinks the young
    // generation to one page and compacts (an idle daemon: ~2.7 MiB less, a source ~2.5 MiB). The
    // idle figures are taken after it, the ones right after the activity are printed beside.
    const settled = async () => {
      await new Promise((r) => setTimeout(r, REDUCER_WAIT_MS));
      return settle();
    };
    const idleAtStart = await settle();
    const idle = await settled();
    const hashes = [];
    // The first load also compiles the load path and grows the daemon's heap once: one warm-up source
    // (its own cost is reported beside), then the marginal cost of each further source.
    let warm = 0;
    let t0 = process.hrtime.bigint();
    for (let i = -1; i < n; i++) {
      if (i === 0) {
        warm = await settled();
        t0 = process.hrtime.bigint();
      }
      const file = path.join(dir, `foo-1.${i + 1}.tls`);
      await writeFile(
        file,
        sealPackage({
          zip: await fooPackage(`V${i + 1}:`),
          group: 'foo',
          version: `1.${i + 1}`,
          createdAt: new Date(),
          signingKey,
        }),
      );
      const h = await c.loadSourceFile(file);
      const a = await c.createActor('foo.FooActor', { sourceHash: h });
      await c.ask(a, 'x', 5000);
      hashes.push(h);
    }
    const loadMs = Number(process.hrtime.bigint() - t0) / 1e6 / n;
    const loadedAtLoad = await settle();
    const loaded = await settled();
    for (const h of hashes) await c.unloadSource(h);

    // 1 MiB packages (incompressible filler) until accepted: by path and as bytes, alternating.
    const { randomBytes } = await import('node:crypto');
    const byPath = [];
    const byBytes = [];
    let bigBytes = 0;
    for (let i = 0; i < 5; i++) {
      for (const how of ['path', 'bytes']) {
        const file = path.join(dir, `foo-9.${i}${how === 'path' ? 0 : 1}.tls`);
        const tls = sealPackage({
          zip: await fooPackage(`BIG${i}${how}:`, { 'foo/filler.bin': randomBytes(1024 * 1024) }),
          group: 'foo',
          version: `9.${i}${how === 'path' ? 0 : 1}`,
          createdAt: new Date(),
          signingKey,
        });
        await writeFile(file, tls);
        bigBytes = tls.byteLength;
        const t1 = process.hrtime.bigint();
        const h = how === 'path' ? await c.loadSourceFile(file) : await c.loadSource(tls, path.basename(file));
        (how === 'path' ? byPath : byBytes).push(Number(process.hrtime.bigint() - t1) / 1e6);
        await c.unloadSource(h);
      }
    }

    // 200 MB: RSS before the load, while loaded, after the unload.
    const hugeFile = path.join(dir, 'foo-20.tls');
    await writeFile(
      hugeFile,
      sealPackage({
        zip: await fooPackage('HUGE:', { 'foo/filler.bin': randomBytes(200 * 1024 * 1024) }),
        group: 'foo',
        version: '20',
        createdAt: new Date(),
        signingKey,
      }),
    );
    const beforeHuge = await settle();
    const hh = await c.loadSourceFile(hugeFile, 'foo-20.tls', 600_000);
    const withHuge = (await c.status()).rssBytes;
    await c.unloadSource(hh);
    const afterHuge = await settle();
    await c.shutdown();
    await c.closed;
    return {
      idle,
      idleAtStart,
      perSource: (loaded - warm) / n,
      perSourceAtLoad: (loadedAtLoad - warm) / n,
      firstSource: warm - idle,
      loadMs,
      n,
      byPath: median(byPath),
      byBytes: median(byBytes),
      bigBytes,
      beforeHuge,
      withHuge,
      afterHuge,
    };
  } finally {
    spawnSync(process.execPath, [director, 'shutdown'], { env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } });
    await rm(dir, { recursive: true, force: true });
  }
}

/** CPU per ask beside the echo's, which wall time on a shared machine hides (median of the rounds). */
function cpuNote(a, k) {
  const f = (c) => `${c.server.toFixed(1)} + ${c.client.toFixed(1)}`;
  if (Number.isNaN(a.cpu(k).server)) return 'CPU per ask: not measured (no /proc)';
  return `CPU per ask, serving process + client: ${f(a.cpu(k))} µs (the echo: ${f(a.cpu('bare'))} µs)`;
}

/** The worker ask's CPU by thread (see threadSplit). */
function splitNote(split) {
  if (split === null) return '';
  const f = (x) => x.toFixed(1);
  return ` (by thread: main ${f(split.main)}, the source's worker ${f(split.busiest)}, others ${f(split.rest)} µs)`;
}

/** The ask rows, from one {@link askVersusEcho}. */
function askRows(a) {
  const base = {
    name: "ws echo (own process, same request frame; it parses the request and stringifies a response of the ask's size), best round",
    value: a.bare,
    unit: '/s',
  };
  return [
    {
      area: 'admin',
      name: 'sequential ask, one client, main-thread actor, best round',
      value: a.main,
      unit: '/s',
      baseline: base,
      ratio: a.mainRatio,
      ratioTarget: '>= 0.85',
      note: `best of ${ROUNDS} rounds of ${ASKS / ROUNDS}, order alternating with the echo; ratio: median of the per-round ratios; against a bare echo that parses nothing (${Math.round(a.raw)}/s): ${a.rawRatio.toFixed(2)}; ${cpuNote(a, 'main')}; the original: 1,052/s`,
    },
    {
      area: 'admin',
      name: 'sequential ask, one client, actor in a source worker, best round',
      value: a.worker,
      unit: '/s',
      baseline: base,
      ratio: a.workerRatio,
      ratioTarget: '>= 0.7',
      note: `same rounds; ratio: median of the per-round ratios; ${cpuNote(a, 'worker')}${splitNote(a.split)}; against the echo through a worker thread (the next row, this row's floor): ${a.workerToFloor.toFixed(2)}`,
    },
    {
      area: 'admin',
      name: 'sequential ask floor, one client: ws echo through a worker thread (own process; each request handed to a worker thread and answered from there), best round',
      value: a.floor,
      unit: '/s',
      baseline: base,
      ratio: a.floorRatio,
      note: `same rounds; the least a worker per source costs an ask (the frames of the worker channel, no actor system, no checks): the floor of the row above on this machine; ${cpuNote(a, 'floor')}`,
    },
    {
      area: 'admin',
      name: `pipelined asks, ${PIPELINED} in flight from one client, median of 5`,
      value: a.pipelined,
      unit: '/s',
      target: '>= 100000 /s',
      note: `pipelined requests and their answers travel in batch frames (docs/admin-protocol.md, rule 7); runs: ${a.pipelinedAll.map((x) => Math.round(x)).join(', ')}`,
    },
  ];
}

/** The daemon's memory rows (idle, per source, after a 200 MB package), from sourceRss(). */
function memoryRows(r) {
  const MiB = 2 ** 20;
  return [
    {
      area: 'admin',
      name: 'daemon RSS, idle (dist/daemon.js with Source Authority and Director)',
      value: r.idle / MiB,
      unit: 'MiB',
      target: '<= 50 MiB',
      note: `after V8's memory reducer ran (${REDUCER_WAIT_MS / 1000} s idle); right after start: ${(r.idleAtStart / MiB).toFixed(1)} MiB`,
    },
    {
      area: 'admin',
      name: 'daemon RSS per loaded small source (1 actor each)',
      value: r.perSource / MiB,
      unit: 'MiB',
      target: '<= 8 MiB',
      note: `${r.n} sources after one warm-up source, each reading after V8's memory reducer ran; right after the loads (against the settled state before them): ${(r.perSourceAtLoad / MiB).toFixed(2)} MiB; the first source with the daemon's one-time growth: ${(r.firstSource / MiB).toFixed(1)} MiB`,
    },
    {
      area: 'admin',
      name: 'daemon RSS after loading and unloading a 200 MB package, minus before',
      value: (r.afterHuge - r.beforeHuge) / MiB,
      unit: 'MiB',
      target: '<= 30 MiB',
      note: `before ${(r.beforeHuge / MiB).toFixed(0)}, loaded ${(r.withHuge / MiB).toFixed(0)}, after ${(r.afterHuge / MiB).toFixed(0)} MiB`,
    },
  ];
}

/** The lifecycle and memory rows, from {@link startTimes} and {@link sourceRss}. */
function lifecycleRows(t, r) {
  const MiB = 2 ** 20;
  return [
    {
      area: 'admin',
      name: 'director start (no daemon running), whole command',
      value: t.start,
      unit: 'ms',
      target: '<= 300 ms',
      note: `median of 5 (fastest ${t.startMin.toFixed(0)} ms); the original: 829 ms; director help alone, same moment: ${t.help.toFixed(0)} ms`,
    },
    {
      area: 'admin',
      name: 'director start (daemon already running)',
      value: t.already,
      unit: 'ms',
      note: 'median of 5',
    },
    {
      area: 'admin',
      name: 'director shutdown, whole command',
      value: t.stop,
      unit: 'ms',
      note: 'median of 5, until the process is gone',
    },
    ...memoryRows(r),
    {
      area: 'admin',
      name: 'loadSource + createActor + first ask, over the admin link',
      value: r.loadMs,
      unit: 'ms',
      note: `small signed package by path, mean of ${r.n}`,
    },
    {
      area: 'admin',
      name: 'loadSource of a 1 MiB package by path (the daemon reads and verifies it), until accepted',
      value: r.byPath,
      unit: 'ms',
      baseline: { name: 'the same as bytes (base64 over the link)', value: r.byBytes, unit: 'ms' },
      note: `${r.bigBytes} bytes; median of 5 each, alternating`,
    },
  ];
}

/**
 * `wants(area, name)` (from bench/run.mjs) says whether a row would be printed: a part whose rows
 * are all filtered out is not run. Each part's rows are asked for by their own names, built from
 * blank figures. The ask rows all name `one client` and no other row does: `node bench/run.mjs
 * admin client` runs the ask rounds alone; `node bench/run.mjs admin rss` the memory rows alone.
 */
export default async function ({ wants = () => true } = {}) {
  const blank = (known = {}) => new Proxy(known, { get: (o, k) => (k in o ? o[k] : NaN) });
  const wanted = (rows) => rows.some((row) => wants(row.area, row.name));
  const lifeRows = lifecycleRows(blank(), blank());
  const rows = [];
  if (wanted(askRows(blank({ pipelinedAll: [], split: null, cpu: () => ({ server: NaN, client: NaN }) }))))
    rows.push(...askRows(await askVersusEcho()));
  // The start/shutdown rows name `director`; the memory and load rows come from sourceRss().
  const startWanted = wanted(lifeRows.filter((row) => row.name.startsWith('director')));
  const sourceWanted = wanted(lifeRows.filter((row) => !row.name.startsWith('director')));
  if (startWanted || sourceWanted) {
    const t = startWanted ? await startTimes() : blank();
    const r = sourceWanted ? await sourceRss() : blank();
    rows.push(...lifecycleRows(t, r).filter((row) => (row.name.startsWith('director') ? startWanted : sourceWanted)));
  }
  return rows;
}
