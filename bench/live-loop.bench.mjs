// Live loading (the VS Code extension's save → new version cycle, extension/src/live/live-cycle.ts,
// run in-process through the package's typed toolchain API, gensrc() / load() / unload(), exactly
// as the extension calls it): from the save of
// fooactor.ts in the example app until the new version answers an ask with the new code
// (gensrc with the dev key and source maps, load, unload of the previous dev version, then asks
// until the new answer comes). Median of 5. Baseline from the same run: a bare `director load`
// of the same package from a terminal (a new process), after unloading it again.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { DirectorControl } = require(path.join(root, 'out/cli/src/director-control.js'));
const { connectDaemon } = require(path.join(root, 'out/runtime/src/client/connect-daemon.js'));
const api = require(path.join(root, 'out/cli/src/index.js'));
const { bindTools, runCycle } = require(path.join(root, 'out/extension/src/live/live-cycle.js'));
const { ensureDevKey } = require(path.join(root, 'out/extension/src/live/dev-key.js'));
const cli = path.join(root, 'dist/director.js');
const RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function () {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-live-'));
  const ws = path.join(tmp, 'workspace');
  const dir = path.join(tmp, 'director');
  cpSync(path.join(root, 'examples', 'foo'), ws, { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
  const env = { ...process.env, THESPIAN_DIRECTOR_DIR: dir };
  const runIn = async (cwd, args) => {
    let out = '';
    let err = '';
    const dc = new DirectorControl({
      directorDir: dir,
      env,
      cwd,
      out: { write: (s) => void (out += s) },
      err: { write: (s) => void (err += s) },
    });
    const [name, ...rest] = args;
    return { code: await dc.call(name, ...rest), out, err };
  };
  const tools = bindTools(api, { directorDir: dir, env, cwd: ws });
  const dc = new DirectorControl({ directorDir: dir, env, out: { write: () => {} }, err: { write: () => {} } });
  let client;
  try {
    const keyFile = await ensureDevKey(path.join(tmp, 'storage'), dir, (cwd, name) => runIn(cwd, ['keygen', name]));
    const target = {
      group: 'foo',
      sourcesDir: ws,
      keyFile,
      tliFile: path.join(ws, 'foo.tli'),
      depsFile: path.join(ws, 'deppkgs.txt'),
      patterns: ['foo/**/*.ts'],
    };
    const first = await runCycle(tools, target, []);
    if (!first.ok) throw new Error(`first cycle: ${first.code} ${first.message}`);
    client = await connectDaemon({ directorDir: dir, clientName: 'bench-live' });
    const src = path.join(ws, 'foo', 'fooactor.ts');
    const original = readFileSync(src, 'utf8');
    const saves = [];
    const loads = [];
    let previous = first.hash;
    for (let i = 1; i <= RUNS; i++) {
      writeFileSync(
        src,
        original.replace('{ foo: describeState(this.state) }', `{ foo: describeState(this.state), live: ${i} }`),
      );
      const t0 = performance.now();
      const r = await runCycle(tools, target, [previous]);
      if (!r.ok) throw new Error(`cycle ${i}: ${r.code} ${r.message}`);
      for (;;) {
        const role = await dc.get_role_address('MainFoo', { group: 'foo', silent: true });
        const reply = role === null ? undefined : (await client.ask(role.ActorAddress, 'status', 5_000)).reply;
        if (reply?.live === i) break;
      }
      saves.push(performance.now() - t0);
      // The baseline: the same package, unloaded again, loaded by a bare `director load` from a terminal.
      await tools.unload(r.hash);
      const t1 = performance.now();
      const p = spawnSync(process.execPath, [cli, 'load', r.file], { env, encoding: 'utf8' });
      loads.push(performance.now() - t1);
      if (p.status !== 0) throw new Error(`director load: ${p.stderr}`);
      previous = r.hash;
      if (process.env.BENCH_VERBOSE)
        console.error(
          `live ${i}: save→answer ${saves.at(-1).toFixed(0)} ms (build ${r.ms.build.toFixed(0)}, load ${r.ms.load.toFixed(0)}, unload ${r.ms.unload.toFixed(0)}); bare load ${loads.at(-1).toFixed(0)} ms`,
        );
    }
    const baseline = {
      name: 'bare `director load` of the same package (new process)',
      value: median(loads),
      unit: 'ms',
    };
    return [
      {
        area: 'extension',
        name: 'live loading: save → new version answering (median of 5)',
        value: median(saves),
        unit: 'ms',
        target: '<= 1500 ms',
        baseline,
        note: `${(median(saves) / median(loads)).toFixed(2)}x the bare load; target <= 3x`,
      },
    ];
  } finally {
    client?.close();
    spawnSync(process.execPath, [cli, 'shutdown'], { env, encoding: 'utf8' });
    rmSync(tmp, { recursive: true, force: true });
  }
}
