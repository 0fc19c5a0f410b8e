/**
 * Readiness for systemd's Type=notify. Node cannot send on a unix datagram socket, so the daemon
 * runs `systemd-notify --ready`, which sends READY=1 to $NOTIFY_SOCKET and (systemd ≥ 246) waits
 * until the manager has taken it in, so the message is never lost to a sender that is already
 * gone. The unit says NotifyAccess=all because the sender is a child of the daemon.
 * Without NOTIFY_SOCKET (not under systemd) this does nothing.
 */
import { execFile } from 'node:child_process';
import { BootError } from './boot-error';

export type Env = { [k: string]: string | undefined };

/** Where systemd-notify is looked for when PATH does not find it (a service's PATH is short). */
const FALLBACK_PATHS = ['/usr/bin/systemd-notify', '/bin/systemd-notify'];

/** How long systemd-notify may take: it waits for the manager to acknowledge. */
const NOTIFY_TIMEOUT_MS = 15_000;

function run(program: string, env: Env): Promise<{ ok: true } | { ok: false; notFound: boolean; detail: string }> {
  return new Promise((resolve) => {
    const clean: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
    execFile(
      program,
      ['--ready'],
      { env: clean, timeout: NOTIFY_TIMEOUT_MS, windowsHide: true },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve({ ok: true });
          return;
        }
        const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
        const detail = stderr.trim() !== '' ? stderr.trim() : error.message;
        resolve({ ok: false, notFound, detail });
      },
    );
  });
}

/**
 * Tell the service manager the daemon is ready: call once the admin port answers. Resolves at
 * once when NOTIFY_SOCKET is unset; rejects with BOOT_NOTIFY_FAILED when the message could not
 * be sent (systemd then fails the start after TimeoutStartSec, so log the error and carry on).
 */
export async function notifyReady(env: Env): Promise<void> {
  const socket = env['NOTIFY_SOCKET'];
  if (socket === undefined || socket === '') return;
  const failures: string[] = [];
  for (const program of ['systemd-notify', ...FALLBACK_PATHS]) {
    const r = await run(program, env);
    if (r.ok) return;
    if (!r.notFound) {
      failures.push(`${program}: ${r.detail}`);
      break;
    }
  }
  const why = failures.length > 0 ? failures.join('; ') : 'systemd-notify was not found (on PATH, /usr/bin or /bin)';
  throw new BootError(
    'BOOT_NOTIFY_FAILED',
    `could not tell the service manager that the daemon is ready (NOTIFY_SOCKET=${socket}): ${why}`,
    {
      data: { socket },
    },
  );
}
