import path from 'node:path';

/**
 * The daemon's private folder inside the director dir (mode 0700) and what lives in it. Only the
 * daemon writes here; clients read the token. The Director keeps its records under `director`.
 */
export interface PrivatePaths {
  /** `<directorDir>/.daemon` */
  readonly dir: string;
  /** Admin token, 0600, 64 hex digits, rewritten at each start. */
  readonly token: string;
  /** Pid of the running daemon; present only while it runs. */
  readonly pid: string;
  /** stdout and stderr of a daemon spawned by `director start`. */
  readonly startLog: string;
  /** What the daemon's start rule did (start-report.ts): read by the `director start` that spawned it. */
  readonly startReport: string;
  /** Folder for the Director's records (loaded set, active sources, audit log). */
  readonly director: string;
}

export function privatePaths(directorDir: string): PrivatePaths {
  const dir = path.join(directorDir, '.daemon');
  return {
    dir,
    token: path.join(dir, 'admin.token'),
    pid: path.join(dir, 'daemon.pid'),
    startLog: path.join(dir, 'daemon.log'),
    startReport: path.join(dir, 'start-report.json'),
    director: path.join(dir, 'director'),
  };
}
