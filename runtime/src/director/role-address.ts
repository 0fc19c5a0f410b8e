/**
 * `DirectorControl.get_role_address(role, { group?, silent? })`: the RoleAddress reply for the
 * running actor with that TLI Role in an active source, or null (printing the error to err
 * unless silent), as the guide shows.
 */
import type { CommandContext } from '../../../cli/framework/command';
import type { RoleAddressReply } from '../protocol/director-messages';
import type { DirectorConnector } from './director-link';
import { ASK_TIMEOUT_MS } from './director-link';
import { defaultConnector } from './daemon-connector';

export interface RoleAddressOptions {
  readonly group?: string;
  readonly silent?: boolean;
  /** For tests and embedders; default: the daemon of ctx.directorDir. */
  readonly connector?: DirectorConnector;
}

export type RoleAddress = Extract<RoleAddressReply, { Success: true }>;

export async function getRoleAddress(
  ctx: CommandContext,
  role: string,
  options: RoleAddressOptions = {},
): Promise<RoleAddress | null> {
  const request = {
    DirectorOp: 'RetrieveRole' as const,
    Role: role,
    ...(options.group !== undefined ? { Group: options.group } : {}),
  };
  const fail = (text: string): null => {
    if (options.silent !== true) ctx.err.write(`${text}\n`);
    return null;
  };
  let link;
  try {
    link = await (options.connector ?? defaultConnector)(ctx, { start: false });
  } catch (e) {
    return fail(`RoleAddress ERROR: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!link) return fail(`${JSON.stringify(request)} ERROR: no daemon is running for ${ctx.directorDir}`);
  try {
    const reply = (await link.ask(request, ASK_TIMEOUT_MS)) as RoleAddressReply;
    if (typeof reply === 'object' && reply !== null && reply.DirectorResponse === 'RoleAddress' && reply.Success)
      return reply;
    return fail(`RoleAddress ERROR: ${JSON.stringify(reply)}`);
  } catch (e) {
    return fail(`${JSON.stringify(request)} ERROR: ${e instanceof Error ? e.message : 'Timeout'}`);
  } finally {
    await link.close();
  }
}
