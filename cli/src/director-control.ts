/**
 * DirectorControl: the commands of `director` as methods, for programs. Each `cmd_<name>(...args)`
 * runs the same code path as the CLI (the dispatcher) and resolves with the exit code, writing to
 * the outputs given at construction. `new DirectorControl().cmd_avail()` works as the guide shows:
 * without `commands`, every command of this build is registered.
 *
 * Methods that are not commands (the Director's `get_role_address`) live in their own files as
 * functions of a CommandContext; they are added here as thin calls with {@link DirectorControl.context}
 * (the same director dir, environment and outputs the commands get).
 */
import { resolveDirectorDir } from '../../runtime/src/config/director-dir';
import { getRoleAddress, type RoleAddress, type RoleAddressOptions } from '../../runtime/src/director/role-address';
import type { CommandContext, CommandSpec, TextSink } from '../framework/command';
import { dispatch } from './dispatch';
import { allCommands } from './registry';

export interface DirectorControlOptions {
  /** Overrides THESPIAN_DIRECTOR_DIR. */
  readonly directorDir?: string;
  /** Default: process.env. */
  readonly env?: { readonly [name: string]: string | undefined };
  /** Folder relative paths are resolved against. Default: process.cwd(). */
  readonly cwd?: string;
  /** Default: process.stdout. */
  readonly out?: TextSink;
  /** Default: process.stderr. */
  readonly err?: TextSink;
  /** As a leading `verbose` on the command line. */
  readonly verbose?: boolean;
  /** The commands to offer. Default: every command of this build (allCommands()). */
  readonly commands?: readonly CommandSpec[];
}

export type CommandMethod = (...args: string[]) => Promise<number>;

export class DirectorControl {
  /** One per registered command: `cmd_avail()`, `cmd_load('foo')`, ... */
  [command: `cmd_${string}`]: CommandMethod;

  readonly commands: readonly CommandSpec[];
  private readonly options: DirectorControlOptions;

  constructor(options: DirectorControlOptions = {}) {
    this.options = options;
    this.commands = options.commands ?? allCommands();
    for (const c of this.commands) {
      this[`cmd_${c.name}`] = (...args: string[]) => this.call(c.name, ...args);
    }
  }

  /** Run command `name` with `args`, as `director name args...`. Unknown names exit 2, as the CLI. */
  call(name: string, ...args: string[]): Promise<number> {
    const o = this.options;
    return dispatch([...(o.verbose === true ? ['verbose'] : []), name, ...args], {
      commands: this.commands,
      env: this.env(),
      cwd: o.cwd ?? process.cwd(),
      out: o.out ?? process.stdout,
      err: o.err ?? process.stderr,
      ...(o.directorDir !== undefined ? { directorDir: o.directorDir } : {}),
    });
  }

  /** The context a command would get now (director dir resolved afresh): for non-command methods. */
  context(): CommandContext {
    const o = this.options;
    const cwd = o.cwd ?? process.cwd();
    const env = this.env();
    return {
      directorDir: o.directorDir ?? resolveDirectorDir(env, cwd),
      env,
      cwd,
      out: o.out ?? process.stdout,
      err: o.err ?? process.stderr,
      verbose: o.verbose === true,
    };
  }

  /**
   * The RoleAddress reply for the running actor with TLI Role `role` (in `group`, or any group),
   * or null; the error goes to err unless `silent`. As the guide's `get_role_address`.
   */
  get_role_address(role: string, options: RoleAddressOptions = {}): Promise<RoleAddress | null> {
    return getRoleAddress(this.context(), role, options);
  }

  private env(): { readonly [name: string]: string | undefined } {
    return this.options.env ?? process.env;
  }
}
