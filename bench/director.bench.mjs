// Director benchmarks (contract in bench/run.mjs), each a whole `director` command as a user runs
// it (node dist/director.js ..., a new process each time) against a running daemon:
//  - load of a 1 MiB package until its OnLoad actor has its message (the command returns only
//    then: validated, actors created, OnLoad messages sent), median of 7 loads of new versions;
//  - refresh of 20 groups (first: loads all 20; again: nothing to do);
//  - list with 100 actors.
// Baseline: `director help` from the same run (process start + CLI start-up).
// The daemon is the Director test daemon (Source Authority + Director), built by `tsc -b`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { freePort, median, runDirector } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { sealPackage } = require(path.join(root, 'out/packager/src/seal.js'));
const { loadSigningKey } = require(path.join(root, 'out/packager/src/signing-key.js'));
const { spawnDaemon } = require(path.join(root, 'out/runtime/src/daemon/spawn-daemon.js'));
const { readPid } = require(path.join(root, 'out/runtime/src/daemon/private-folder.js'));
const { privatePaths } = require(path.join(root, 'out/runtime/src/daemon/private-paths.js'));
const daemonEntry = path.join(root, 'out/test/director/fixtures/director-daemon.js');

function zip(files) {
  const z = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) z.addBuffer(Buffer.from(content), name, { mtime: new Date(0), compress: false });
  z.end();
  return new Promise((resolve, reject) => {
    const chunks = [];
    z.outputStream.on('data', (c) => chunks.push(c));
    z.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    z.outputStream.on('error', reject);
  });
}

function actorsJs(classes) {
  return `const { Actor } = require('thespian-director');\n` + classes.map((c) => `class ${c} extends Actor { receiveMessage(m, s) { this.last = m; } }\nexports.${c} = ${c};`).join('\n');
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
      writeFileSync(path.join(dir, `${group}-${version}.tls`), sealPackage({ zip: await zip(files), group, version, createdAt: new Date(), signingKey }));
    };

    // 1 MiB packages of group big1m: one actor plus 1 MiB of incompressible data.
    writeFileSync(path.join(dir, 'big1m.tli'), `{ Actors: { 'app.main.Main': { OnLoad: { Role: 'Main', Message: 'go' } } }, AutoUnload: 2 }\n`);
    const versions = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
    for (const v of versions) await seal('big1m', v, { 'app/main.js': actorsJs(['Main']), 'app/blob.bin': randomBytes(1024 * 1024) });
    // 20 small groups for refresh.
    for (let i = 0; i < 20; i++) {
      writeFileSync(path.join(dir, `g${i}.tli`), `{ Actors: { 'app.main.Main': { OnLoad: { Role: 'g${i}', Message: ${i} } } } }\n`);
      await seal(`g${i}`, '1', { 'app/main.js': actorsJs(['Main']) });
    }

    // Started as a command would (restore only): a plain start with no record refreshes by itself.
    await spawnDaemon({ directorDir: dir, env: { ...env, THESPIAN_DIRECTOR_STARTED_FOR_COMMAND: '1' }, entry: daemonEntry });
    const help = [];
    for (let i = 0; i < 5; i++) help.push((await run(env, 'help')).ms);
    const base = { name: 'director help (process + CLI start)', value: median(help), unit: 'ms' };

    const loads = [];
    for (const v of versions) loads.push((await run(env, 'load', `big1m-${v}.tls`)).ms);

    const refreshFirst = (await run(env, 'refresh')).ms;
    const refreshAgain = (await run(env, 'refresh')).ms;

    // Group big100 (defined after the refreshes so they do not load it): 100 actors.
    const classes = Array.from({ length: 100 }, (_, i) => `A${i}`);
    writeFileSync(
      path.join(dir, 'big100.tli'),
      `{ Actors: { ${classes.map((c) => `'app.many.${c}': { OnLoad: { Role: '${c}', Message: 1 } }`).join(', ')} } }\n`,
    );
    await seal('big100', '1', { 'app/many.js': actorsJs(classes) });
    const load100 = (await run(env, 'load', 'big100')).ms;
    const lists = [];
    let lines = 0;
    for (let i = 0; i < 5; i++) {
      const r = await run(env, 'list');
      lists.push(r.ms);
      lines = r.out.split('\n').length;
    }

    return [
      { area: 'director', name: 'load 1 MiB package (whole command, until OnLoad sent)', value: median(loads), unit: 'ms', target: '<= 250', baseline: base, ratioTarget: '<= 1.3', note: `median of ${loads.length}; all: ${loads.map((x) => x.toFixed(0)).join(', ')}; original 696 ms` },
      { area: 'director', name: 'refresh of 20 groups (all load)', value: refreshFirst, unit: 'ms', baseline: base, ratioTarget: '<= 3' },
      { area: 'director', name: 'refresh of 20 groups again (nothing to do)', value: refreshAgain, unit: 'ms', baseline: base },
      { area: 'director', name: 'load of a group with 100 OnLoad actors', value: load100, unit: 'ms', baseline: base },
      { area: 'director', name: 'list with 100+ actors (whole command)', value: median(lists), unit: 'ms', baseline: base, note: `${lines} lines` },
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
