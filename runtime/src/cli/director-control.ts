/**
 * DirectorControl: the commands of `director` as methods, for programs. Each `cmd_<name>(...args)`
 * runs the same code path as the CLI (the dispatcher) and resolves with the exit code, writing to
 * the outputs given at construction.
 *
 * Extension point: methods that are not commands (the Director's `get_role_address`) live in
 * their own files as functions of a CommandContext; the composition root's subclass
 * (cli/src/director-control.ts) adds them as methods using {@link DirectorControl.context}.
 */
import { resolveDirectorDir } from '../config/director-dir';
import type { CommandContext, CommandSpec, TextSink } from './command';
import { dispatch } from './dispatch';

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
  readonly commands: readonly CommandSpec[];
}

export type CommandMethod = (...args: string[]) => Promise<number>;

export class DirectorControl {
  /** One per registered command: `cmd_avail()`, `cmd_load('foo')`, ... */
  [command: `cmd_${string}`]: CommandMethod;

  readonly commands: readonly CommandSpec[];
  private readonly options: DirectorControlOptions;

  constructor(options: DirectorControlOptions) {
    this.options = options;
    this.commands = options.commands;
    for (const c of options.commands) {
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

  private env(): { readonly [name: string]: string | undefined } {
    return this.options.env ?? process.env;
  }
}
