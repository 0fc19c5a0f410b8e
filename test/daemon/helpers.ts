/**
 * Helpers for daemon tests: temp director dirs on free loopback ports, real daemons that are
 * always stopped, command contexts that capture output, and waiting for conditions with deadlines.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { CommandContext } from '../../runtime/src/cli/command';
import { processAlive, readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestDir {
  readonly dir: string;
  readonly port: number;
}

/** A fresh director dir with its own admin port and log dir; removed (and its daemon stopped) after the test. */
export async function testDirectorDir(t: TestContext): Promise<TestDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-daemon-test-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'adminport.cfg'), `${port}\n`);
  await writeFile(path.join(dir, 'thesplogd.cfg'), path.join(dir, 'log') + '\n');
  t.after(async () => {
    await killDaemonOf(dir);
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, port };
}

/** Stop whatever daemon the dir's pid file names (SIGKILL after 5 s of SIGTERM). */
export async function killDaemonOf(dir: string): Promise<void> {
  const pid = await readPid(privatePaths(dir));
  if (pid === undefined || !processAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitFor(() => !processAlive(pid), 5_000).then(() => true, () => false))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await waitFor(() => !processAlive(pid), 5_000).catch(() => undefined);
  }
}

export const fixtureDaemon = path.join(__dirname, 'fixtures', 'echo-daemon.js');

/** Spawn the test daemon (real daemon + Echo/Silent/Greeter actors) for `dir`. */
export function startFixtureDaemon(dir: string, env: { [k: string]: string | undefined } = {}): Promise<{ pid: number; port: number }> {
  return spawnDaemon({ directorDir: dir, env: { ...process.env, ...env }, entry: fixtureDaemon });
}

/** Resolve once `cond` holds; reject after `ms`. Polls with a short back-off. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  let delay = 2;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
}

export interface Captured extends CommandContext {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function commandContext(directorDir: string, verbose = false): Captured {
  let out = '';
  let err = '';
  return {
    directorDir,
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: directorDir },
    cwd: directorDir,
    verbose,
    out: { write: (s: string) => void (out += s) },
    err: { write: (s: string) => void (err += s) },
    stdout: () => out,
    stderr: () => err,
  };
}
