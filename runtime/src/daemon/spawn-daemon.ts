/**
 * `director start`'s half of the start: spawn the daemon detached, stdio appended to the log in
 * the private folder, and wait for its readiness report over IPC, its death, or the deadline.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DirectorError } from '../protocol/errors';
import { DaemonError } from './daemon-error';
import type { SpawnReport } from './daemon-process';
import { ensurePrivateDir } from './private-folder';
import { privatePaths } from './private-paths';

import { DAEMON_MALLOC_ARENAS } from './malloc-arenas';

export { DAEMON_MALLOC_ARENAS } from './malloc-arenas';

/** The daemon entry beside this code: dist/daemon.js in the bundle, main.js when run from tsc's output. */
export function daemonEntry(): string {
  const candidates = [path.join(__dirname, 'daemon.js'), path.join(__dirname, 'main.js')];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined)
    throw new DaemonError(
      'DAEMON_START_FAILED',
      `the daemon program is missing (looked for ${candidates.join(', ')}); rebuild with \`npm run build\``,
    );
  return found;
}

export interface SpawnOptions {
  readonly directorDir: string;
  readonly env: { readonly [name: string]: string | undefined };
  readonly timeoutMs?: number;
  /** Default: {@link daemonEntry}. */
  readonly entry?: string;
  /**
   * Turn on the Node inspector, on 127.0.0.1 only, at this port (0: a free one). For debugging
   * actor code (`director start --inspect`); never set by default or by bootstart.
   */
  readonly inspectPort?: number;
}

export interface SpawnedDaemon {
  readonly pid: number;
  readonly port: number;
  /** The inspector's WebSocket URL, when inspectPort was given. */
  readonly inspector?: string;
}

const LOG_TAIL_LINES = 20;

async function logTail(file: string, from: number): Promise<string> {
  const text = await readFile(file).then(
    (b) => b.subarray(from).toString('utf8'),
    () => '',
  );
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-LOG_TAIL_LINES).join('\n');
}

/** Resolves with the daemon's pid and port once it answers on the admin port. */
export async function spawnDaemon(options: SpawnOptions): Promise<SpawnedDaemon> {
  const paths = privatePaths(options.directorDir);
  await ensurePrivateDir(paths);
  const logStart = await stat(paths.startLog).then(
    (s) => s.size,
    () => 0,
  );
  const log = await open(paths.startLog, 'a', 0o600);
  const entry = options.entry ?? daemonEntry();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
  env['THESPIAN_DIRECTOR_DIR'] = options.directorDir;
  // glibc gives each thread that allocates its own malloc arena (up to 8 per core), and every
  // source runs in a worker thread: with two arenas the daemon's RSS per loaded small source went
  // from 9.05 to 8.45 MiB (5 sources; 20 sources: 8.18 to 7.98) at no cost in CPU or time to a
  // 20-group refresh. The user's own setting wins; other C libraries ignore the variable.
  env['MALLOC_ARENA_MAX'] ??= DAEMON_MALLOC_ARENAS;
  const timeoutMs = options.timeoutMs ?? 15_000;
  try {
    const inspect = options.inspectPort === undefined ? [] : [`--inspect=127.0.0.1:${options.inspectPort}`];
    const child = spawn(process.execPath, [...inspect, entry, '--spawned'], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd, 'ipc'],
      env,
      cwd: options.directorDir,
      windowsHide: true,
    });
    return await new Promise<SpawnedDaemon>((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
        if (child.connected) child.disconnect();
        child.unref();
        f();
      };
      // The first failure decides the outcome: the timer's SIGTERM makes the child exit, and that
      // exit must not overtake the timeout while the log tail is being read.
      let failing = false;
      const failed = (code: 'DAEMON_START_FAILED' | 'DAEMON_START_TIMEOUT', why: string, cause?: unknown): void => {
        if (failing) return;
        failing = true;
        void logTail(paths.startLog, logStart).then((tail) =>
          settle(() =>
            reject(
              new DaemonError(
                code,
                `the daemon did not start: ${why}${tail !== '' ? `\nlast lines of ${paths.startLog}:\n${tail}` : ` (see ${paths.startLog})`}`,
                {
                  cause,
                  data: { log: paths.startLog },
                },
              ),
            ),
          ),
        );
      };
      const onMessage = (m: SpawnReport): void => {
        if (failing) return; // stopped already: a late answer is not a start
        if (m.type === 'ready')
          settle(() =>
            resolve({ pid: m.pid, port: m.port, ...(m.inspector !== undefined ? { inspector: m.inspector } : {}) }),
          );
        else {
          // The daemon's own coded error (DAEMON_ALREADY_RUNNING, DAEMON_PORT_IN_USE, CONFIG_...) is the one to show.
          settle(() =>
            reject(
              new DirectorError(m.error.code, m.error.message, {
                exitCode: m.error.exitCode ?? 1,
                data: { log: paths.startLog },
              }),
            ),
          );
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        failed('DAEMON_START_FAILED', `it exited (${signal ?? `code ${code}`}) before it answered`);
      const onError = (e: Error): void => failed('DAEMON_START_FAILED', e.message, e);
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        failed(
          'DAEMON_START_TIMEOUT',
          `it did not answer within ${timeoutMs} ms (pid ${child.pid ?? '?'} was stopped)`,
        );
      }, timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.on('error', onError);
    });
  } finally {
    await log.close();
  }
}
