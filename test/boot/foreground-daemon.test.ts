// The foreground daemon as a service manager runs it: `director start --foreground` under a real
// NOTIFY_SOCKET (bound by a python3 helper) says READY=1 only once its admin port answers, stops
// cleanly on SIGTERM, and after a crash and a restart (what Restart=on-failure does) brings back
// the sources it had loaded.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { packagerCommands } from '../../packager/src/commands';
import { openNotifySocket, type NotifySocket } from './notify-socket';
import { writeDirectorCfg } from '../support/director-dir';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';
import { Capture, directorBin, runDirector, tempDir } from './support';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `p`, or a rejection after `ms` (the timer is cleared either way, so nothing lingers). */
async function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface Foreground {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

function startForeground(directorDir: string, notifySocket: string): Foreground {
  const child = spawn(process.execPath, [directorBin, 'start', '--foreground'], {
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      THESPIAN_DIRECTOR_DIR: directorDir,
      NOTIFY_SOCKET: notifySocket,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => text };
}

/** A director dir on a free admin port, logging inside the temp folder. */
async function directorDirIn(root: string): Promise<{ dir: string; port: number }> {
  const dir = path.join(root, 'director');
  await mkdir(dir);
  const port = await freePort();
  await writeDirectorCfg(dir, port, path.join(root, 'log'));
  return { dir, port };
}

/** Kill whatever is left: the foreground process and the pid in the pid file. */
function killAll(fg: Foreground | undefined, directorDir: string): void {
  if (fg !== undefined && fg.child.exitCode === null && fg.child.signalCode === null) fg.child.kill('SIGKILL');
  const pidFile = privatePaths(directorDir).pid;
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

async function readyAndAnswering(fg: Foreground, sock: NotifySocket): Promise<void> {
  const ready = await Promise.race([
    sock.waitFor((t) => t.split('\n').includes('READY=1'), 30_000),
    fg.exited.then((e) => {
      throw new Error(`the foreground daemon exited (${e.code ?? e.signal}) before READY=1:\n${fg.output()}`);
    }),
  ]);
  assert.equal(ready.portAnswered, true, 'the admin port answered when READY=1 arrived');
}

test('foreground daemon: READY=1 reaches NOTIFY_SOCKET only once the admin port answers; SIGTERM stops it cleanly', async () => {
  const t = await tempDir('boot-fg-');
  const { dir, port } = await directorDirIn(t.dir);
  const sock = await openNotifySocket(t.dir, { port });
  let fg: Foreground | undefined;
  try {
    fg = startForeground(dir, sock.path);
    await readyAndAnswering(fg, sock);
    // Nothing but READY (and systemd-notify's BARRIER) before it: no early readiness.
    assert.ok(
      sock.messages.every((m) => m.portAnswered === true),
      JSON.stringify(sock.messages),
    );

    const pidFile = privatePaths(dir).pid;
    await waitFor(() => existsSync(pidFile), 10_000, 'the pid file appears');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.ok(alive(pid));

    fg.child.kill('SIGTERM');
    const running = fg;
    const e = await within(fg.exited, 15_000, () => `no exit within 15 s of SIGTERM:\n${running.output()}`);
    assert.equal(e.code, 0, `exit after SIGTERM: ${e.code ?? e.signal}\n${fg.output()}`);
    await waitFor(() => !alive(pid), 10_000, 'the daemon process is gone');
    assert.equal(existsSync(pidFile), false, 'the pid file is removed');
  } finally {
    killAll(fg, dir);
    await sock.close();
    await t.cleanup();
  }
});

test('foreground daemon: killed and started again (as Restart=on-failure does), it brings back the loaded sources', async () => {
  const t = await tempDir('boot-fg-restore-');
  const { dir, port } = await directorDirIn(t.dir);
  const sock1 = await openNotifySocket(t.dir, { port, name: 'n1.sock' });
  const sock2 = await openNotifySocket(t.dir, { port, name: 'n2.sock' });
  let fg: Foreground | undefined;
  try {
    // A signed package of one actor, trusted by the director dir's key.
    const proj = path.join(t.dir, 'proj');
    await mkdir(path.join(proj, 'foo'), { recursive: true });
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path.join(t.dir, 'k.pem')], {
      stdio: 'ignore',
    });
    execFileSync(
      'openssl',
      ['pkey', '-in', path.join(t.dir, 'k.pem'), '-pubout', '-out', path.join(dir, 'k_tls.key')],
      { stdio: 'ignore' },
    );
    await writeFile(
      path.join(proj, 'foo/fooactor.ts'),
      "import { Actor } from 'thespian-director';\nexport class FooActor extends Actor {\n  override receiveMessage(m: unknown): void {\n    this.logger.info(String(m));\n  }\n}\n",
    );
    await writeFile(
      path.join(proj, 'foo.tli'),
      "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'MainFoo', Message: 'StartFoo' } } } }\n",
    );
    const gensrc = packagerCommands.find((c) => c.name === 'gensrc');
    assert.ok(gensrc !== undefined);
    const gout = new Capture();
    const gerr = new Capture();
    const gcode = await gensrc.run({ directorDir: dir, env: {}, cwd: t.dir, out: gout, err: gerr, verbose: false }, [
      'foo',
      path.join(t.dir, 'k.pem'),
      proj,
      'version:1',
      'foo/**',
    ]);
    assert.equal(gcode, 0, gerr.text);

    fg = startForeground(dir, sock1.path);
    await readyAndAnswering(fg, sock1);
    const env = { THESPIAN_DIRECTOR_DIR: dir };
    const load = await runDirector(['load', 'foo'], env);
    assert.equal(load.code, 0, load.stdout + load.stderr);
    const hash = /[0-9a-f]{32}/.exec(load.stdout)?.[0];
    assert.ok(hash !== undefined, `no source hash in: ${load.stdout}`);
    assert.ok((await runDirector(['list'], env)).stdout.includes(hash));

    // A crash: nothing is cleaned up, as after a kill -9 or a power cut.
    const pid = Number(readFileSync(privatePaths(dir).pid, 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    if (fg.child.pid !== pid) fg.child.kill('SIGKILL');
    await fg.exited;
    await waitFor(() => !alive(pid), 10_000, 'the killed daemon is gone');

    fg = startForeground(dir, sock2.path);
    await readyAndAnswering(fg, sock2);
    const list = await runDirector(['list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(list.stdout.includes(hash), `after the restart, list lacks ${hash}:\n${list.stdout}`);

    fg.child.kill('SIGTERM');
    const last = fg;
    assert.equal(
      (await within(fg.exited, 15_000, () => `no exit within 15 s of SIGTERM:\n${last.output()}`)).code,
      0,
      fg.output(),
    );
  } finally {
    killAll(fg, dir);
    await sock1.close();
    await sock2.close();
    await t.cleanup();
  }
});
