/**
 * The private folder's files: the folder itself (0700), the admin token (0600) and the pid file.
 * Every write is atomic (the Director's durable records use util/atomic-write.ts); the pid file is claimed with link(2), which fails when it exists, so two
 * daemons starting at once cannot both win.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DaemonError } from './daemon-error';
import type { PrivatePaths } from './private-paths';
import { messageOf } from '../protocol/caught';

export async function ensurePrivateDir(paths: PrivatePaths): Promise<void> {
  const directorDir = path.dirname(paths.dir);
  const isDir = await stat(directorDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new DaemonError(
      'DAEMON_PRIVATE_DIR',
      `the director dir ${directorDir} does not exist; create it, or set THESPIAN_DIRECTOR_DIR to the folder that holds your packages and cfg files`,
      { data: { dir: directorDir } },
    );
  }
  try {
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    // An existing folder may have been made with a looser mode.
    if (process.platform !== 'win32') await chmod(paths.dir, 0o700);
    await mkdir(paths.director, { recursive: true, mode: 0o700 });
    const s = await stat(paths.dir);
    // Plain: caught just below and reported as DAEMON_PRIVATE_DIR with this text.
    if (!s.isDirectory()) throw new Error('it is not a folder');
  } catch (e) {
    throw new DaemonError(
      'DAEMON_PRIVATE_DIR',
      `cannot prepare the daemon's private folder ${paths.dir}: ${messageOf(e)}; the director dir must exist and be writable by the user that runs the daemon`,
      { cause: e, data: { dir: paths.dir } },
    );
  }
}

/**
 * Atomic (write a temporary sibling, rename) but not durable (no fsync): for files that describe
 * only the running process (token, pid), which a daemon rewrites at every start. Skipping the two
 * fsyncs saves tens of milliseconds of `director start` on a busy disk.
 */
async function writeEphemeral(file: string, data: string, mode: number): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, data, { mode, flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** A fresh random token, written 0600 (atomically: a reader sees the old token or the new). Returns it. */
export async function writeToken(paths: PrivatePaths): Promise<string> {
  const token = randomBytes(32).toString('hex');
  try {
    await writeEphemeral(paths.token, token + '\n', 0o600);
  } catch (e) {
    throw new DaemonError('DAEMON_PRIVATE_DIR', `cannot write the admin token ${paths.token}: ${messageOf(e)}`, {
      cause: e,
    });
  }
  return token;
}

export async function readToken(paths: PrivatePaths): Promise<string> {
  try {
    return (await readFile(paths.token, 'utf8')).trim();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist (no daemon has started for this director dir)'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied (run as the user that runs the daemon)'
          : messageOf(e);
    throw new DaemonError('DAEMON_TOKEN_UNREADABLE', `cannot read the admin token ${paths.token}: ${why}`, {
      cause: e,
      data: { file: paths.token, errno: code },
    });
  }
}

/** Constant-time comparison, whatever the lengths (both sides are hashed first). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * True when a process with this pid exists and has not ended (EPERM: exists, owned by someone
 * else). A zombie has ended: a detached daemon's exit is reaped by init, which may take a while.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  return true;
}

export async function readPid(paths: PrivatePaths): Promise<number | undefined> {
  try {
    const n = Number((await readFile(paths.pid, 'utf8')).trim());
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claim the pid file for this process. Refuses with DAEMON_ALREADY_RUNNING when it names a live
 * process; a stale file (its process is gone) is replaced.
 */
export async function claimPidFile(paths: PrivatePaths, pid: number = process.pid): Promise<void> {
  const tmp = path.join(paths.dir, `.daemon.pid.${pid}.tmp`);
  // Complete before it is linked into place; no fsync (see writeEphemeral).
  await writeFile(tmp, `${pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, paths.pid);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw e;
      }
      const other = await readPid(paths);
      if (other !== undefined && other !== pid && processAlive(other)) {
        throw new DaemonError(
          'DAEMON_ALREADY_RUNNING',
          `a daemon (pid ${other}) already runs for the director dir ${path.dirname(paths.dir)}; use it, or stop it with \`director shutdown\``,
          { data: { pid: other } },
        );
      }
      await unlink(paths.pid).catch(() => undefined);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Remove the pid file if it is still ours. */
export async function releasePidFile(paths: PrivatePaths, pid: number = process.pid): Promise<void> {
  if ((await readPid(paths)) === pid) await unlink(paths.pid).catch(() => undefined);
}
