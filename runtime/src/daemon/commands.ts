import type { CommandSpec } from '../../../cli/framework/command';
import { shutdownCommand } from './shutdown-command';
import { startCommand, type StartHooks } from './start-command';

export type { StartHooks } from './start-command';

/**
 * The daemon's commands with their hooks. `start` runs no refresh of its own: the daemon applies
 * the start rules itself (runtime/src/director/start-rules.ts), so a start never overwrites what
 * the operator did.
 */
export function createDaemonCommands(hooks: StartHooks = {}): readonly CommandSpec[] {
  return [startCommand(hooks), shutdownCommand()];
}

/** The commands of the daemon (start, shutdown). */
export const daemonCommands: readonly CommandSpec[] = createDaemonCommands();
