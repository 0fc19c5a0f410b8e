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
  return { after: (f) => cleanups.push(f), async close() { for (const f of cleanups.reverse()) await Promise.resolve().then(f).catch(() => undefined); } };
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
      const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: { 'Cows Allowed': true } });
      times.push(performance.now() - t0);
      await L.ask(moo, 'x', 10);
      await L.unloadActorSource(hash);
      // Let the member's unload (worker termination) finish, so runs do not overlap.
      await h.waitFor(async () => !(await M.client.listSources()).some((x) => x.sourceHash === hash), 10_000, 'member unload');
    }
    return { area: 'convention', name: 'remote createActor needing a 1 MiB source transfer (median of 5)', value: median(times), unit: 'ms', target: '<= 300 ms', note: `runs: ${times.map((x) => x.toFixed(0)).join(', ')} ms` };
  } finally {
    await t.close();
  }
}

export async function wsEchoBaseline(n) {
  const wss = new WebSocket.WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (s) => s.on('message', (d) => s.send(d)));
  const c = new WebSocket(`ws://127.0.0.1:${wss.address().port}`);
  await new Promise((r) => c.once('open', r));
  let left = n;
  const t0 = performance.now();
  await new Promise((resolve) => {
    c.on('message', () => --left === 0 && resolve());
    for (let i = 0; i < n; i++) c.send(JSON.stringify({ event: 'x', params: { i } }));
  });
  const ms = performance.now() - t0;
  c.close();
  await new Promise((r) => wss.close(r));
  return (2 * n * 1000) / ms;
}

export async function actorToActor() {
  const t = scope();
  try {
    const { key, L } = await convention(t, ['{ "Cows Allowed": true }']);
    const hash = await L.loadActorSource(await h.cowPackage(key));
    const moo = await L.createActor('barn.moo.MooActor', { sourceHash: hash, targetActorRequirements: { 'Cows Allowed': true } });
    const pinger = await L.createActor('barn.pinger.Pinger', { sourceHash: hash });
    const n = 20_000;
    await L.ask(pinger, { target: moo, n: 1000 }, 30); // warm-up
    // Alternating rounds with the bare echo of the same number of frames; ratio: median per round.
    const rounds = [];
    for (let i = 0; i < 3; i++) {
      const r = await L.ask(pinger, { target: moo, n }, 60);
      rounds.push({ rate: (2 * n * 1000) / Math.max(1, r.ms), base: await wsEchoBaseline(n) });
    }
    // Low load: one ping at a time, round trip leader → member → leader (with the admin ask that starts it).
    const single = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await L.ask(pinger, { target: moo, n: 1 }, 10);
      single.push(performance.now() - t0);
    }
    return [
      {
        area: 'convention',
        name: 'actor→actor messages between two daemons (both directions), best of 3',
        value: Math.max(...rounds.map((r) => r.rate)),
        unit: 'msg/s',
        baseline: { name: 'bare ws echo of as many frames, same run, best of 3', value: Math.max(...rounds.map((r) => r.base)), unit: 'msg/s' },
        ratio: median(rounds.map((r) => r.rate / r.base)),
        ratioTarget: '>= 0.9',
        note: `${n} pings from the leader's Pinger to the member's MooActor and ${n} answers per round; ratio: median of per-round ratios`,
      },
      {
        area: 'convention',
        name: 'one actor→actor ping round trip between two daemons at low load (median of 50)',
        value: median(single),
        unit: 'ms',
        target: '< 1 ms',
        note: 'includes the admin ask (client → leader → reply) that starts each ping, so the actor→actor part is less',
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
    const where = await Promise.all(caps.map((_, i) => L.createActor('barn.slot.SlotActor', { sourceHash: hash, targetActorRequirements: { Slot: i + 1 } })));
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
