import type { CommandSpec } from '../../../cli/framework/command';
import { convcertCommand } from './convcert-command';
import { convsecretCommand } from './convsecret-command';

/** The convention helper commands (convsecret, convcert). The composition root (cli/src) registers them. */
export const conventionCommands: readonly CommandSpec[] = [convsecretCommand, convcertCommand];
