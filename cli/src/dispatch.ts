/**
 * The dispatcher behind `director [verbose] [command [args...]]` and DirectorControl: one code
 * path for both. Picks the command, runs it with a CommandContext, and turns what it throws into
 * a line on err and an exit code.
 */
import { DirectorError } from '../../runtime/src/protocol/errors';
import { resolveDirectorDir } from '../../runtime/src/config/director-dir';
import type { CommandContext, CommandSpec, TextSink } from '../framework/command';

export const UNRECOGNIZED_COMMAND = 'Unrecognized command; use the "help" command to get usage information.';

export interface DispatchOptions {
  readonly commands: readonly CommandSpec[];
  readonly env: { readonly [name: string]: string | undefined };
  readonly cwd: string;
  readonly out: TextSink;
  readonly err: TextSink;
  /** Overrides THESPIAN_DIRECTOR_DIR (DirectorControl's `directorDir`). */
  readonly directorDir?: string;
}

/** Run one command line (without the program name). Resolves with the exit code; never rejects. */
export async function dispatch(words: readonly string[], options: DispatchOptions): Promise<number> {
  const verbose = words[0] === 'verbose';
  const rest = verbose ? words.slice(1) : words;
  const { commands, out, err } = options;
  if (verbose && rest.length === 0) {
    out.write(
      'Note: "verbose" goes before a command, e.g. "director verbose tlsinfo FILE"; here is the general help.\n\n',
    );
  }
  const name = rest[0] ?? 'help';
  const spec = commands.find((c) => c.name === name);
  if (spec === undefined) {
    out.write(`${UNRECOGNIZED_COMMAND}\n`);
    return 2;
  }
  const ctx: CommandContext = {
    directorDir: options.directorDir ?? resolveDirectorDir(options.env, options.cwd),
    env: options.env,
    cwd: options.cwd,
    out,
    err,
    verbose,
  };
  try {
    return await spec.run(ctx, rest.slice(1));
  } catch (e) {
    return reportFailure(e, ctx, name);
  }
}

/** A DirectorError prints its message and code; anything else is a bug: a short line, the stack only when verbose. */
export function reportFailure(e: unknown, ctx: Pick<CommandContext, 'err' | 'verbose'>, command: string): number {
  if (e instanceof DirectorError) {
    ctx.err.write(`director: ${e.message} [${e.code}]\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  ctx.err.write(`director: ${command} failed unexpectedly: ${message}\n`);
  if (ctx.verbose && e instanceof Error && e.stack !== undefined) {
    ctx.err.write(`${e.stack}\n`);
  } else {
    ctx.err.write(`  (run "director verbose ${command} ..." to see where)\n`);
  }
  return 1;
}
