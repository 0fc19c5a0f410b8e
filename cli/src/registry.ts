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
import type { CommandSpec } from '../framework/command';
import { CliError } from '../framework/cli-error';
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
  /**
   * Each name's summary, in the same order, so that `director help` lists every command without
   * loading any area (test/cli checks them against the real specs).
   */
  readonly summaries: readonly string[];
  readonly load: () => readonly CommandSpec[];
}

export const AREAS: readonly LazyAreaEntry[] = [
  {
    module: 'packager/src/commands.ts',
    names: ['gensrc', 'tlsinfo', 'avail', 'keygen'],
    summaries: [
      'Builds a signed, loadable source package (.tls) of a group from actor sources.',
      'Validates a .tls package with the *_tls.key keys; lists its contents or prints a member.',
      'Shows all available loadable sources and hashes by group, most recent first.',
      'Makes a key pair for signing packages: NAME.pem here, NAME_tls.key in the director dir.',
    ],
    load: () => (require('../../packager/src/commands') as PackagerModule).packagerCommands,
  },
  {
    module: 'runtime/src/daemon/commands.ts',
    names: ['start', 'shutdown'],
    summaries: [
      'Starts the actor system daemon for the director dir (if none runs yet); it restores what was loaded.',
      'Stops the actor system daemon: every actor gets ActorExitRequest.',
    ],
    load: () => (require('../../runtime/src/daemon/commands') as DaemonModule).daemonCommands,
  },
  {
    module: 'runtime/src/director/commands.ts',
    names: ['load', 'list', 'unload', 'refresh'],
    summaries: [
      'Load a package into the running daemon (starting it if needed) and wait until its OnLoad actors run.',
      'Show the loaded sources of every group (or one), the active one, and their actors.',
      'Unload a loaded source: OnDeactivate (if active), its actors end, the highest remaining version becomes active.',
      'Load the newest package of every group that has a TLI (starting the daemon if needed).',
    ],
    load: () => (require('../../runtime/src/director/commands') as DirectorModule).directorCommands,
  },
  {
    module: 'runtime/src/boot/commands.ts',
    names: ['bootstart'],
    summaries: ['Start the director daemon at boot (systemd, upstart or Windows), and now unless "nostart".'],
    load: () => (require('../../runtime/src/boot/commands') as BootModule).bootCommands,
  },
  {
    module: 'packager/src/convention/commands.ts',
    names: ['convsecret', 'convcert'],
    summaries: [
      'Makes convention.secret (32 random bytes, mode 0600) that every host of a convention shares.',
      "Makes the convention's own CA and host certificates for TLS convention links.",
    ],
    load: () => (require('../../packager/src/convention/commands') as ConventionModule).conventionCommands,
  },
  {
    module: 'runtime/src/rollout/commands.ts',
    names: ['rollout'],
    summaries: [
      'From the convention leader, load a version on every member one at a time, rolling a failing member back.',
    ],
    load: () => (require('../../runtime/src/rollout/commands') as RolloutModule).rolloutCommands,
  },
];

/** Build the registry. Throws CLI_DUPLICATE_COMMAND when two areas claim one name. */
export function buildRegistry(
  areas: readonly (readonly CommandSpec[])[] = AREAS.map((a) => lazyArea(a.names, a.load, a.summaries)),
): readonly CommandSpec[] {
  const list: CommandSpec[] = [];
  list.push(
    lazyCommand('help', () => (require('./help-command') as typeof import('./help-command')).helpCommand(() => list)),
    lazyCommand('config', () => (require('./config-command') as typeof import('./config-command')).configCommand),
    ...areas.flat(),
  );
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.name))
      throw new CliError(
        'CLI_DUPLICATE_COMMAND',
        `two commands are registered as "${c.name}"; each name must be unique`,
      );
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
