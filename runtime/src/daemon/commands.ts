import type { CommandSpec } from '../cli/command';

/** The commands of the daemon (start, shutdown). The composition root (cli/src) registers them. */
export const daemonCommands: readonly CommandSpec[] = [];
