/**
 * `director shutdown`: ask the daemon to stop (every actor gets ActorExitRequest, no OnDeactivate),
 * wait until its process is gone, print `Shutdown completed`. Nothing running is success too.
 */
import type { CommandContext, CommandSpec } from '../../../cli/framework/command';
import { connectDaemon } from '../client/connect-daemon';
import { DaemonError } from './daemon-error';
import { processAlive, readPid } from './private-folder';
import { privatePaths } from './private-paths';

const STOP_TIMEOUT_MS = 60_000;

/** Wait until `pid` is gone; polls, since a process that is not our child cannot be waited for. */
async function waitGone(pid: number, deadline: number): Promise<boolean> {
  let delay = 2;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
  return true;
}

export function shutdownCommand(): CommandSpec {
  return {
    name: 'shutdown',
    usage: 'shutdown',
    summary: 'Stops the actor system daemon: every actor gets ActorExitRequest.',
    description: [
      'Asks the daemon of the director dir to stop: every actor receives ActorExitRequest (no',
      'OnDeactivate message), the loaded sources end, and the daemon exits. Returns once its process',
      'is gone and prints "Shutdown completed". When no daemon runs there is nothing to stop, and it',
      'prints "Shutdown completed" too.',
    ].join('\n'),
    async run(ctx) {
      const r = await stopDaemon(ctx);
      if (r.outcome === 'unresponsive') {
        // A daemon that does not answer, or a stale pid file naming a reused pid: say so, touch nothing.
        ctx.err.write(
          `shutdown: no daemon answers, but the pid file names a live process ${r.pid}; if it is a hung daemon, stop it with: kill ${r.pid}\n`,
        );
        return 1;
      }
      if (r.outcome === 'none') {
        if (ctx.verbose) ctx.out.write(`${r.reason.replace(/; run `director start`.*/, '')}: nothing to stop\n`);
        ctx.out.write('Shutdown completed\n');
        return 0;
      }
      const { pid } = r;
      if (ctx.verbose) ctx.out.write(`Stopped the daemon (pid ${pid})\n`);
      ctx.out.write('Shutdown completed\n');
      return 0;
    },
  };
}

/**
 * What `stopDaemon` did: stopped the daemon (its pid), found none running (`reason`: why not), or
 * found none answering while the pid file names a live process (touched nothing).
 */
export type DaemonStop =
  | { readonly outcome: 'stopped'; readonly pid: number }
  | { readonly outcome: 'none'; readonly reason: string }
  | { readonly outcome: 'unresponsive'; readonly pid: number };

/**
 * `shutdown` as data: ask the daemon to stop and wait until its process is gone. Throws
 * DAEMON_STOP_TIMEOUT when it is still there after the deadline, and what connecting throws
 * other than DAEMON_NOT_RUNNING.
 */
export async function stopDaemon(ctx: CommandContext): Promise<DaemonStop> {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  let client;
  try {
    client = await connectDaemon({
      directorDir: ctx.directorDir,
      clientName: 'director shutdown',
      connectTimeoutMs: 5_000,
      heartbeatMs: 0,
    });
  } catch (e) {
    if (!(e instanceof DaemonError && e.code === 'DAEMON_NOT_RUNNING')) throw e;
    const pid = await readPid(privatePaths(ctx.directorDir));
    if (pid !== undefined && processAlive(pid)) return { outcome: 'unresponsive', pid };
    return { outcome: 'none', reason: e.message };
  }
  const { pid } = await client.shutdown(STOP_TIMEOUT_MS);
  // The daemon closes the link once its actors have ended.
  await client.closed;
  if (!(await waitGone(pid, deadline))) {
    throw new DaemonError(
      'DAEMON_STOP_TIMEOUT',
      `the daemon (pid ${pid}) accepted the shutdown but is still running after ${STOP_TIMEOUT_MS / 1000} s; stop it with: kill ${pid}`,
      { data: { pid } },
    );
  }
  return { outcome: 'stopped', pid };
}
