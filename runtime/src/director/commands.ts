import type { CommandSpec } from '../cli/command';

/** The commands of the Director (load, list, unload, refresh). The composition root (cli/src) registers them. */
export const directorCommands: readonly CommandSpec[] = [];
