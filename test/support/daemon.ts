/**
 * Real daemons in tests: start one for a director dir, and stop whatever daemon a dir's pid file
 * names, so no test leaves a process behind even when it fails half-way.
 */
import { processAlive, readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from './wait';

/** Spawn a daemon for `dir` (the real entry, or a test entry such as a fixture daemon) with `env` added. */
export function startDaemon(
  dir: string,
  o: { readonly entry?: string; readonly env?: { [k: string]: string | undefined } } = {},
): Promise<{ pid: number; port: number }> {
  return spawnDaemon({
    directorDir: dir,
    env: { ...process.env, ...o.env },
    ...(o.entry === undefined ? {} : { entry: o.entry }),
  });
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
  if (
    !(await waitFor(() => !processAlive(pid), 5_000, `process ${pid} to end after SIGTERM`).then(
      () => true,
      () => false,
    ))
  ) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await waitFor(() => !processAlive(pid), 5_000, `process ${pid} to end after SIGKILL`).catch(() => undefined);
  }
}
