/**
 * The default DirectorConnector: the daemon of the director dir, through its admin client. With
 * `start`, a daemon is started when none answers (load, refresh); without, no daemon means null.
 * The Director is found by its global name.
 */
import type { CommandContext } from '../../../cli/framework/command';
import type { AdminClient } from '../client/admin-client';
import { connectDaemon } from '../client/connect-daemon';
import { DaemonError } from '../daemon/daemon-error';
import { STARTED_FOR_COMMAND_ENV } from './start-rules';
import { DIRECTOR_GLOBAL_NAME } from '../protocol/director-messages';
import { DirectorOpError } from './director-error';
import type { ConnectOptions, DirectorConnector, DirectorLink } from './director-link';
import { messageOf } from '../protocol/caught';

async function connect(ctx: CommandContext, start: boolean, entry: string | undefined): Promise<AdminClient | null> {
  const options = { directorDir: ctx.directorDir, clientName: `director (pid ${process.pid})`, heartbeatMs: 0 };
  try {
    return await connectDaemon(options);
  } catch (e) {
    if (!(e instanceof DaemonError) || e.code !== 'DAEMON_NOT_RUNNING') throw e;
    if (!start) return null;
  }
  // Started for a command (load, refresh...): the command does what the operator asked, so the
  // daemon only restores its record (no start refresh: docs/durability.md).
  // It answers once its restore has settled (60 s at most, RESTORE_DEADLINE_MS).
  // Required here, not imported: only a command that finds no daemon spawns one, and the others
  // (a load to a running daemon) need not load node:child_process (~3 ms of each `director load`).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnDaemon } = require('../daemon/spawn-daemon') as typeof import('../daemon/spawn-daemon');
  await spawnDaemon({
    directorDir: ctx.directorDir,
    env: { ...ctx.env, [STARTED_FOR_COMMAND_ENV]: '1' },
    timeoutMs: 90_000,
    ...(entry !== undefined ? { entry } : {}),
  });
  return connectDaemon(options);
}

export interface DaemonConnectorOptions {
  /** The daemon entry script `start` spawns; default: the daemon's own (tests pass a fixture). */
  readonly entry?: string;
}

/** A connector to the daemon of the command's director dir. */
export function daemonConnector(connectorOptions: DaemonConnectorOptions = {}): DirectorConnector {
  return (ctx, options) => connectDirector(ctx, options, connectorOptions.entry);
}

export const defaultConnector: DirectorConnector = daemonConnector();

async function connectDirector(
  ctx: CommandContext,
  options: ConnectOptions,
  entry: string | undefined,
): Promise<DirectorLink | null> {
  const client = await connect(ctx, options.start, entry);
  if (client === null) return null;
  let director;
  try {
    // An existing global name resolves to its actor whatever the spec; the daemon made the Director at start.
    director = await client.createActor(DIRECTOR_GLOBAL_NAME, { globalName: DIRECTOR_GLOBAL_NAME }, 5_000);
  } catch (e) {
    client.close();
    throw new DirectorOpError(
      'DIRECTOR_NO_DAEMON',
      `the daemon of ${ctx.directorDir} runs without a Director (${messageOf(e)}); restart it with "director shutdown" and "director start"`,
      { cause: e },
    );
  }
  return {
    async ask(request, timeoutMs) {
      return (await client.ask(director, request, timeoutMs)).reply;
    },
    close() {
      client.close();
      return Promise.resolve();
    },
  };
}
