/**
 * How a command reaches the Director: a link to the daemon that can ask the Director actor.
 * The commands take a connector, so tests and the extension can hand in their own; the default
 * (./daemon-connector.ts) uses the daemon's admin client.
 */
import type { CommandContext } from '../../../cli/framework/command';
import type { DirectorOpName, DirectorRequest, SuccessReplyOf } from '../protocol/director-messages';
import { isSuccessReplyTo, REPLY_OF } from '../protocol/director-messages';
import { isPlainObject } from '../protocol/plain-object';
import { DirectorOpError, isDirectorOpErrorCode } from './director-error';

export interface DirectorLink {
  /** Send `request` to the Director and resolve with its reply (whatever it is); rejects on timeout or a closed link. */
  ask(request: DirectorRequest, timeoutMs: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Start a daemon when none runs (load, refresh); otherwise resolve null. */
  readonly start: boolean;
}

export type DirectorConnector = (ctx: CommandContext, options: ConnectOptions) => Promise<DirectorLink | null>;

/** Default deadline of a quick Director ask (the original's 5 s). */
export const ASK_TIMEOUT_MS = 5_000;
/** A load waits for validation and the OnLoad actors: generous, for big packages on slow disks. */
export const LOAD_TIMEOUT_MS = 120_000;

/**
 * Ask and check the reply is the one `request` expects. A failed reply (Success false) becomes a
 * DirectorOpError with its code; an unexpected reply or a timeout too. The reply's type follows
 * from the request's op (`SuccessReplyOf<'LoadSource'>` for a LoadSource), through the check.
 */
export async function askDirector<Op extends DirectorOpName>(
  link: DirectorLink,
  request: DirectorRequest & { readonly DirectorOp: Op },
  timeoutMs = ASK_TIMEOUT_MS,
): Promise<SuccessReplyOf<Op>> {
  let reply: unknown;
  try {
    reply = await link.ask(request, timeoutMs);
  } catch (e) {
    const code = isPlainObject(e) ? e['code'] : undefined;
    if (code === 'TRANSPORT_TIMEOUT' || code === 'ASK_TIMEOUT') {
      throw new DirectorOpError(
        'DIRECTOR_TIMEOUT',
        `the Director did not answer ${request.DirectorOp} within ${Math.round(timeoutMs / 1000)} s; "director list" shows its state, the daemon log may say why`,
      );
    }
    throw e;
  }
  return checkedReply(reply, request.DirectorOp);
}

/** `reply` as the reply `op` expects; a failed reply becomes a DirectorOpError with its code, an unexpected one too. */
export function checkedReply<Op extends DirectorOpName>(reply: unknown, op: Op): SuccessReplyOf<Op> {
  if (typeof reply !== 'object' || reply === null) {
    throw new DirectorOpError('DIRECTOR_BAD_REQUEST', `unexpected reply to ${op}: ${JSON.stringify(reply)}`);
  }
  if ('Success' in reply && reply.Success === false) {
    const code =
      'code' in reply && typeof reply.code === 'string' && isDirectorOpErrorCode(reply.code)
        ? reply.code
        : 'DIRECTOR_BAD_REQUEST';
    const name = 'DirectorResponse' in reply ? reply.DirectorResponse : undefined;
    const message =
      'message' in reply && typeof reply.message === 'string'
        ? reply.message
        : `${String(name)} ERROR: ${JSON.stringify(reply)}`;
    throw new DirectorOpError(code, message, { data: { reply } });
  }
  if (!isSuccessReplyTo(reply, op)) {
    throw new DirectorOpError(
      'DIRECTOR_BAD_REQUEST',
      `expected a ${REPLY_OF[op]} reply to ${op}, got: ${JSON.stringify(reply).slice(0, 300)}`,
    );
  }
  return reply;
}
