// A convention at scale: a leader and N members (3, 10, 30), each daemon in its own network
// namespace with its own address (test/fleet/netns.ts: iproute2, root). Per size: time for all
// members to join, a new source placed on and answering from every member, one member's cable
// cut (noticed by heartbeat), a third of the members partitioned and healed, the leader
// restarted and every member back. Sizes: THESPIAN_BENCH_SCALE_SIZES (default 3,10,30).
// Without namespaces (not Linux, not root) the rows say why and carry no figures.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { makeFleet, netnsUnavailable } = require(path.join(root, 'out/test/fleet/netns.js'));
const { cowPackage, keyPair } = require(path.join(root, 'out/test/convention/helpers.js'));
const placeAll = path.join(root, 'out/test/fleet/fixtures/place-all.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, cond, ms) {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await sleep(25);
  }
  return Date.now() - t0;
}
const count = (text, re) => (text.match(re) ?? []).length;

async function one(n) {
  const fleet = await makeFleet(n, ({ index }) => (index > 0 ? { 'othercaps.cfg': `{ Slot: ${index} }\n` } : {}));
  try {
    const key = keyPair(fleet.tmp, 'k', [fleet.leader.dir, ...fleet.members.map((m) => m.dir)]);
    const pkgFile = path.join(fleet.tmp, 'foo-1.tls');
    await writeFile(pkgFile, await cowPackage(key, '1'));
    const joined = async () => count(await fleet.leader.log(), /convention: member \S+ joined/g);
    const lost = async () => count(await fleet.leader.log(), /convention: member \S+ lost/g);
    await fleet.start(fleet.leader);
    const t0 = Date.now();
    await Promise.all(fleet.members.map((m) => fleet.start(m)));
    await until('all joined', async () => (await joined()) >= n, 120_000);
    const joinMs = Date.now() - t0;

    const placed = await fleet.node(fleet.leader, placeAll, pkgFile, String(n));
    if (placed.code !== 0) throw new Error(`placement failed: ${placed.err}`);
    const p = JSON.parse(placed.out);
    if (p.answered !== n || p.systems !== n) throw new Error(`placement: ${JSON.stringify(p)}`);

    // One member's cable cut: only heartbeats can tell.
    const victim = fleet.members[0];
    let lost0 = await lost();
    fleet.linkDown(victim);
    const lossMs = await until('one member lost', async () => (await lost()) > lost0, 30_000);
    fleet.linkUp(victim);
    let joined0 = await joined();
    await until('victim back', async () => (await joined()) > joined0, 60_000);

    // A third of the members partitioned at once, then healed.
    const third = fleet.members.slice(0, Math.max(1, Math.floor(n / 3)));
    lost0 = await lost();
    for (const m of third) fleet.linkDown(m);
    const partitionMs = await until('third lost', async () => (await lost()) >= lost0 + third.length, 60_000);
    joined0 = await joined();
    for (const m of third) fleet.linkUp(m);
    const healMs = await until('third back', async () => (await joined()) >= joined0 + third.length, 120_000);

    // The leader restarted: every member notices, retries with back-off and joins the new leader.
    joined0 = await joined();
    const r0 = Date.now();
    await fleet.stop(fleet.leader);
    await fleet.start(fleet.leader);
    await until('all back after the leader restart', async () => (await joined()) >= joined0 + n, 120_000);
    const restartMs = Date.now() - r0;
    return {
      joinMs,
      loadMs: p.loadMs,
      placedMs: p.placedMs,
      lossMs,
      partitionMs,
      healMs,
      restartMs,
      third: third.length,
    };
  } finally {
    await fleet.teardown();
  }
}

export default async function () {
  const why = netnsUnavailable();
  if (why !== null)
    return [{ area: 'convention-scale', name: 'namespaced convention', value: 'skipped', unit: '', note: why }];
  const sizes = (process.env.THESPIAN_BENCH_SCALE_SIZES ?? '3,10,30').split(',').map(Number);
  const rows = [];
  for (const n of sizes) {
    const r = await one(n);
    const row = (name, value, target, note) => ({
      area: 'convention-scale',
      name: `${n} members: ${name}`,
      value,
      unit: 'ms',
      ...(target ? { target } : {}),
      ...(note ? { note } : {}),
    });
    rows.push(
      row('all joined (members started at once)', r.joinMs),
      row(
        `new source placed on and answering from all ${n}`,
        r.placedMs,
        undefined,
        `after a ${r.loadMs} ms load on the leader`,
      ),
      row('one cut cable noticed', r.lossMs, '<= 5000'),
      row(`partition of ${r.third} noticed`, r.partitionMs, '<= 5000'),
      row(`partition of ${r.third} healed (all re-joined)`, r.healMs),
      row('leader restarted, every member back', r.restartMs),
    );
  }
  return rows;
}
