import type { CommandSpec } from '../../cli/framework/command';
import { availCommand } from './avail/avail';
import { gensrcCommand } from './gensrc/command';
import { keygenCommand } from './keygen/command';
import { tlsinfoCommand } from './tlsinfo/tlsinfo';

/** The commands of the packager (gensrc, tlsinfo, avail, keygen). The composition root (cli/src) registers them. */
export const packagerCommands: readonly CommandSpec[] = [gensrcCommand, tlsinfoCommand, availCommand, keygenCommand];
