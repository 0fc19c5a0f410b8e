/**
 * The one list of `director` commands, in the order `director help` shows them: the CLI's own
 * (help, config), then each area's list. To add a command: put its CommandSpec in its area's
 * commands.ts and its name in AREAS below (test/cli checks the two agree); it appears here, in
 * help, in DirectorControl and in the extension.
 *
 * Start-up speed: each area's module is required only when one of its commands is used (see
 * lazy-command.ts), so a command loads and initialises its own area's code and no other's.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- synchronous require is what makes the
   areas lazy: esbuild turns a required module into one initialised on first call, and the
   CommandSpec fields must stay synchronous for callers. */
import type { CommandSpec } from '../../runtime/src/cli/command';
import { CliError } from '../../runtime/src/cli/cli-error';
import { lazyArea, lazyCommand } from './lazy-command';

type PackagerModule = typeof import('../../packager/src/commands');
type DaemonModule = typeof import('../../runtime/src/daemon/commands');
type DirectorModule = typeof import('../../runtime/src/director/commands');
type BootModule = typeof import('../../runtime/src/boot/commands');
type ConventionModule = typeof import('../../packager/src/convention/commands');
type RolloutModule = typeof import('../../runtime/src/rollout/commands');

/** Each area: its command names in its list's order, and how to load the list. */
export interface LazyAreaEntry {
  readonly module: string;
  readonly names: readonly string[];
  readonly load: () => readonly CommandSpec[];
}

export const AREAS: readonly LazyAreaEntry[] = [
  {
    module: 'packager/src/commands.ts',
    names: ['gensrc', 'tlsinfo', 'avail', 'keygen'],
    load: () => (require('../../packager/src/commands') as PackagerModule).packagerCommands,
  },
  {
    module: 'runtime/src/daemon/commands.ts',
    names: ['start', 'shutdown'],
    load: () => (require('../../runtime/src/daemon/commands') as DaemonModule).daemonCommands,
  },
  {
    module: 'runtime/src/director/commands.ts',
    names: ['load', 'list', 'unload', 'refresh'],
    load: () => (require('../../runtime/src/director/commands') as DirectorModule).directorCommands,
  },
  {
    module: 'runtime/src/boot/commands.ts',
    names: ['bootstart'],
    load: () => (require('../../runtime/src/boot/commands') as BootModule).bootCommands,
  },
  {
    module: 'packager/src/convention/commands.ts',
    names: ['convsecret', 'convcert'],
    load: () => (require('../../packager/src/convention/commands') as ConventionModule).conventionCommands,
  },
  {
    module: 'runtime/src/rollout/commands.ts',
    names: ['rollout'],
    load: () => (require('../../runtime/src/rollout/commands') as RolloutModule).rolloutCommands,
  },
];

/** Build the registry. Throws CLI_DUPLICATE_COMMAND when two areas claim one name. */
export function buildRegistry(areas: readonly (readonly CommandSpec[])[] = AREAS.map((a) => lazyArea(a.names, a.load))): readonly CommandSpec[] {
  const list: CommandSpec[] = [];
  list.push(
    lazyCommand('help', () => (require('../../runtime/src/cli/help-command') as typeof import('../../runtime/src/cli/help-command')).helpCommand(() => list)),
    lazyCommand('config', () => (require('../../runtime/src/cli/config-command') as typeof import('../../runtime/src/cli/config-command')).configCommand),
    ...areas.flat(),
  );
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
