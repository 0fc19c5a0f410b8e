import type { CommandSpec } from '../../../cli/framework/command';
import { bootstartCommand } from './bootstart-command';

/** The commands of boot start (bootstart). The composition root (cli/src) registers them. */
export const bootCommands: readonly CommandSpec[] = [bootstartCommand];
