/**
 * The toolchain as functions that return data: what `avail --json`, `list --json` and the Keys
 * view need, and gensrc, load and unload, typed, for programs and for the VS Code extension, so
 * that neither runs a command to parse its output. A failure is the area's coded DirectorError,
 * and `problemsOf` turns one into file:line:column problems. Each takes the director dir the way the commands do (given, else
 * THESPIAN_DIRECTOR_DIR, else the platform default) and writes nothing.
 *
 * Each area's module is required on first call, as cli/src/registry.ts does for commands, so
 * loading the package's entry does not load the packager or the daemon client.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy areas, as in registry.ts */
import path from 'node:path';
import { resolveDirectorDir } from '../../runtime/src/config/director-dir';
import { isPlainObject } from '../../runtime/src/protocol/plain-object';
import type { ActorOutcome } from '../../runtime/src/protocol/director-messages';
import type { GensrcWarning } from '../../packager/src/gensrc/gensrc';
import type { CommandContext, TextSink } from '../framework/command';
import type { AvailReport } from '../../packager/src/avail/avail';
import type { KeyInfo } from '../../packager/src/keygen/describe-keys';
import type { ListReport } from '../../runtime/src/director/list-format';
import type { GroupOutcome } from '../../runtime/src/director/refresh';

export type { AvailPackage as AvailReportPackage, AvailReport } from '../../packager/src/avail/avail';
export type { KeyInfo } from '../../packager/src/keygen/describe-keys';
export type { ListedActor, ListedSource, ListReport } from '../../runtime/src/director/list-format';
export type { GensrcWarning } from '../../packager/src/gensrc/gensrc';

export interface ToolchainOptions {
  /** Overrides THESPIAN_DIRECTOR_DIR. */
  readonly directorDir?: string;
  /** Default: process.env. */
  readonly env?: { readonly [name: string]: string | undefined };
  /** Folder a relative THESPIAN_DIRECTOR_DIR is resolved against. Default: process.cwd(). */
  readonly cwd?: string;
}

const silent: TextSink = { write: () => undefined };

/** The command context a toolchain call runs with: the options' director dir, silent outputs. */
export function contextOf(o: ToolchainOptions): CommandContext {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  return {
    directorDir: o.directorDir ?? resolveDirectorDir(env, cwd),
    env,
    cwd,
    out: silent,
    err: silent,
    verbose: false,
  };
}

/** `director avail --json` as data: every group's packages, newest first, with source hashes and name problems. */
export function avail(options: ToolchainOptions = {}): Promise<AvailReport> {
  const m = require('../../packager/src/avail/avail') as typeof import('../../packager/src/avail/avail');
  return m.availReport(contextOf(options).directorDir);
}

/**
 * `director list --json` as data: the running daemon's loaded sources (of `group`, or all) and
 * their actors. No daemon: a DirectorError with code DIRECTOR_NO_DAEMON (none is started).
 */
export function list(options: ToolchainOptions & { readonly group?: string } = {}): Promise<ListReport> {
  const m = require('../../runtime/src/director/commands') as typeof import('../../runtime/src/director/commands');
  return m.readLoaded(contextOf(options), options.group);
}

/** The director dir's keys: id, algorithm, strength, what each verifies, its groups and whether it is revoked. */
export function describeKeys(options: ToolchainOptions = {}): Promise<KeyInfo[]> {
  const m =
    require('../../packager/src/keygen/describe-keys') as typeof import('../../packager/src/keygen/describe-keys');
  return m.describeKeys(contextOf(options).directorDir);
}

/** What `gensrc()` builds: the choices `director gensrc` takes as arguments. */
export interface GensrcOptions extends ToolchainOptions {
  readonly group: string;
  /** PEM private key; relative to `cwd`. */
  readonly keyFile: string;
  /** Root of the sources; relative to `cwd`. */
  readonly sourcesDir: string;
  /** Default null: GROUP.tls without a version; 'date': the local YYYYMMDDHHMM. */
  readonly version?: string | null;
  /** Files or glob patterns relative to sourcesDir. */
  readonly patterns: readonly string[];
  readonly tliFile?: string;
  readonly depsFile?: string;
  /** Source maps in the package (`maps:yes`). */
  readonly sourceMaps?: boolean;
}

export interface GensrcReport {
  readonly group: string;
  readonly version: string | null;
  /** The package written (absolute path in the director dir). */
  readonly file: string;
  /** The TLI copied to the director dir, when one was given or found. */
  readonly tliWritten?: string;
  /** Older packages TLS_Keep_Limit removed. */
  readonly pruned: readonly string[];
  /** What the command prints as `Warning:`/`Note:` lines, with file, line and column where known. */
  readonly warnings: readonly GensrcWarning[];
}

/**
 * `director gensrc` as data: builds, signs and writes the package, and resolves with what it
 * wrote and its warnings. Throws the packager's PackagerError (SOURCE_SYNTAX, TLI_INVALID, …) or
 * the authority's AuthorityError (a bad key); `problemsOf(error)` gives their places.
 */
export async function gensrc(options: GensrcOptions): Promise<GensrcReport> {
  const args = require('../../packager/src/gensrc/args') as typeof import('../../packager/src/gensrc/args');
  const g = require('../../packager/src/gensrc/gensrc') as typeof import('../../packager/src/gensrc/gensrc');
  const ctx = contextOf(options);
  const a = args.checkGensrcArgs({
    group: options.group,
    keyFile: options.keyFile,
    sourcesDir: options.sourcesDir,
    version: options.version ?? null,
    patterns: options.patterns,
    ...(options.tliFile !== undefined ? { tliFile: options.tliFile } : {}),
    ...(options.depsFile !== undefined ? { depsFile: options.depsFile } : {}),
    ...(options.sourceMaps === true ? { sourceMaps: true } : {}),
  });
  const warnings: GensrcWarning[] = [];
  const r = await g.gensrc(a, {
    directorDir: ctx.directorDir,
    cwd: ctx.cwd,
    now: () => new Date(),
    info: () => undefined,
    warn: (w) => warnings.push(w),
  });
  return {
    group: a.group,
    version: a.version,
    file: r.file,
    ...(r.tliWritten !== undefined ? { tliWritten: r.tliWritten } : {}),
    pruned: r.pruned,
    warnings,
  };
}

/** What a `load()` did: loaded the package, made an inactive loaded version active again, or nothing. */
export type LoadOutcome = 'loaded' | 'activated' | 'unchanged';

export interface LoadReport {
  readonly group: string;
  readonly version: string | null;
  /** The source hash (docs/director.md). */
  readonly hash: string;
  /** The package file loaded. */
  readonly path: string;
  readonly outcome: LoadOutcome;
  /** Each OnLoad actor: its address, or why it did not start. */
  readonly actors: readonly ActorOutcome[];
  /**
   * Packages of the group passed over because their signed name is not their file name
   * (TLS_NAME_MISMATCH; `load` prints each as a `skipped` line): the file and the name it is signed as.
   */
  readonly skipped: readonly { readonly file: string; readonly signedName: string }[];
}

/**
 * `director load TARGET` as data (TARGET: GROUP, GROUP.tli or a GROUP-VERSION.tls path, relative
 * to `cwd`): starts the daemon when none runs, waits until the OnLoad actors run. Throws the
 * Director's DirectorOpError (DIRECTOR_TLI_INVALID with the TLI's diagnostics,
 * DIRECTOR_SOURCE_REJECTED with the authority's code, …).
 */
export async function load(target: string, options: ToolchainOptions = {}): Promise<LoadReport> {
  const m = require('../../runtime/src/director/commands') as typeof import('../../runtime/src/director/commands');
  const r = await m.loadSource(contextOf(options), target);
  return {
    group: r.Group,
    version: r.Version,
    hash: r.SourceHash,
    path: r.path,
    outcome: !r.AlreadyLoaded ? 'loaded' : r.Activated === true ? 'activated' : 'unchanged',
    actors: r.Actors,
    skipped: r.misnamed.map((m) => ({ file: m.file, signedName: m.signedName })),
  };
}

export interface UnloadReport {
  readonly group: string;
  readonly hash: string;
  /** The hash of the version that became active, or null. */
  readonly reactivated: string | null;
}

/** `director unload HASH` as data. No daemon: DIRECTOR_NO_DAEMON (none is started); an unknown hash: the Director's code. */
export async function unload(hash: string, options: ToolchainOptions = {}): Promise<UnloadReport> {
  const m = require('../../runtime/src/director/commands') as typeof import('../../runtime/src/director/commands');
  const r = await m.unloadSource(contextOf(options), hash);
  return { group: r.Group, hash: r.SourceHash, reactivated: r.Reactivated };
}

/**
 * What `refresh()` or the daemon's start did to one group: loaded its newest package, made it
 * active again, left it as it was, or failed with the coded error (`problemsOf(error)` gives the
 * places it names: a TLI's line and column).
 */
export type RefreshedGroup = GroupOutcome;

export interface RefreshReport {
  /** Every group with a TLI, in group-name order. */
  readonly groups: readonly RefreshedGroup[];
  /** Packages passed over because their signed name is not their file name (TLS_NAME_MISMATCH). */
  readonly skipped: readonly { readonly file: string; readonly signedName: string }[];
}

/**
 * `director refresh` as data: loads the newest package of every group that has a TLI (starting
 * the daemon when none runs) and resolves with each group's outcome; a group that fails does not
 * stop the others and is an outcome, not an exception. Throws only what stops every group (no
 * daemon can be started, the director dir cannot be read).
 */
export async function refresh(options: ToolchainOptions = {}): Promise<RefreshReport> {
  const m = require('../../runtime/src/director/commands') as typeof import('../../runtime/src/director/commands');
  const r = await m.refreshSources(contextOf(options));
  return { groups: r.groups, skipped: r.skipped.map((x) => ({ file: x.file, signedName: x.signedName })) };
}

export interface StartReport {
  /** True when a daemon already answered: nothing was started or loaded. */
  readonly alreadyRunning: boolean;
  readonly pid: number;
  /** `host:port` of the admin port. */
  readonly address: string | null;
  /** The admin port of the daemon this start spawned (null when one already ran). */
  readonly port: number | null;
  /** With `inspectPort`: the inspector's WebSocket URL, or null when it is not available. */
  readonly inspector?: string | null;
  /** The new daemon's start rule (docs/durability.md); null when one already ran or it left no report. */
  readonly action: 'refresh' | 'restore-only' | 'restore-then-refresh' | null;
  /** What the start rule's refresh did to each group (empty when it only restored). */
  readonly groups: readonly RefreshedGroup[];
  readonly skipped: readonly { readonly file: string; readonly signedName: string }[];
  /** The start refresh as a whole failed: its message and code. */
  readonly refreshError?: { readonly message: string; readonly code?: string };
}

/**
 * `director start` as data: makes sure the director dir's daemon runs and resolves with what the
 * new daemon's start rule loaded or failed to load per group (a group's failure is an outcome, as
 * with `refresh()`). With `inspectPort` (0: a free one) the daemon runs with the Node inspector and
 * a running daemon is refused (DAEMON_ALREADY_RUNNING). A daemon that cannot start: its DaemonError
 * (DAEMON_PORT_IN_USE, DAEMON_PORT_FOREIGN, …).
 */
export async function start(options: ToolchainOptions & { readonly inspectPort?: number } = {}): Promise<StartReport> {
  const m =
    require('../../runtime/src/daemon/start-command') as typeof import('../../runtime/src/daemon/start-command');
  const r = await m.startDaemon(
    contextOf(options),
    options.inspectPort !== undefined ? { inspectPort: options.inspectPort } : { timeoutMs: m.START_TIMEOUT_MS },
  );
  if (r.alreadyRunning)
    return { alreadyRunning: true, pid: r.pid, address: r.address, port: null, action: null, groups: [], skipped: [] };
  const report = r.report;
  return {
    alreadyRunning: false,
    pid: r.pid,
    address: null,
    port: r.port,
    ...(r.inspector !== undefined ? { inspector: r.inspector } : {}),
    action: report?.action ?? null,
    groups: report?.groups ?? [],
    skipped: report?.skipped ?? [],
    ...(report?.refreshError !== undefined ? { refreshError: report.refreshError } : {}),
  };
}

/**
 * What `shutdown()` did: stopped the daemon, found none running, or found none answering while its
 * pid file names a live process (a hung daemon, or a reused pid: nothing is touched).
 */
export type ShutdownReport =
  | { readonly outcome: 'stopped'; readonly pid: number }
  | { readonly outcome: 'none' }
  | { readonly outcome: 'unresponsive'; readonly pid: number };

/** `director shutdown` as data: stops the daemon and waits until its process is gone. Still there after 60 s: DAEMON_STOP_TIMEOUT. */
export async function shutdown(options: ToolchainOptions = {}): Promise<ShutdownReport> {
  const m =
    require('../../runtime/src/daemon/shutdown-command') as typeof import('../../runtime/src/daemon/shutdown-command');
  const r = await m.stopDaemon(contextOf(options));
  return r.outcome === 'none' ? { outcome: 'none' } : r;
}

/**
 * `director rollout TARGET parallel:N` from the convention's leader, typed: resolves when every
 * member was upgraded; throws the RolloutError (ROLLOUT_STOPPED with each member's result in its
 * data, ROLLOUT_NOT_LEADER, ROLLOUT_UNSIGNED, …). `onLine` gets the progress lines and the final
 * table as the command prints them, for a log.
 */
export async function rollout(
  target: string,
  options: ToolchainOptions & { readonly parallel?: number; readonly onLine?: (line: string) => void } = {},
): Promise<void> {
  const m =
    require('../../runtime/src/rollout/rollout-command') as typeof import('../../runtime/src/rollout/rollout-command');
  let partial = '';
  const onLine = options.onLine ?? (() => undefined);
  const out: TextSink = {
    write: (text) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    },
  };
  await m.runRollout({ ...contextOf(options), out }, [
    target,
    ...(options.parallel !== undefined ? [`parallel:${options.parallel}`] : []),
  ]);
}

/** A problem at a place in a user's file, 1-based as editors print it. */
export interface ToolchainProblem {
  /** Absolute path. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The diagnostic's code (a TLI check's), else the error's (SOURCE_SYNTAX). */
  readonly code: string;
  readonly message: string;
}

/**
 * The places a toolchain error names, from its structured data: every compiler error of
 * SOURCE_SYNTAX, every TLI diagnostic of TLI_INVALID (gensrc) and DIRECTOR_TLI_INVALID (load).
 * Empty for any other error. Relative files are taken from `cwd` (default process.cwd()).
 * The data may have come from a daemon's reply or its start report: an entry that is not of the
 * shape is passed over, so that this never throws.
 */
export function problemsOf(error: unknown, cwd: string = process.cwd()): ToolchainProblem[] {
  if (!isPlainObject(error)) return [];
  const { code, data } = error;
  if (!isPlainObject(data) || typeof data['file'] !== 'string') return [];
  const file = path.resolve(cwd, data['file']);
  const errors = data['errors'];
  const diagnostics = data['diagnostics'];
  if (code === 'SOURCE_SYNTAX' && Array.isArray(errors)) {
    return errors.flatMap((e: unknown) => {
      if (!isPlainObject(e) || typeof e['text'] !== 'string') return [];
      const line = optionalCount(e['line'], 1);
      const column = optionalCount(e['column'], 0);
      if (line === undefined || column === undefined) return [];
      return [{ file, line, column: column + 1, code: 'SOURCE_SYNTAX', message: e['text'] }];
    });
  }
  if ((code === 'TLI_INVALID' || code === 'DIRECTOR_TLI_INVALID') && Array.isArray(diagnostics)) {
    return diagnostics.flatMap((x: unknown) => {
      const start = isPlainObject(x) && isPlainObject(x['range']) ? x['range']['start'] : undefined;
      if (
        !isPlainObject(x) ||
        !isPlainObject(start) ||
        typeof x['code'] !== 'string' ||
        typeof x['message'] !== 'string'
      )
        return [];
      const line = optionalCount(start['line'], undefined);
      const character = optionalCount(start['character'], undefined);
      if (line === undefined || character === undefined) return [];
      return [{ file, line: line + 1, column: character + 1, code: x['code'], message: x['message'] }];
    });
  }
  return [];
}

/** A whole number of at least 0, or `absent` when there is none (null too); undefined for anything else. */
function optionalCount(x: unknown, absent: number | undefined): number | undefined {
  if (x === undefined || x === null) return absent;
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined;
}
