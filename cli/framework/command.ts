/**
 * The contract every `director` command meets. The CLI, DirectorControl and the VS Code
 * extension all run commands through this one shape, so they share one code path.
 *
 * A command prints to `ctx.out` / `ctx.err` and returns its exit code. It may also throw a
 * DirectorError: the dispatcher prints `director: <message> [<code>]` to err and exits with the
 * error's `exitCode`.
 */
export interface TextSink {
  write(text: string): void;
}

export interface CommandContext {
  /** The director dir in force, resolved (THESPIAN_DIRECTOR_DIR or the platform default). */
  readonly directorDir: string;
  /** The environment the command sees (process.env for the CLI). */
  readonly env: { readonly [name: string]: string | undefined };
  /** Folder that relative paths on the command line are resolved against. */
  readonly cwd: string;
  readonly out: TextSink;
  readonly err: TextSink;
  /** `director verbose CMD ...`: print progress lines to out. */
  readonly verbose: boolean;
}

export interface CommandSpec {
  /** The word on the command line: `gensrc`, `load`, ... */
  readonly name: string;
  /** One line: `gensrc GROUP PRIVATE_KEYFILE SOURCES_DIR [version:V|version:date] [deps:FILE] [tli:FILE] SRC...` */
  readonly usage: string;
  /** One sentence for the command list of `director help`. */
  readonly summary: string;
  /** The full text of `director help CMD` (after the usage line). */
  readonly description: string;
  run(ctx: CommandContext, args: readonly string[]): Promise<number>;
}
