// Convention benchmarks (issue 5), real daemons on loopback with the convention wired in
// (test/convention/fixtures/convention-daemon): a remote create that needs the transfer of a
// 1 MiB source; actor→actor messages between two daemons beside a bare `ws` echo between two
// sockets of the same run; a convention of 10 daemons: time until a new source is in use on all.
// Needs the compiled tests (`npx tsc -b test`).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const h = require(path.join(root, 'out/test/convention/helpers.js'));
const { ActorSystem } = require(path.join(root, 'out/runtime/src/actor-system.js'));
const WebSocket = require('ws');

/** A stand-in for node:test's context: cleanups run at the end of the benchmark. */
function scope() {
  const cleanups = [];
  return {
    after: (f) => cleanups.push(f),
    async close() {
      for (const f of cleanups.reverse())
        await Promise.resolve()
          .then(f)
          .catch(() => undefined);
    },
  };
}

async function convention(t, memberCaps) {
  const secret = h.newSecret();
  const leader = await h.makeHost(t, { secret });
  const members = [];
  for (const caps of memberCaps) members.push(await h.makeHost(t, { secret, leaderPort: leader.port, caps }));
  const key = h.keyPair(leader.dir, 'dev', [leader.dir, ...members.map((m) => m.dir)]);
  await h.start(leader);
  await Promise.all(members.map((m) => h.start(m)));
  await Promise.all(members.map((m) => h.waitForLog(m, /joined the leader/, 30_000)));
  const L = await ActorSystem.connect({ directorDir: leader.dir });
  t.after(() => L.close());
  return { leader, members, key, L };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function remoteCreate() {
  const t = scope();
  try {
    const { key, L, members } = await convention(t, ['{ "Cows Allowed": true }']);
    const M = await ActorSystem.connect({ directorDir: members[0].dir });
    t.after(() => M.close());
    const times = [];
    for (let i = 0; i < 5; i++) {
      const hash = await L.loadActorSource(await h.cowPackage(key, `big${i}`, 1_400_000));
      const t0 = performance.now();
      const moo = await L.createActor('barn.moo.MooActor', {
        sourceHash: hash,
        targetActorRequirements: { 'Cows Allowed': true },
      });
      times.push(performance.now() - t0);
      await L.ask(moo, 'x', 10);
      await L.unloadActorSource(hash);
      // Let the member's unload (worker termination) finish, so runs do not overlap.
      await h.waitFor(
        async () => !(await M.client.listSources()).some((x) => x.sourceHash === hash),
        10_000,
        'member unload',
      );
    }
    return {
      area: 'convention',
      name: 'remote createActor needing a 1 MiB source transfer (median of 5)',
      value: median(times),
      unit: 'ms',
      target: '<= 300 ms',
      note: `runs: ${times.map((x) => x.toFixed(0)).join(', ')} ms`,
    };
  } finally {
    await t.close();
  }
}

/**
 * A bare ws echo in its own process, as the other daemon is, of the same frames: n
 * `convention/deliver` frames shaped and sized as the Pinger's (addresses of `to` and `from`, a
 * number), sent at once as the Pinger sends its pings, each its own ws message, each sent back as
 * it came. Messages per second, both directions counted, as for the actors.
 */
export async function wsEchoServer() {
  const { spawn } = await import('node:child_process');
  const code = `const { WebSocketServer } = require('ws');
    const s = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    s.on('connection', (ws) => ws.on('message', (d) => ws.send(d, { binary: false })));
    s.on('listening', () => process.stdout.write(s.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = Number(await new Promise((r) => child.stdout.once('data', (d) => r(String(d).trim()))));
  const c = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((r) => c.once('open', r));
  return {
    async rate(n, to, from) {
      let left = n;
      const t0 = performance.now();
      await new Promise((resolve) => {
        c.on('message', function counted() {
          if (--left === 0) {
            c.off('message', counted);
            resolve();
          }
        });
        for (let i = 0; i < n; i++)
          c.send(JSON.stringify({ event: 'convention/deliver', params: { to, from, message: i } }));
      });
      return (2 * n * 1000) / (performance.now() - t0);
    },
    close() {
      c.close();
      child.kill();
    },
  };
}

export async function actorToActor() {
  const t = scope();
  try {
    const { key, L } = await convention(t, ['{ "Cows Allowed": true }']);
    const hash = await L.loadActorSource(await h.cowPackage(key));
    const moo = await L.createActor('barn.moo.MooActor', {
      sourceHash: hash,
      targetActorRequirements: { 'Cows Allowed': true },
    });
    const pinger = await L.createActor('barn.pinger.Pinger', { sourceHash: hash });
    const n = 20_000;
    const echo = await wsEchoServer();
    t.after(() => echo.close());
    await L.ask(pinger, { target: moo, n: 1000 }, 30); // warm-up
    await echo.rate(1000, moo, pinger);
    // Rounds with the bare echo of as many frames, the order alternating; ratio: median per round.
    const rounds = [];
    for (let i = 0; i < 5; i++) {
      const actors = async () => (2 * n * 1000) / Math.max(1, (await L.ask(pinger, { target: moo, n }, 60)).ms);
      if (i % 2 === 0) rounds.push({ rate: await actors(), base: await echo.rate(n, moo, pinger) });
      else rounds.push({ base: await echo.rate(n, moo, pinger), rate: await actors() });
    }
    // Low load: one ping at a time; the Pinger times its round trip (leader worker → member worker
    // → back: two actor messages, each over the link), so the admin ask that starts it is not counted.
    const single = [];
    for (let i = 0; i < 200; i++) single.push((await L.ask(pinger, { target: moo, n: 1 }, 10)).ms);
    const sorted = [...single].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)];
    return [
      {
        area: 'convention',
        name: 'actor→actor messages between two daemons (both directions), median of 5',
        value: median(rounds.map((r) => r.rate)),
        unit: 'msg/s',
        baseline: {
          name: 'bare ws echo (own process) of as many convention/deliver frames of the same shape, one ws message each, same run, median of 5',
          value: median(rounds.map((r) => r.base)),
          unit: 'msg/s',
        },
        ratio: median(rounds.map((r) => r.rate / r.base)),
        ratioTarget: '>= 0.9',
        note: `${n} pings from the leader's Pinger to the member's MooActor and ${n} answers per round, order alternating with the echo; ratio: median of per-round ratios; best ${Math.round(Math.max(...rounds.map((r) => r.rate)))} against ${Math.round(Math.max(...rounds.map((r) => r.base)))}`,
      },
      {
        area: 'convention',
        name: 'one actor→actor ping round trip between two daemons at low load, p50 of 200 (two messages: there and back)',
        value: median(single),
        unit: 'ms',
        target: '< 1 ms',
        note: `one ping at a time, timed by the Pinger in its worker; p99 ${p99.toFixed(2)} ms; each message is about half of the round trip`,
      },
      {
        area: 'convention',
        name: 'one actor→actor ping round trip between two daemons at low load, p99 of 200',
        value: p99,
        unit: 'ms',
        note: 'the same runs as the p50 row',
      },
    ];
  } finally {
    await t.close();
  }
}

async function tenDaemons() {
  const t = scope();
  try {
    const caps = Array.from({ length: 9 }, (_, i) => `{ Slot: ${i + 1} }`);
    const t0s = performance.now();
    const { key, L } = await convention(t, caps);
    const startMs = performance.now() - t0s;
    const hash = await L.loadActorSource(await h.cowPackage(key, 'ten'));
    const t0 = performance.now();
    const where = await Promise.all(
      caps.map((_, i) =>
        L.createActor('barn.slot.SlotActor', { sourceHash: hash, targetActorRequirements: { Slot: i + 1 } }),
      ),
    );
    await Promise.all(where.map((a) => L.ask(a, 'in use?', 30)));
    const ms = performance.now() - t0;
    const systems = new Set(where.map((a) => a.system));
    return {
      area: 'convention',
      name: '10 daemons: a new source in use on all 9 members (placement + transfer + re-validation + first answer)',
      value: ms,
      unit: 'ms',
      note: `${systems.size} distinct members; starting the 10 daemons and joining took ${startMs.toFixed(0)} ms`,
    };
  } finally {
    await t.close();
  }
}

export default async function () {
  const rows = [];
  for (const b of [remoteCreate, actorToActor, tenDaemons]) {
    try {
      const r = await b();
      rows.push(...(Array.isArray(r) ? r : [r]));
    } catch (e) {
      rows.push({ area: 'convention', name: `${b.name} FAILED`, value: String(e?.stack ?? e), unit: '' });
    }
  }
  return rows;
}
