// Director benchmarks (contract in bench/run.mjs), each a whole `director` command as a user runs
// it (node dist/director.js ..., a new process each time) against a running daemon:
//  - load of a 1 MiB package until its OnLoad actor has its message (the command returns only
//    then: validated, actors created, OnLoad messages sent), each round a new version;
//  - refresh of 20 groups (all load: the 20 are unloaded, untimed, before each round; again:
//    nothing to do);
//  - list with 100 actors.
// Baseline: `director help` (process start + CLI start-up), in alternating rounds with the row it
// is the baseline of (bench/pairs.mjs: the side run first swaps each round); the ratio is the
// median of the per-round ratios.
// The daemon is the bundled one a user's `director start` runs (dist/daemon.js: Source Authority
// + Director, its workers from dist/source-worker.js), built by `npm run build`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAIRS_NOTE, pairsAsync } from './pairs.mjs';
import { freePort, median, runDirector, zip } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { sealPackage } = require(path.join(root, 'out/packager/src/seal.js'));
const { loadSigningKey } = require(path.join(root, 'out/packager/src/signing-key.js'));
const { spawnDaemon } = require(path.join(root, 'out/runtime/src/daemon/spawn-daemon.js'));
const { readPid } = require(path.join(root, 'out/runtime/src/daemon/private-folder.js'));
const { privatePaths } = require(path.join(root, 'out/runtime/src/daemon/private-paths.js'));
const { connectDaemon } = require(path.join(root, 'out/runtime/src/client/connect-daemon.js'));
const daemonEntry = path.join(root, 'dist/daemon.js');
const LOAD_ROUNDS = 7;
const REFRESH_ROUNDS = 5;

function actorsJs(classes) {
  return (
    `const { Actor } = require('thespian-director');\n` +
    classes
      .map((c) => `class ${c} extends Actor { receiveMessage(m, s) { this.last = m; } }\nexports.${c} = ${c};`)
      .join('\n')
  );
}

const run = runDirector;

export default async function bench() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'td-bench-director-'));
  const dir = path.join(tmp, 'dir');
  mkdirSync(dir);
  const env = { ...process.env, THESPIAN_DIRECTOR_DIR: dir };
  try {
    writeFileSync(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
    writeFileSync(path.join(dir, 'thesplogd.cfg'), `${path.join(tmp, 'log')}\n`);
    const keyFile = path.join(tmp, 'k.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', keyFile]);
    execFileSync('openssl', ['pkey', '-in', keyFile, '-pubout', '-out', path.join(dir, 'k_tls.key')]);
    const signingKey = await loadSigningKey(keyFile);
    const seal = async (group, version, files) => {
      writeFileSync(
        path.join(dir, `${group}-${version}.tls`),
        sealPackage({ zip: await zip(files), group, version, createdAt: new Date(), signingKey }),
      );
    };

    // 1 MiB packages of group big1m: one actor plus 1 MiB of incompressible data.
    writeFileSync(
      path.join(dir, 'big1m.tli'),
      `{ Actors: { 'app.main.Main': { OnLoad: { Role: 'Main', Message: 'go' } } }, AutoUnload: 2 }\n`,
    );
    const versions = Array.from({ length: LOAD_ROUNDS }, (_, i) => `1.${i}`);
    for (const v of ['0.9', ...versions])
      await seal('big1m', v, { 'app/main.js': actorsJs(['Main']), 'app/blob.bin': randomBytes(1024 * 1024) });
    // 20 small groups for refresh.
    for (let i = 0; i < 20; i++) {
      writeFileSync(
        path.join(dir, `g${i}.tli`),
        `{ Actors: { 'app.main.Main': { OnLoad: { Role: 'g${i}', Message: ${i} } } } }\n`,
      );
      await seal(`g${i}`, '1', { 'app/main.js': actorsJs(['Main']) });
    }

    // Started as a command would (restore only): a plain start with no record refreshes by itself.
    await spawnDaemon({
      directorDir: dir,
      env: { ...env, THESPIAN_DIRECTOR_STARTED_FOR_COMMAND: '1' },
      entry: daemonEntry,
    });
    const help = () => run(env, 'help').then((r) => r.ms);
    await help(); // warm-up: page cache, compile cache
    const base = (p) => ({ name: 'director help (process + CLI start)', value: p.b, unit: 'ms' });

    await run(env, 'load', 'big1m-0.9.tls'); // warm-up, untimed
    const loads = await pairsAsync(
      (i) => run(env, 'load', `big1m-${versions[i]}.tls`).then((r) => r.ms),
      help,
      LOAD_ROUNDS,
    );

    // Each round loads all 20 again: their sources are unloaded first (untimed, over one admin link).
    const client = await connectDaemon({ directorDir: dir, clientName: 'bench', heartbeatMs: 0 });
    const director = await client.createActor('Director', { globalName: 'Director' }, 5_000);
    const unloadSmall = async () => {
      const all = (await client.ask(director, { DirectorOp: 'RetrieveAll' }, 10_000)).reply;
      for (const [g, info] of Object.entries(all.Groups)) {
        if (!/^g\d+$/.test(g)) continue;
        for (const h of info.Loaded) {
          const r = (
            await client.ask(director, { DirectorOp: 'UnloadSource', SourceHash: h, RequestedBy: 'bench' }, 30_000)
          ).reply;
          if (r.Success !== true) throw new Error(`unload ${h}: ${JSON.stringify(r)}`);
        }
      }
    };
    let refreshOut = '';
    const refreshFirst = await pairsAsync(
      async () => {
        const r = await run(env, 'refresh');
        refreshOut = r.out;
        return r.ms;
      },
      help,
      REFRESH_ROUNDS,
      unloadSmall,
    );
    client.close();
    const loadedLines = refreshOut.split('\n').filter((l) => l.startsWith('Loaded ')).length;
    if (loadedLines !== 20) throw new Error(`refresh loaded ${loadedLines} groups, not 20:\n${refreshOut}`);
    const refreshAgain = await pairsAsync(() => run(env, 'refresh').then((r) => r.ms), help, REFRESH_ROUNDS);

    // Group big100 (defined after the refreshes so they do not load it): 100 actors.
    const classes = Array.from({ length: 100 }, (_, i) => `A${i}`);
    writeFileSync(
      path.join(dir, 'big100.tli'),
      `{ Actors: { ${classes.map((c) => `'app.many.${c}': { OnLoad: { Role: '${c}', Message: 1 } }`).join(', ')} } }\n`,
    );
    await seal('big100', '1', { 'app/many.js': actorsJs(classes) });
    const load100 = (await run(env, 'load', 'big100')).ms;
    let lines = 0;
    const lists = await pairsAsync(
      async () => {
        const r = await run(env, 'list');
        lines = r.out.split('\n').length;
        return r.ms;
      },
      help,
      5,
    );
    const helpAll = median([loads.b, refreshFirst.b, refreshAgain.b, lists.b]);

    const row = (name, p, extra) => ({
      area: 'director',
      name,
      value: p.a,
      unit: 'ms',
      baseline: base(p),
      ratio: p.ratio,
      ...extra,
      note: `${extra.note ? `${extra.note}; ` : ''}${p.rounds} ${PAIRS_NOTE}; ratios ${p.ratios.map((x) => x.toFixed(2)).join(', ')}`,
    });
    return [
      row('load 1 MiB package (whole command, until OnLoad sent)', loads, {
        target: '<= 250',
        ratioTarget: '<= 1.3',
        note: 'original 696 ms',
      }),
      row('refresh of 20 groups (all load)', refreshFirst, { ratioTarget: '<= 3' }),
      row('refresh of 20 groups again (nothing to do)', refreshAgain, {}),
      {
        area: 'director',
        name: 'load of a group with 100 OnLoad actors',
        value: load100,
        unit: 'ms',
        baseline: { name: 'director help (median of the rounds above)', value: helpAll, unit: 'ms' },
        note: 'one run',
      },
      row('list with 100+ actors (whole command)', lists, { note: `${lines} lines` }),
    ];
  } finally {
    const pid = await readPid(privatePaths(dir)).catch(() => undefined);
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      for (let i = 0; i < 200; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}
