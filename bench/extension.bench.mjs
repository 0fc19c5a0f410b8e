// The extension's figures: activation time of the bundled extension (dist/extension.js) with a
// stand-in `vscode` module, in fresh processes; time from a `director load` (run from a
// terminal, as a user would) until the extension's Loaded tree shows the source, through the
// live update path (director dir watcher / daemon events, no polling in the extension); and the
// .vsix size. The stand-in implements only what activation and the views use; file watchers
// are real (fs.watch), as VS Code's are. BENCH_VERBOSE=1 prints each sample (and, on a failure,
// the extension process's CPU use; BENCH_STRACE=1 adds a second of its system calls).
import { spawnSync, spawn } from 'node:child_process';
import {
  existsSync,
  readFileSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
  cpSync,
  symlinkSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AREA = 'extension';

const STUB = String.raw`
const fs = require('node:fs'); const path = require('node:path'); const Module = require('node:module');
class EventEmitter { constructor(){ this.l = new Set(); this.event = (f) => { this.l.add(f); return { dispose: () => this.l.delete(f) }; }; } fire(v){ for (const f of [...this.l]) f(v); } dispose(){ this.l.clear(); } }
class Disposable { constructor(f){ this.f = f; } dispose(){ this.f?.(); } static from(...d){ return new Disposable(() => d.forEach((x) => x.dispose())); } }
const noop = () => {}; const disp = { dispose: noop };
const logFile = process.env.STUB_LOG; const log = {}; for (const k of ['trace','debug','info','warn','error','append','appendLine','show','dispose','clear','replace','hide']) log[k] = process.env.STUB_DEBUG || ((k === 'warn' || k === 'error') && process.env.BENCH_VERBOSE) ? (...a) => console.error(k, ...a) : logFile ? (...a) => fs.appendFileSync(logFile, Date.now() + ' ' + k + ' ' + a.join(' ').slice(0, 200) + '\n') : noop;
const settings = JSON.parse(process.env.STUB_SETTINGS || '{}');
const commands = new Map();
const Uri = { file: (p) => ({ scheme: 'file', fsPath: p, path: p, toString: () => 'file://' + p }), from: (o) => ({ ...o, toString: () => o.scheme + ':' + o.path }), joinPath: (u, ...p) => Uri.file(path.join(u.fsPath, ...p)) };
function watcher(pattern) {
  // Non-recursive fs.watch on the folders the pattern can match (Node 20's recursive watch on
  // Linux rescans the tree on every event, which a chatty daemon log turns into a busy loop).
  const created = new EventEmitter(), changed = new EventEmitter(), deleted = new EventEmitter();
  const base = pattern.base.fsPath;
  const dirs = [base, ...(pattern.glob.includes('director/') ? [path.join(base, '.daemon'), path.join(base, '.daemon', 'director')] : [])];
  const ws = [];
  for (const d of dirs) { try { ws.push(fs.watch(d, (_e, f) => { if (f != null && !(pattern.glob === 'daemon.log' && String(f) !== 'daemon.log')) changed.fire(Uri.file(path.join(d, String(f)))); })); } catch {} }
  return { onDidCreate: created.event, onDidChange: changed.event, onDidDelete: deleted.event, dispose: () => ws.forEach((w) => w.close()) };
}
const vscode = {
  EventEmitter, Disposable, Uri,
  TreeItem: class { constructor(label, state){ this.label = label; this.collapsibleState = state; } },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ThemeIcon: class { constructor(id){ this.id = id; } }, ThemeColor: class { constructor(id){ this.id = id; } },
  StatusBarAlignment: { Left: 1, Right: 2 }, ProgressLocation: { Notification: 15, Window: 10 }, ConfigurationTarget: { Global: 1, Workspace: 2 },
  DiagnosticSeverity: { Error: 0 }, RelativePattern: class { constructor(base, glob){ this.base = base; this.glob = glob; } },
  window: {
    createOutputChannel: () => log, createTreeView: () => ({ dispose: noop, message: undefined, visible: false, onDidChangeVisibility: () => disp }), createStatusBarItem: () => ({ show: noop, hide: noop, dispose: noop }),
    showErrorMessage: async () => undefined, showInformationMessage: async () => undefined, showWarningMessage: async () => undefined,
    withProgress: (_o, f) => f({ report: noop }), setStatusBarMessage: () => disp,
  },
  commands: { registerCommand: (id, f) => { commands.set(id, f); return disp; }, executeCommand: async (id, ...a) => commands.get(id)?.(...a) },
  workspace: {
    workspaceFolders: [], textDocuments: [], onDidOpenTextDocument: () => disp, onDidChangeConfiguration: () => disp,
    getConfiguration: () => ({ get: (k, d) => (k in settings ? settings[k] : d), update: async () => {} }),
    createFileSystemWatcher: (p) => watcher(p), registerTextDocumentContentProvider: () => disp, findFiles: async () => [],
    onDidChangeTextDocument: () => disp, getWorkspaceFolder: () => undefined,
  },
  languages: { createDiagnosticCollection: () => ({ clear: noop, set: noop, dispose: noop }) },
  env: { clipboard: { writeText: async () => {} } },
};
const load = Module._load;
Module._load = function (req, ...rest) { return req === 'vscode' ? vscode : load.call(this, req, ...rest); };
const ctx = { subscriptions: [], globalStorageUri: Uri.file(process.env.STUB_STORAGE), workspaceState: { get: (_k, d) => d, update: async () => {} }, globalState: { get: (_k, d) => d, update: async () => {} }, environmentVariableCollection: { replace: noop }, asAbsolutePath: (p) => path.join(process.env.STUB_EXT_ROOT, p) };
module.exports = { vscode, ctx };
`;

function writeStub(dir) {
  const f = path.join(dir, 'vscode-stub.cjs');
  writeFileSync(f, STUB);
  return f;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function activation(tmp, stub) {
  const script = path.join(tmp, 'activate.cjs');
  writeFileSync(
    script,
    `const t0 = performance.now(); const { ctx } = require(${JSON.stringify(stub)});
     const t1 = performance.now(); const ext = require(${JSON.stringify(path.join(root, 'dist/extension.js'))});
     const t2 = performance.now(); const api = ext.activate(ctx); const t3 = performance.now();
     console.log(JSON.stringify({ load: t2 - t1, activate: t3 - t2, total: t3 - t1, inner: api.activationMs }));
     ctx.subscriptions.forEach((d) => d.dispose()); process.exit(0);`,
  );
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const r = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        STUB_STORAGE: path.join(tmp, 'storage'),
        STUB_EXT_ROOT: root,
        STUB_SETTINGS: JSON.stringify({ directorDir: path.join(tmp, 'dir') }),
      },
    });
    if (r.status !== 0) throw new Error(`activation run failed: ${r.stderr}`);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  return {
    total: median(runs.map((r) => r.total)),
    load: median(runs.map((r) => r.load)),
    activate: median(runs.map((r) => r.activate)),
  };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/** `director load` from a terminal until the extension's Loaded tree shows ACTIVE. */
async function loadToView(tmp, stub) {
  const dir = path.join(tmp, 'director');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
  const app = path.join(tmp, 'app');
  cpSync(path.join(root, 'examples/foo'), app, { recursive: true });
  // gensrc takes the example's npm dependency (chalk) from node_modules, found upward.
  symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  const env = { ...process.env, THESPIAN_DIRECTOR_DIR: dir };
  const cli = (...args) =>
    spawnSync(process.execPath, [path.join(root, 'dist/director.js'), ...args], { cwd: tmp, env, encoding: 'utf8' });
  // Daemon first, package after: start's refresh must not load it before the extension watches.
  let r = cli('start');
  if (r.status !== 0) throw new Error(`start: ${r.stderr}${r.stdout}`);
  r = cli('keygen', 'bench');
  if (r.status !== 0) throw new Error(`keygen: ${r.stderr}`);
  r = cli(
    'gensrc',
    'foo',
    path.join(tmp, 'bench.pem'),
    app,
    'version:1.0',
    `deps:${path.join(app, 'deppkgs.txt')}`,
    'foo/**/*.ts',
  );
  if (r.status !== 0) throw new Error(`gensrc: ${r.stderr}`);
  const script = path.join(tmp, 'watch.cjs');
  // The extension side: reports each change of "is foo ACTIVE in the Loaded tree" with its time.
  writeFileSync(
    script,
    `const { ctx } = require(${JSON.stringify(stub)}); const ext = require(${JSON.stringify(path.join(root, 'dist/extension.js'))});
     const api = ext.activate(ctx); let ready = false; let shown = false;
     setInterval(() => {
       if (!ready && api.daemonState() === 'running') { ready = true; process.stdout.write('ready\\n'); }
       const now = api.loadedLabels().some((l) => l.includes('ACTIVE'));
       if (ready && now !== shown) { shown = now; process.stdout.write(JSON.stringify({ shown, at: Date.now() }) + '\\n'); }
     }, 1);`,
  );
  const child = spawn(process.execPath, [script], {
    env: {
      ...env,
      STUB_STORAGE: path.join(tmp, 'storage'),
      STUB_EXT_ROOT: root,
      STUB_SETTINGS: JSON.stringify({ directorDir: dir }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  let waiter;
  let buf = '';
  child.stdout.on('data', (b) => {
    buf += b;
    const parts = buf.split('\n');
    buf = parts.pop();
    for (const l of parts) {
      lines.push(l);
      waiter?.();
    }
  });
  const next = (pred, what) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`timed out waiting for ${what} (${JSON.stringify(lines.slice(-3))})`)),
        20000,
      );
      const check = () => {
        const i = lines.findIndex(pred);
        if (i < 0) return;
        const [l] = lines.splice(i, 1);
        clearTimeout(t);
        waiter = undefined;
        resolve(l);
      };
      waiter = check;
      check();
    });
  const runCli = (...args) =>
    new Promise((resolve, reject) => {
      let out = '';
      const p = spawn(process.execPath, [path.join(root, 'dist/director.js'), ...args], {
        cwd: tmp,
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      p.stdout.on('data', (b) => (out += b));
      p.on('exit', (code) =>
        code === 0 ? resolve({ at: Date.now(), out }) : reject(new Error(`director ${args.join(' ')} exited ${code}`)),
      );
    });
  try {
    await next((l) => l === 'ready', 'the extension to see the daemon');
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const load = await runCli('load', 'foo');
      const shown = JSON.parse(await next((l) => l.includes('"shown":true'), 'the tree to show foo'));
      samples.push(shown.at - load.at);
      if (process.env.BENCH_VERBOSE) console.error('sample', i, shown.at - load.at);
      const hash = /: ([0-9a-f]{32})/.exec(load.out)?.[1];
      if (hash === undefined) throw new Error(`no hash in: ${load.out}`);
      await runCli('unload', hash);
      await next((l) => l.includes('"shown":false'), 'the tree to drop foo');
    }
    return { median: median(samples), max: Math.max(...samples), min: Math.min(...samples) };
  } catch (e) {
    if (process.env.BENCH_VERBOSE) {
      const ticks = () => Number(readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(' ')[13]);
      const a = ticks();
      await new Promise((r) => setTimeout(r, 1000));
      console.error(`extension process ${child.pid}: ${ticks() - a} cpu ticks in 1 s`);
      if (process.env.BENCH_STRACE)
        console.error(
          spawnSync('timeout', ['1', 'strace', '-f', '-p', String(child.pid)], { encoding: 'utf8' })
            .stderr.split('\n')
            .slice(0, 60)
            .join('\n'),
        );
    }
    throw e;
  } finally {
    child.kill('SIGKILL');
    cli('shutdown');
  }
}

export default async function () {
  const rows = [];
  if (!existsSync(path.join(root, 'dist/extension.js'))) {
    return [
      { area: AREA, name: 'activation', value: 'n/a', unit: '', note: 'dist/extension.js missing: npm run build' },
    ];
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'thespian-ext-bench-'));
  try {
    const stub = writeStub(tmp);
    const a = await activation(tmp, stub);
    rows.push({
      area: AREA,
      name: 'activation (require bundle + activate), median of 7 cold processes',
      value: a.total,
      unit: 'ms',
      target: '<= 50 ms',
      note: `require ${a.load.toFixed(1)} ms + activate ${a.activate.toFixed(1)} ms`,
    });
    try {
      const v = await loadToView(tmp, stub);
      rows.push({
        area: AREA,
        name: 'director load (terminal) → Loaded tree shows it, median of 5',
        value: v.median,
        unit: 'ms',
        target: '<= 200 ms',
        note: `min ${v.min} ms, max ${v.max} ms${v.min < 0 ? '; negative: the tree showed it before the CLI process had exited' : ''}`,
      });
    } catch (e) {
      rows.push({
        area: AREA,
        name: 'director load → Loaded tree shows it',
        value: 'n/a',
        unit: '',
        note: String(e.message ?? e),
      });
    }
    const vsix = path.join(tmp, 'bench.vsix');
    const r = spawnSync(process.execPath, [path.join(root, 'extension/package-vsix.mjs'), '--out', vsix], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status === 0 && existsSync(vsix))
      rows.push({ area: AREA, name: '.vsix size', value: statSync(vsix).size / 1024, unit: 'KiB' });
    else rows.push({ area: AREA, name: '.vsix size', value: 'n/a', unit: '', note: 'npm run package failed' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
