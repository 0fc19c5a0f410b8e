import { DirectorError } from '../../runtime/src/protocol/errors';
import type { CommandSpec } from './command';

/**
 * Codes of the dispatcher's own errors; documented in docs/errors/cli.md.
 * CLI_USAGE: wrong arguments for a command (exit 2, with the usage line).
 * CLI_DUPLICATE_COMMAND: two commands registered under one name (a build mistake, caught when
 * the registry is made).
 */
export const CLI_ERROR_CODES = ['CLI_USAGE', 'CLI_DUPLICATE_COMMAND'] as const;

export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** Exit code of a usage error, as the original's unknown command. */
export const USAGE_EXIT_CODE = 2;

export class CliError extends DirectorError<CliErrorCode> {}

/**
 * The error a command throws for wrong arguments: says what was wrong and shows the usage.
 * `throw usageError(spec, 'unload needs one HASH')`.
 */
export function usageError(spec: Pick<CommandSpec, 'name' | 'usage'>, problem: string): CliError {
  return new CliError('CLI_USAGE', `${problem}. Usage: director ${spec.usage} (see "director help ${spec.name}")`, {
    exitCode: USAGE_EXIT_CODE,
  });
}
