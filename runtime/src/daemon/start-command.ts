/**
 * `director start [--foreground]`: make sure the daemon of the director dir runs, then run the
 * after-start hook (the composition root passes `refresh`, so start loads the newest sources as
 * in the original).
 */
import type { CommandContext, CommandSpec } from '../../../cli/framework/command';
import { connectDaemon } from '../client/connect-daemon';
import { DaemonError } from './daemon-error';
import { spawnDaemon } from './spawn-daemon';
import { privatePaths } from './private-paths';
import { readStartReport, type StartReport } from './start-report';

export interface StartHooks {
  /** Runs after the daemon answers (already running or just started); its code is start's code. */
  readonly afterStart?: (ctx: CommandContext) => Promise<number>;
  /** Deadline for a spawned daemon to answer. */
  readonly startTimeoutMs?: number;
}

const FOREGROUND_WORDS = ['--foreground', 'foreground', 'wait', 'blocking'];

/** How long `start` waits for a spawned daemon: restore (up to 60 s) plus a refresh at start. */
export const START_TIMEOUT_MS = 120_000;

/** Connect to the running daemon; undefined when none answers. Other problems throw. */
async function runningDaemon(ctx: CommandContext): Promise<{ pid: number; address: string } | undefined> {
  try {
    const c = await connectDaemon({
      directorDir: ctx.directorDir,
      clientName: 'director start',
      connectTimeoutMs: 5_000,
      heartbeatMs: 0,
    });
    const r = { pid: c.hello.pid, address: c.address };
    c.close();
    return r;
  } catch (e) {
    if (e instanceof DaemonError && e.code === 'DAEMON_NOT_RUNNING') return undefined;
    throw e;
  }
}

export function startCommand(hooks: StartHooks = {}): CommandSpec {
  return {
    name: 'start',
    usage: 'start [--foreground | --inspect[=PORT]]',
    summary: 'Starts the actor system daemon for the director dir (if none runs yet); it restores what was loaded.',
    description: [
      'Starts the daemon in the background, its output appended to DIR/.daemon/daemon.log, and returns',
      'once it answers on the admin port. If a daemon already answers, nothing changes (and start says',
      'so). A daemon restarted in the same machine boot restores what was loaded and loads nothing',
      'else; the first start after a boot, or one without a record, also runs "refresh" (newest package',
      'of every group) before it answers. docs/durability.md has the table.',
      '',
      '--foreground runs the daemon in this process until it is stopped (by "director shutdown",',
      'SIGTERM or SIGINT), reporting readiness to systemd (Type=notify) when NOTIFY_SOCKET is set.',
      'For service managers. The original\'s "start wait" and "start blocking" mean the same.',
      '',
      '--inspect[=PORT] starts the daemon with the Node inspector on 127.0.0.1 only (PORT, default 0:',
      'a free one) and prints "Inspector: ws://127.0.0.1:PORT/…", for attaching a debugger to the',
      'daemon and its source workers. Refused (DAEMON_ALREADY_RUNNING) when a daemon runs already:',
      'shut it down first. Never used by bootstart.',
    ].join('\n'),
    async run(ctx, args) {
      const inspect = inspectOption(args);
      if (inspect !== undefined) return startInspected(ctx, inspect, hooks);
      const unknown = args.filter((a) => !FOREGROUND_WORDS.includes(a));
      if (unknown.length > 0) {
        ctx.err.write(`start: unknown argument "${unknown[0]}"; usage: start [--foreground]\n`);
        return 2;
      }
      if (args.length > 0) {
        // The whole daemon is loaded only here: a plain `start` (the common case) never needs it.
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { runDaemonProcess } = require('./daemon-process') as typeof import('./daemon-process');
        const { composeDaemon } = require('./daemon-composition') as typeof import('./daemon-composition');
        /* eslint-enable @typescript-eslint/no-require-imports */
        return runDaemonProcess(
          composeDaemon({ directorDir: ctx.directorDir, env: ctx.env, foreground: true, reportToParent: false }),
        );
      }
      const started = await startDaemon(ctx, { timeoutMs: hooks.startTimeoutMs ?? START_TIMEOUT_MS });
      if (started.alreadyRunning) {
        // Intent survives: a start with a daemon running changes nothing, and says so.
        ctx.out.write(
          `A daemon already runs (pid ${started.pid}) on ${started.address}; nothing changed ("director refresh" loads the newest packages)\n`,
        );
        return 0;
      }
      if (ctx.verbose) ctx.out.write(`Started the daemon (pid ${started.pid}) on port ${started.port}\n`);
      const code = printStartReport(ctx, started.report);
      if (code !== 0) return code;
      return hooks.afterStart !== undefined ? hooks.afterStart(ctx) : 0;
    },
  };
}

/** `--inspect` / `--inspect=PORT`: the port (0 when none is given), or undefined without the flag. */
function inspectOption(args: readonly string[]): number | undefined {
  const a = args.find((x) => x === '--inspect' || x.startsWith('--inspect='));
  if (a === undefined) return undefined;
  const text = a === '--inspect' ? '0' : a.slice('--inspect='.length);
  if (text.trim() === '') throw badInspectPort(text);
  return checkedInspectPort(Number(text), text);
}

/** `port` when it is an inspector port (0: a free one); DAEMON_BAD_INSPECT_PORT naming `text` otherwise. */
function checkedInspectPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badInspectPort(text);
  return port;
}

function badInspectPort(text: string): DaemonError {
  return new DaemonError(
    'DAEMON_BAD_INSPECT_PORT',
    `--inspect=${text}: the inspector port must be a whole number from 0 to 65535 (0: a free one)`,
  );
}

/** The daemon `start` spawned, with its start report. */
export interface SpawnedStart {
  readonly alreadyRunning: false;
  readonly pid: number;
  readonly port: number;
  /** The inspector's WebSocket URL (with `inspectPort`), or null when it is not available. */
  readonly inspector?: string | null;
  /** What the new daemon's start rule did; undefined when it left no report. */
  readonly report: StartReport | undefined;
}

/** What `startDaemon` found or did: a daemon that already ran, or the one it spawned. */
export type DaemonStart =
  { readonly alreadyRunning: true; readonly pid: number; readonly address: string } | SpawnedStart;

/**
 * Make sure the director dir's daemon runs, as data (`start` prints it; the toolchain's `start()`
 * returns it). With `inspectPort` a running daemon is refused (DAEMON_ALREADY_RUNNING): it runs
 * without the inspector.
 */
export async function startDaemon(
  ctx: CommandContext,
  options: { readonly timeoutMs?: number; readonly inspectPort?: number } = {},
): Promise<DaemonStart> {
  // As `start --inspect=PORT` checks it: the toolchain's start() hands its number straight here,
  // and Node takes -1 or NaN as "any free port".
  if (options.inspectPort !== undefined) checkedInspectPort(options.inspectPort, String(options.inspectPort));
  const running = await runningDaemon(ctx);
  if (running === undefined) return spawnWithReport(ctx, options);
  if (options.inspectPort !== undefined)
    throw new DaemonError(
      'DAEMON_ALREADY_RUNNING',
      `a daemon already runs (pid ${running.pid}) on ${running.address} without the inspector; run "director shutdown" first, then "director start --inspect"`,
    );
  return { alreadyRunning: true, pid: running.pid, address: running.address };
}

async function spawnWithReport(
  ctx: CommandContext,
  options: { readonly timeoutMs?: number; readonly inspectPort?: number },
): Promise<SpawnedStart> {
  // The daemon answers once it has restored its record (and, by its start rules, refreshed):
  // give it the restore deadline and more rather than stopping it half-way.
  const started = await spawnDaemon({
    directorDir: ctx.directorDir,
    env: ctx.env,
    ...(options.inspectPort !== undefined ? { inspectPort: options.inspectPort } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return {
    alreadyRunning: false,
    pid: started.pid,
    port: started.port,
    ...(options.inspectPort !== undefined ? { inspector: started.inspector ?? null } : {}),
    report: await readStartReport(privatePaths(ctx.directorDir).startReport, started.pid),
  };
}

async function startInspected(ctx: CommandContext, port: number, hooks: StartHooks): Promise<number> {
  const started = await startDaemon(ctx, {
    inspectPort: port,
    ...(hooks.startTimeoutMs !== undefined ? { timeoutMs: hooks.startTimeoutMs } : {}),
  });
  // startDaemon refuses a running daemon when the inspector is asked for.
  if (started.alreadyRunning) return 1;
  ctx.out.write(`Inspector: ${started.inspector ?? 'not available'}\n`);
  if (ctx.verbose) ctx.out.write(`Started the daemon (pid ${started.pid}) on port ${started.port}\n`);
  const code = printStartReport(ctx, started.report);
  if (code !== 0) return code;
  return hooks.afterStart !== undefined ? hooks.afterStart(ctx) : 0;
}

/**
 * What the new daemon's start rule did (its refresh runs inside the daemon): printed as `refresh`
 * would print it, and its exit code, so a failed load at start is a failed `start`.
 */
function printStartReport(ctx: CommandContext, report: StartReport | undefined): number {
  if (report === undefined) return 0;
  for (const line of report.out) ctx.out.write(`${line}\n`);
  for (const line of report.err) ctx.err.write(`${line}\n`);
  return report.code;
}
