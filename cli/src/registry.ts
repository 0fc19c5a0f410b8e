/**
 * The one list of `director` commands, in the order `director help` shows them: the CLI's own
 * (help, config), then each area's list. To add a command: put its CommandSpec in its area's
 * commands.ts; it appears here, in help, in DirectorControl and in the extension.
 */
import type { CommandSpec } from '../../runtime/src/cli/command';
import { CliError } from '../../runtime/src/cli/cli-error';
import { configCommand } from '../../runtime/src/cli/config-command';
import { helpCommand } from '../../runtime/src/cli/help-command';
import { packagerCommands } from '../../packager/src/commands';
import { daemonCommands } from '../../runtime/src/daemon/commands';
import { directorCommands } from '../../runtime/src/director/commands';
import { bootCommands } from '../../runtime/src/boot/commands';
import { conventionCommands } from '../../packager/src/convention/commands';

/** Build the registry. Throws CLI_DUPLICATE_COMMAND when two areas claim one name. */
export function buildRegistry(areas: readonly (readonly CommandSpec[])[] = [packagerCommands, daemonCommands, directorCommands, bootCommands, conventionCommands]): readonly CommandSpec[] {
  const list: CommandSpec[] = [];
  list.push(helpCommand(() => list), configCommand, ...areas.flat());
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.name)) throw new CliError('CLI_DUPLICATE_COMMAND', `two commands are registered as "${c.name}"; each name must be unique`);
    seen.add(c.name);
  }
  return list;
}

let cached: readonly CommandSpec[] | undefined;

/** Every command of this build (built once). */
export function allCommands(): readonly CommandSpec[] {
  cached ??= buildRegistry();
  return cached;
}
