import type { CommandSpec } from '../../runtime/src/cli/command';

/** The commands of the packager (gensrc, tlsinfo, avail, keygen). The composition root (cli/src) registers them. */
export const packagerCommands: readonly CommandSpec[] = [];
