import { DirectorError, type WireError } from '../protocol/errors';

/**
 * Codes of the transport (a WebSocket link: admin client ↔ daemon, later daemon ↔ daemon).
 * Documented in docs/errors/transport.md; tests pin them.
 * Every code is in the runtime list below; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const TRANSPORT_ERROR_CODES = [
  /** Nothing answers at the address (connection refused, unreachable, handshake failed). */
  'TRANSPORT_CONNECT_FAILED',
  /** The link closed (or was closed) while the request was pending, or before it was sent. */
  'TRANSPORT_CLOSED',
  /** No response within the request's deadline. */
  'TRANSPORT_TIMEOUT',
  /** An outgoing frame is larger than the link's maxPayload; it was not sent. */
  'TRANSPORT_FRAME_TOO_LARGE',
  /** The peer closed the link because a frame of ours exceeded its maxPayload (close code 1009). */
  'TRANSPORT_PEER_REFUSED_SIZE',
  /** The peer refused our hello: no or wrong token, or a protocol version it does not speak. */
  'TRANSPORT_UNAUTHORIZED',
  /** The peer did not answer heartbeats for two periods and was terminated. */
  'TRANSPORT_HEARTBEAT_LOST',
  /** The peer sent a frame that is not valid protocol. */
  'TRANSPORT_BAD_FRAME',
  /** A message for an actor is not plain JSON data (a class instance, a function, bytes, undefined...). */
  'TRANSPORT_NOT_PLAIN_DATA',
] as const;

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

export class TransportError extends DirectorError<TransportErrorCode> {}

/**
 * An error the peer answered with. Its code is the peer's (an admin, authority, director ... code),
 * carried unchanged so callers can `assert.equal(err.code, 'AUTHORITY_...')`.
 */
export class RemoteError extends DirectorError<string> {
  static fromWire(e: WireError): RemoteError {
    const x = (e as WireError & { exitCode?: unknown }).exitCode;
    const exitCode = typeof x === 'number' ? x : undefined;
    return new RemoteError(e.code, e.message, exitCode === undefined ? { data: e.data } : { data: e.data, exitCode });
  }
}

/**
 * The code a link answers with for an error that has none of its own (a bug on the answering
 * side). Documented in docs/errors/README.md.
 */
export const UNCODED_ERROR_CODE = 'INTERNAL';

/** The wire form of any thrown value: DirectorErrors keep their code; anything else is INTERNAL. */
export function toWireError(e: unknown): WireError {
  if (e instanceof DirectorError) {
    const w = e.toWire();
    // The exit code travels too, so a CLI on the other end exits as the thrower meant.
    return e.exitCode !== 1 ? ({ ...w, exitCode: e.exitCode } as WireError) : w;
  }
  if (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  ) {
    const x = e as { code: string; message: string; data?: unknown };
    return x.data === undefined
      ? { code: x.code, message: x.message }
      : { code: x.code, message: x.message, data: x.data };
  }
  return { code: UNCODED_ERROR_CODE, message: e instanceof Error ? e.message : String(e) };
}
