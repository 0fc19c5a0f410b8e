/**
 * The public DirectorControl: every command of this build, with `commands` optional.
 * `new DirectorControl().cmd_avail()` works as the guide shows.
 *
 * Non-command methods go here, each a thin call into its own file with {@link DirectorControl.context}
 * (the same director dir, environment and outputs the commands get).
 */
import { DirectorControl as DirectorControlCore, type DirectorControlOptions } from '../../runtime/src/cli/director-control';
import { getRoleAddress, type RoleAddress, type RoleAddressOptions } from '../../runtime/src/director/role-address';
import { allCommands } from './registry';

export type { DirectorControlOptions as DirectorControlCoreOptions } from '../../runtime/src/cli/director-control';

export type PublicDirectorControlOptions = Omit<DirectorControlOptions, 'commands'> & {
  readonly commands?: DirectorControlOptions['commands'];
};

export class DirectorControl extends DirectorControlCore {
  constructor(options: PublicDirectorControlOptions = {}) {
    super({ ...options, commands: options.commands ?? allCommands() });
  }

  /**
   * The RoleAddress reply for the running actor with TLI Role `role` (in `group`, or any group),
   * or null; the error goes to err unless `silent`. As the guide's `get_role_address`.
   */
  get_role_address(role: string, options: RoleAddressOptions = {}): Promise<RoleAddress | null> {
    return getRoleAddress(this.context(), role, options);
  }
}
