// Durability benchmarks (contract in bench/run.mjs), against the Director test daemon (Source
// Authority + Director) built by `tsc -b`, whole `director` commands as a user runs them:
//  - the cost of durable acknowledgement on `load` of a 1 MiB package: the fsynced writes a load
//    waits for (the 1 MiB copy and the record, written, fsynced, renamed) measured alone on the
//    same disk, against the whole command (median of 7 loads of new versions);
//  - restore of 20 groups after kill -9: from spawning the daemon until it answers with every
//    OnLoad actor running again (target <= 1 s); baseline: a start with nothing to restore;
//  - 200 upgrade cycles under continuous role lookups, asks and tells (test/faults/upgrade-load):
//    lost / duplicated / failed lookups, the daemon's RSS, threads and fds after warm-up and at the end.
//    THESPIAN_UPGRADE_CYCLES changes the count.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, median, runDirector, zip } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { sealPackage } = require(path.join(root, 'out/packager/src/seal.js'));
const { loadSigningKey } = require(path.join(root, 'out/packager/src/signing-key.js'));
const { spawnDaemon } = require(path.join(root, 'out/runtime/src/daemon/spawn-daemon.js'));
const { readPid, processAlive } = require(path.join(root, 'out/runtime/src/daemon/private-folder.js'));
const { privatePaths } = require(path.join(root, 'out/runtime/src/daemon/private-paths.js'));
const { DirectorStore } = require(path.join(root, 'out/runtime/src/director/director-store.js'));
const { procFigures, upgradeEnv, upgradesUnderLoad } = require(path.join(root, 'out/test/faults/upgrade-load.js'));
const daemonEntry = path.join(root, 'out/test/director/fixtures/director-daemon.js');
const FOR_COMMAND = { THESPIAN_DIRECTOR_STARTED_FOR_COMMAND: '1' };

const mainJs = `const { Actor } = require('thespian-director');\nclass Main extends Actor { receiveMessage(m) { this.last = m; } }\nexports.Main = Main;`;

const run = runDirector;

async function kill9(dir) {
  const pid = await readPid(privatePaths(dir));
  if (pid === undefined) return;
  process.kill(pid, 'SIGKILL');
  while (processAlive(pid)) await new Promise((r) => setTimeout(r, 10));
}

async function stop(dir) {
  const pid = await readPid(privatePaths(dir)).catch(() => undefined);
  if (pid !== undefined && processAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function directorDir(tmp, name) {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
  writeFileSync(path.join(dir, 'thesplogd.cfg'), `${path.join(tmp, `${name}-log`)}\n`);
  const keyFile = path.join(tmp, `${name}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', keyFile]);
  execFileSync('openssl', ['pkey', '-in', keyFile, '-pubout', '-out', path.join(dir, 'k_tls.key')]);
  const signingKey = await loadSigningKey(keyFile);
  const seal = async (group, version, files) => {
    writeFileSync(
      path.join(dir, `${group}-${version}.tls`),
      sealPackage({ zip: await zip(files), group, version, createdAt: new Date(), signingKey }),
    );
  };
  return { dir, seal, env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } };
}

async function durableLoad(tmp) {
  const { dir, seal, env } = await directorDir(tmp, 'load');
  try {
    writeFileSync(
      path.join(dir, 'big1m.tli'),
      `{ Actors: { 'app.main.Main': { OnLoad: { Role: 'Main', Message: 'go' } } }, AutoUnload: 2 }\n`,
    );
    const versions = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
    for (const v of versions)
      await seal('big1m', v, { 'app/main.js': mainJs, 'app/blob.bin': randomBytes(1024 * 1024) });
    await spawnDaemon({ directorDir: dir, env: { ...env, ...FOR_COMMAND }, entry: daemonEntry });
    const loads = [];
    for (const v of versions) loads.push((await run(env, 'load', `big1m-${v}.tls`)).ms);
    // The same fsynced writes alone, on the same disk: a 1 MiB copy and the record as it is now.
    const store = new DirectorStore(path.join(tmp, 'load-store'));
    const record = await new DirectorStore(privatePaths(dir).director).readRecord();
    const bytes = randomBytes(1024 * 1024);
    const writes = [];
    for (let i = 0; i < 7; i++) {
      const t0 = process.hrtime.bigint();
      await store.writeCopy(`bench${i}hash0000`, bytes);
      await store.writeRecord(record);
      writes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return { load: median(loads), loads, durable: median(writes) };
  } finally {
    await stop(dir);
  }
}

async function restore20(tmp) {
  const { dir, seal, env } = await directorDir(tmp, 'restore');
  try {
    for (let i = 0; i < 20; i++) {
      writeFileSync(
        path.join(dir, `g${i}.tli`),
        `{ Actors: { 'app.main.Main': { OnLoad: { Role: 'g${i}', Message: ${i} } } } }\n`,
      );
      await seal(`g${i}`, '1', { 'app/main.js': mainJs });
    }
    // Baseline: a start with nothing to restore.
    let t0 = process.hrtime.bigint();
    await spawnDaemon({ directorDir: dir, env: { ...env, ...FOR_COMMAND }, entry: daemonEntry });
    const empty = Number(process.hrtime.bigint() - t0) / 1e6;
    await run(env, 'refresh');
    const times = [];
    for (let i = 0; i < 3; i++) {
      await kill9(dir);
      t0 = process.hrtime.bigint();
      // The daemon answers once its restore has settled: every OnLoad actor runs again.
      await spawnDaemon({ directorDir: dir, env: { ...env, ...FOR_COMMAND }, entry: daemonEntry });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const list = JSON.parse((await run(env, 'list', '--json')).out);
    const running = list.groups
      .flatMap((g) => g.sources.flatMap((s) => s.actors))
      .filter((a) => a.status === 'running').length;
    return { restore: median(times), times, empty, running };
  } finally {
    await stop(dir);
  }
}

async function soak(cycles) {
  const cleanups = [];
  const t = { after: (fn) => cleanups.push(fn), diagnostic: () => undefined };
  try {
    const e = await upgradeEnv(t);
    // Also sampled half-way: V8 grows the daemon's heap to its steady size within ~100 cycles, so
    // 20 → half → end tells growth that levels off from growth that goes on.
    let half = null;
    const r = await upgradesUnderLoad(e, cycles, 20, (i, pid) => {
      if (i === Math.floor(cycles / 2)) half = procFigures(pid);
    });
    return { ...r, half };
  } finally {
    for (const c of cleanups) await c();
  }
}

export default async function bench() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'td-bench-durability-'));
  try {
    const l = await durableLoad(tmp);
    const r = await restore20(tmp);
    const cycles = Number(process.env.THESPIAN_UPGRADE_CYCLES ?? 200);
    const s = await soak(cycles);
    const load = { name: 'load 1 MiB (whole command)', value: l.load, unit: 'ms' };
    return [
      {
        area: 'durability',
        name: 'durable acknowledgement of a 1 MiB load (copy + record, fsynced)',
        value: l.durable,
        unit: 'ms',
        baseline: load,
        note: `whole loads: ${l.loads.map((x) => x.toFixed(0)).join(', ')} ms`,
      },
      {
        area: 'durability',
        name: 'restore 20 groups after kill -9 (until every OnLoad actor runs)',
        value: r.restore,
        unit: 'ms',
        target: '<= 1000',
        baseline: { name: 'start with nothing to restore', value: r.empty, unit: 'ms' },
        note: `all: ${r.times.map((x) => x.toFixed(0)).join(', ')} ms; ${r.running} actors running after`,
      },
      {
        area: 'durability',
        name: `${s.cycles} upgrades under asks+tells: lost + duplicated + failed lookups`,
        value: s.lostAsks + s.lostTells + s.duplicatedTells + s.failedLookups,
        unit: 'count',
        target: '<= 0',
        note: `${s.asks} asks, ${s.tells} tells, ${s.lookups} lookups; ${s.msPerCycle.toFixed(0)} ms/cycle`,
      },
      {
        area: 'durability',
        name: `${s.cycles} upgrades: daemon RSS at the end`,
        value: s.end.rssKiB / 1024,
        unit: 'MiB',
        baseline: { name: 'after 20 cycles', value: s.warm.rssKiB / 1024, unit: 'MiB' },
        note: s.half ? `after ${Math.floor(s.cycles / 2)} cycles: ${(s.half.rssKiB / 1024).toFixed(1)} MiB` : undefined,
      },
      {
        area: 'durability',
        name: `${s.cycles} upgrades: daemon threads at the end`,
        value: s.end.threads,
        unit: 'threads',
        baseline: { name: 'after 20 cycles', value: s.warm.threads, unit: 'threads' },
      },
      {
        area: 'durability',
        name: `${s.cycles} upgrades: daemon fds at the end`,
        value: s.end.fds,
        unit: 'fds',
        baseline: { name: 'after 20 cycles', value: s.warm.fds, unit: 'fds' },
      },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
