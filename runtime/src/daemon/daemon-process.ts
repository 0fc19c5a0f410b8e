/**
 * The daemon as a process: run it, report readiness (to the `director start` that spawned it over
 * IPC, and to the service manager in foreground mode), stop gracefully on SIGTERM/SIGINT, and
 * resolve with the exit code once it has stopped.
 */
import { notifyReady } from '../boot/notify-ready';
import { toWireError } from '../transport/transport-error';
import type { ActorSystemCore, LocalSystemOptions } from '../system/system-core';
import type { DaemonService } from './daemon-services';
import { runDaemon, stderrDaemonLog, type RunDaemonOptions, type RunningDaemon } from './run-daemon';
import { messageOf } from '../protocol/caught';

/** Sent over the IPC channel to the `director start` that spawned the daemon. */
export type SpawnReport =
  | { readonly type: 'ready'; readonly pid: number; readonly port: number; readonly inspector?: string }
  | {
      readonly type: 'failed';
      readonly error: { readonly code: string; readonly message: string; readonly exitCode?: number };
    };

export interface DaemonProcessOptions {
  readonly directorDir: string;
  readonly env: { readonly [name: string]: string | undefined };
  /** Foreground (service manager): report readiness with notifyReady(env). */
  readonly foreground: boolean;
  /** Spawned by `director start`: report over the IPC channel, then drop it. */
  readonly reportToParent: boolean;
  readonly services: readonly DaemonService[];
  /** The actor system factory (the convention wraps the local system); default createLocalSystem. */
  readonly createSystem?: (options: LocalSystemOptions) => Promise<ActorSystemCore>;
  readonly conventionStatus?: RunDaemonOptions['conventionStatus'];
}

function inspectorUrl(): string | undefined {
  // Only `director start --inspect` turns the inspector on (a flag of the daemon's process): any
  // other daemon does not load the inspector module just to hear there is none.
  if (!process.execArgv.some((a) => a.startsWith('--inspect'))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only asked once, at readiness
  return (require('node:inspector') as typeof import('node:inspector')).url();
}

function report(msg: SpawnReport): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => {
      // The parent returns as soon as it reads this; the daemon must not depend on it.
      if (process.connected) process.disconnect();
      resolve();
    });
  });
}

/** Runs until the daemon stops; resolves with the process exit code. */
export async function runDaemonProcess(options: DaemonProcessOptions): Promise<number> {
  const log = stderrDaemonLog;
  // Handlers first: a SIGTERM right after readiness was reported must still stop gracefully.
  let daemon: RunningDaemon | undefined;
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled ??= signal;
    if (daemon !== undefined) void daemon.stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // A detached daemon has no terminal; a hang-up must not kill it.
  const onHangup = (): void => undefined;
  if (!options.foreground) process.on('SIGHUP', onHangup);
  const removeHandlers = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onHangup);
  };
  try {
    daemon = await runDaemon({
      directorDir: options.directorDir,
      env: options.env,
      services: options.services,
      ...(options.createSystem !== undefined ? { createSystem: options.createSystem } : {}),
      ...(options.conventionStatus !== undefined ? { conventionStatus: options.conventionStatus } : {}),
      log,
      onReady: async (d) => {
        // The inspector's WebSocket URL when `director start --inspect` turned it on (never by default).
        const inspector = inspectorUrl();
        if (options.reportToParent)
          await report({
            type: 'ready',
            pid: process.pid,
            port: d.port,
            ...(inspector !== undefined ? { inspector } : {}),
          });
        if (options.foreground) {
          await notifyReady(options.env).catch((e: unknown) => log('error', messageOf(e)));
        }
      },
    });
  } catch (e) {
    const w = toWireError(e) as { code: string; message: string; exitCode?: number };
    log('error', `${w.message} [${w.code}]`);
    if (options.reportToParent) await report({ type: 'failed', error: w });
    removeHandlers();
    return typeof w.exitCode === 'number' ? w.exitCode : 1;
  }
  if (signalled !== undefined) void daemon.stop(signalled);
  await daemon.stopped;
  removeHandlers();
  return 0;
}
