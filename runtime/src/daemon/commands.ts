import type { CommandSpec } from '../cli/command';
import { startRefresh } from '../director/start-refresh';
import { shutdownCommand } from './shutdown-command';
import { startCommand, type StartHooks } from './start-command';

export type { StartHooks } from './start-command';

/**
 * The daemon's commands with their hooks. The composition root passes `afterStart` (refresh), so
 * that `director start` loads the newest sources as the original did.
 */
export function createDaemonCommands(hooks: StartHooks = {}): readonly CommandSpec[] {
  return [startCommand(hooks), shutdownCommand()];
}

/** The commands of the daemon (start, shutdown): start runs the Director's start-refresh after the daemon answers. */
export const daemonCommands: readonly CommandSpec[] = createDaemonCommands({ afterStart: startRefresh });
