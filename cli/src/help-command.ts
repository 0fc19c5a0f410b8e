import { readConfig } from '../../runtime/src/config/read-config';
import { formatProblem } from '../../runtime/src/config/config-error';
import type { CommandSpec } from '../framework/command';
import { usageError } from '../framework/cli-error';
import { commandHelp, generalHelp } from './help-text';

/**
 * `help` and `help CMD`. Takes the registry as a function because help is itself registered in
 * it (the composition root builds the list, then hands it here).
 */
export function helpCommand(commands: () => readonly CommandSpec[]): CommandSpec {
  const spec: CommandSpec = {
    name: 'help',
    usage: 'help [COMMAND]',
    summary: 'Show the commands, the director dir and the cfg files, or the usage of one command.',
    description:
      'With no COMMAND: lists every command, the THESPIAN_DIRECTOR_DIR environment variable and its\n' +
      'default, the settings in force, and every cfg file with its meaning and default.\n' +
      'With COMMAND: prints its usage line and description. Exit 0.',
    async run(ctx, args) {
      if (args.length > 1) throw usageError(spec, 'help takes at most one COMMAND');
      const all = commands();
      const name = args[0];
      if (name !== undefined) {
        const target = all.find((c) => c.name === name);
        if (target === undefined) {
          ctx.out.write(`Unrecognized command "${name}"; "director help" lists the commands.\n`);
          return 0;
        }
        ctx.out.write(commandHelp(target));
        return 0;
      }
      const { config, problems } = await readConfig(ctx.directorDir);
      const first = problems[0];
      ctx.out.write(
        generalHelp(all, {
          directorDir: ctx.directorDir,
          systemBase: config.systemBaseName,
          adminPort: config.adminPort,
          logDir: config.logDir,
          ...(first !== undefined ? { configProblem: formatProblem(first) } : {}),
        }),
      );
      return 0;
    },
  };
  return spec;
}
