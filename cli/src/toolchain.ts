/**
 * The toolchain as functions that return data: what `avail --json`, `list --json` and the Keys
 * view need, typed, for programs and for the VS Code extension, so that neither runs a command to
 * parse its output. Each takes the director dir the way the commands do (given, else
 * THESPIAN_DIRECTOR_DIR, else the platform default) and writes nothing.
 *
 * Each area's module is required on first call, as cli/src/registry.ts does for commands, so
 * loading the package's entry does not load the packager or the daemon client.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy areas, as in registry.ts */
import { resolveDirectorDir } from '../../runtime/src/config/director-dir';
import type { CommandContext, TextSink } from '../framework/command';
import type { AvailReport } from '../../packager/src/avail/avail';
import type { KeyInfo } from '../../packager/src/keygen/describe-keys';
import type { ListReport } from '../../runtime/src/director/list-format';

export type { AvailPackage as AvailReportPackage, AvailReport } from '../../packager/src/avail/avail';
export type { KeyInfo } from '../../packager/src/keygen/describe-keys';
export type { ListedActor, ListedSource, ListReport } from '../../runtime/src/director/list-format';

export interface ToolchainOptions {
  /** Overrides THESPIAN_DIRECTOR_DIR. */
  readonly directorDir?: string;
  /** Default: process.env. */
  readonly env?: { readonly [name: string]: string | undefined };
  /** Folder a relative THESPIAN_DIRECTOR_DIR is resolved against. Default: process.cwd(). */
  readonly cwd?: string;
}

const silent: TextSink = { write: () => undefined };

function contextOf(o: ToolchainOptions): CommandContext {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  return { directorDir: o.directorDir ?? resolveDirectorDir(env, cwd), env, cwd, out: silent, err: silent, verbose: false };
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
  const m = require('../../packager/src/keygen/describe-keys') as typeof import('../../packager/src/keygen/describe-keys');
  return m.describeKeys(contextOf(options).directorDir);
}
