/**
 * The package's public entry: `import { Actor, ActorSystem, DirectorControl } from 'thespian-director'`.
 *
 * Actor code running inside a loaded source gets the runtime's actor API (runtime/src/actors) for
 * `thespian-director`; programs outside get this whole surface.
 */
export * from '../../runtime/src/protocol';
export * from '../../runtime/src/actors';
export {
  ActorSystem,
  DaemonActorSystem,
  SimpleActorSystem,
  type ConnectOptions,
  type SimpleOptions,
  type ActorCreateRequest,
  type Delivered,
} from '../../runtime/src/actor-system';
export { DirectorControl, type PublicDirectorControlOptions as DirectorControlOptions } from './director-control';
export { allCommands } from './registry';
export type { CommandSpec, CommandContext, TextSink } from '../../runtime/src/cli/command';
export { readConfig, loadConfig, type DirectorConfig } from '../../runtime/src/config/read-config';
export { ConfigError } from '../../runtime/src/config/config-error';
export { createLogging, type Logging } from '../../runtime/src/logging/create-logging';
