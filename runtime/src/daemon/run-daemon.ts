/**
 * The daemon's life: read the config, claim the private folder (pid, fresh token), start the
 * actor system and the services, then open the admin port, so that a daemon that answers is a
 * daemon that is ready. One `stop()` however it ends (admin shutdown, SIGTERM, SIGINT).
 */
import { DaemonError } from './daemon-error';
import { loadConfig, type DirectorConfig } from '../config/read-config';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_PAYLOAD, type ConventionStatus } from '../protocol/admin-protocol';
import { createLocalSystem } from '../system/local-system';
import type { ActorSystemCore, LocalSystemOptions } from '../system/system-core';
import { memoryReleaser } from './memory-release';
import { adminHandlers } from './admin-handlers';
import { AdminServer } from './admin-server';
import type { DaemonLogLevel, DaemonService, DaemonServiceHandle } from './daemon-services';
import { daemonLogging } from './daemon-logging';
import { adminEventOf } from './event-map';
import { LogTap } from './log-tap';
import { claimPidFile, ensurePrivateDir, releasePidFile, writeToken } from './private-folder';
import { privatePaths, type PrivatePaths } from './private-paths';
import { packageVersion } from './version';
import { resolveSystemName } from '../convention/system-name';
import { messageOf } from '../protocol/caught';

export interface RunDaemonOptions {
  readonly directorDir: string;
  readonly env: { readonly [name: string]: string | undefined };
  /** Services started before the admin port opens (Source Authority, Director...). */
  readonly services?: readonly DaemonService[];
  /** Largest admin frame accepted; default 64 MiB, or THESPIAN_ADMIN_MAX_PAYLOAD (bytes). */
  readonly maxPayload?: number;
  /** Heartbeat period of admin links; default 5 s, or THESPIAN_ADMIN_HEARTBEAT_MS. */
  readonly heartbeatMs?: number;
  /** Called once the admin port answers (foreground mode: tell the service manager). */
  readonly onReady?: (daemon: RunningDaemon) => Promise<void>;
  readonly log?: (level: DaemonLogLevel, text: string) => void;
  /** The actor system factory; default createLocalSystem. */
  readonly createSystem?: (options: LocalSystemOptions) => Promise<ActorSystemCore>;
  /** The convention's state, reported by admin/status (absent: not shown). */
  readonly conventionStatus?: () => ConventionStatus;
}

export interface RunningDaemon {
  readonly config: DirectorConfig;
  readonly paths: PrivatePaths;
  readonly system: ActorSystemCore;
  readonly port: number;
  /** Stop everything; resolves when done. Idempotent. */
  stop(by: string): Promise<void>;
  /** Resolves once the daemon has stopped, however it was asked to. */
  readonly stopped: Promise<void>;
}

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new DaemonError(
      'DAEMON_START_FAILED',
      `${name} must be a whole number of bytes or milliseconds, got "${text}"`,
      { data: { variable: name } },
    );
  return n;
}

export function stderrDaemonLog(level: DaemonLogLevel, text: string): void {
  if (level === 'debug') return;
  process.stderr.write(`${new Date().toISOString()} daemon[${process.pid}] ${level}: ${text}\n`);
}

export async function runDaemon(options: RunDaemonOptions): Promise<RunningDaemon> {
  const config = await loadConfig(options.directorDir);
  const paths = privatePaths(options.directorDir);
  await ensurePrivateDir(paths);
  await claimPidFile(paths);
  // thesplog.cfg into the folder of thesplogd.cfg: the daemon's lines, and every actor's records
  // (source workers forward theirs to the system's logger factory).
  const logs = daemonLogging(config, options.log ?? stderrDaemonLog);
  // Log records also go to admin subscribers of `log/` (log-tap.ts).
  const logTap = new LogTap();
  const log = logTap.daemonLog(logs.log);

  // Undone in reverse order by a failed start or by stop(); the pid file goes last.
  const cleanups: (() => Promise<void>)[] = [() => logs.close()];
  const unwind = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse())
      await c().catch((e: unknown) => log('warning', `stopping: ${messageOf(e)}`));
  };

  let server: AdminServer | undefined;
  try {
    const token = await writeToken(paths);
    // systemname.cfg when present (unique names in a convention), else adminhost:adminport.
    const systemName = await resolveSystemName(config);
    const createSystem = options.createSystem ?? createLocalSystem;
    // No spareWorker (a worker booted ahead of the first load): measured on the 2-core bench
    // machine it saved ~40 ms per loadSource over the admin link but not measurably on a whole
    // `director load`, added 8 MiB idle RSS (58 of the 60 MiB budget), slowed `director start`
    // (the spare boots while the daemon starts) and made a 20-group refresh ~30 % slower (each
    // refill competes with the next load).
    // The Director Source Authority (the first service) is the only authority this daemon ever has.
    const sourceMemoryBudgetMb = positiveInt(options.env['THESPIAN_SOURCE_MEMORY_MB'], 'THESPIAN_SOURCE_MEMORY_MB');
    const system = await createSystem({
      systemName,
      capabilities: config.capabilities,
      sourceAuthority: 'pinned',
      loggerFactory: logTap.loggerFactory(logs.loggerFactory),
      ...(sourceMemoryBudgetMb !== undefined ? { sourceMemoryBudgetMb } : {}),
    });
    cleanups.push(() => system.shutdown());

    const publish = (kind: string, data: unknown): void =>
      server?.publish({ kind, system: systemName, time: new Date().toISOString(), data });
    const unsubscribe = system.onEvent((e) => server?.publish(adminEventOf(e, systemName)));
    logTap.listen((r) => publish('log/record', r));
    cleanups.push(() => Promise.resolve(logTap.listen(undefined)));
    cleanups.push(() => Promise.resolve(unsubscribe()));
    // Package bytes are freed only by a collection: run one after sources come and go.
    const releaser = memoryReleaser();
    const stopReleasing = system.onEvent((e) => {
      if (e.kind === 'source-loaded' || e.kind === 'source-unloaded' || e.kind === 'source-rejected')
        releaser.schedule();
    });
    cleanups.push(() => Promise.resolve((stopReleasing(), releaser.stop())));

    const handles: { name: string; handle: DaemonServiceHandle }[] = [];
    for (const s of options.services ?? []) {
      const handle = (await s.start({ system, config, paths, env: options.env, publish, log })) ?? {};
      handles.push({ name: s.name, handle });
      log('debug', `started ${s.name}`);
    }
    cleanups.push(async () => {
      for (const { name, handle } of handles.reverse()) {
        await handle.stop?.().catch((e: unknown) => log('warning', `stopping ${name}: ${messageOf(e)}`));
      }
    });

    let stopping: Promise<void> | undefined;
    let resolveStopped!: () => void;
    const stopped = new Promise<void>((r) => (resolveStopped = r));
    const version = packageVersion();
    const stop = (by: string): Promise<void> => {
      stopping ??= (async () => {
        log('info', `stopping (asked by ${by})`);
        // Services and actors first (every actor gets ActorExitRequest), then the links, so a
        // client waiting for the shutdown sees its link close only when the actors are gone.
        await unwind();
        await server?.close();
        await releasePidFile(paths);
        log('info', 'stopped');
        resolveStopped();
      })();
      return stopping;
    };

    const maxPayload =
      options.maxPayload ??
      positiveInt(options.env['THESPIAN_ADMIN_MAX_PAYLOAD'], 'THESPIAN_ADMIN_MAX_PAYLOAD') ??
      DEFAULT_MAX_PAYLOAD;
    const heartbeatMs =
      options.heartbeatMs ??
      positiveInt(options.env['THESPIAN_ADMIN_HEARTBEAT_MS'], 'THESPIAN_ADMIN_HEARTBEAT_MS') ??
      DEFAULT_HEARTBEAT_MS;
    server = await AdminServer.listen({
      host: config.adminHost,
      port: config.adminPort,
      token,
      maxPayload,
      heartbeatMs,
      stopping: () => stopping !== undefined,
      log,
      hello: () => ({ systemName, pid: process.pid, version }),
      handlers: adminHandlers({
        system,
        directorDir: config.directorDir,
        stopping: () => stopping !== undefined,
        // After the response is written: stop() closes the links.
        requestShutdown: (by) => setImmediate(() => void stop(`admin client ${by}`)),
        status: () => ({
          pid: process.pid,
          version,
          systemName,
          directorDir: config.directorDir,
          adminHost: config.adminHost,
          adminPort: config.adminPort,
          capabilities: system.capabilities,
          clients: server?.clientCount ?? 0,
          ...(options.conventionStatus !== undefined ? { convention: options.conventionStatus() } : {}),
        }),
      }),
    });
    log(
      'info',
      `listening on ${config.adminHost}:${server.port} for ${config.directorDir} (pid ${process.pid}, version ${version}, ready ${Math.round(process.uptime() * 1000)} ms after process start)`,
    );
    const daemon: RunningDaemon = { config, paths, system, port: server.port, stop, stopped };
    if (options.onReady !== undefined) await options.onReady(daemon);
    return daemon;
  } catch (e) {
    await unwind();
    await server?.close();
    await releasePidFile(paths);
    throw e;
  }
}
