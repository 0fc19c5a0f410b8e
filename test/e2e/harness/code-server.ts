/**
 * A real VS Code (code-server 4.100.3 from .e2e-cache) in a private temp folder: its own HOME,
 * XDG dirs and TMPDIR, started with setsid so its whole process group (extension hosts and
 * language servers included) ends with it. docs/extension.md says how the end-to-end suite runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { CODE_SERVER } from './prerequisites';

export interface RunDirs {
  readonly root: string;
  readonly home: string;
  readonly userData: string;
  readonly extensions: string;
  readonly tmp: string;
}

export function makeRunDirs(root: string): RunDirs {
  const d = {
    root,
    home: path.join(root, 'home'),
    userData: path.join(root, 'ud'),
    extensions: path.join(root, 'exts'),
    tmp: path.join(root, 'tmp'),
  };
  for (const p of [d.home, d.userData, d.extensions, d.tmp, path.join(d.userData, 'User')])
    mkdirSync(p, { recursive: true });
  writeFileSync(
    path.join(d.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'git.enabled': false,
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'files.simpleDialog.enable': true,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
      },
      null,
      2,
    ),
  );
  return d;
}

export function envFor(d: RunDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: d.home,
    XDG_CONFIG_HOME: path.join(d.home, '.config'),
    XDG_DATA_HOME: path.join(d.home, '.local', 'share'),
    TMPDIR: d.tmp,
  };
}

export { freePort } from '../../support/ports';

/** `code-server --install-extension x.vsix` into the run's extensions dir. */
export function installExtension(d: RunDirs, vsix: string): void {
  const r = spawnSync(
    CODE_SERVER,
    ['--user-data-dir', d.userData, '--extensions-dir', d.extensions, '--install-extension', vsix],
    {
      env: envFor(d),
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0)
    throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

export interface CodeServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything it printed, for the failure message. */
  output(): string;
  stop(): Promise<void>;
}

export async function startCodeServer(
  d: RunDirs,
  port: number,
  workspace: string,
  deadlineMs = 60_000,
): Promise<CodeServer> {
  const log: string[] = [];
  const child = spawn(
    'setsid',
    [
      CODE_SERVER,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      d.userData,
      '--extensions-dir',
      d.extensions,
      '--ignore-last-opened',
      workspace,
    ],
    { env: envFor(d), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr.on('data', (b: Buffer) => log.push(b.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await gone;
    clearTimeout(t);
    // Extension hosts can outlive their parent: end whatever is left in the group.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* none left */
    }
  };
  const deadline = Date.now() + deadlineMs;
  while (!(await healthy(port))) {
    if (exited) throw new Error(`code-server exited before it answered:\n${log.join('')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz on port ${port} within ${deadlineMs} ms:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, process: child, output: () => log.join(''), stop };
}
