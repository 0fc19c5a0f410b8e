import { DirectorError } from '../protocol/errors';

/**
 * Codes of the daemon: its lifecycle (start, shutdown, private folder, pid, port) and its admin
 * server's answers on the wire. Documented in docs/errors/daemon.md; tests pin them.
 * Every code is in the runtime list below; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const DAEMON_ERROR_CODES = [
  // Lifecycle
  /** A daemon already runs for this director dir (its pid file names a live process). */
  'DAEMON_ALREADY_RUNNING',
  /** The admin port is taken by another program (or another director dir's daemon). */
  'DAEMON_PORT_IN_USE',
  /** Something answers on the admin port, but not a daemon of this director dir (the token is refused). */
  'DAEMON_PORT_FOREIGN',
  /** No daemon answers on the configured admin address. */
  'DAEMON_NOT_RUNNING',
  /** The spawned daemon exited before it answered. */
  'DAEMON_START_FAILED',
  /** The spawned daemon did not answer within the start deadline. */
  'DAEMON_START_TIMEOUT',
  /** The daemon was asked to stop but its process did not end in time. */
  'DAEMON_STOP_TIMEOUT',
  /** The private folder cannot be created, secured or written. */
  'DAEMON_PRIVATE_DIR',
  /** The admin token cannot be read (no daemon ever started here, or no permission). */
  'DAEMON_TOKEN_UNREADABLE',
  /** A daemon runs on the admin port but refuses connections now (too many open: an attack, or too many clients). */
  'DAEMON_REFUSING',
  /** `director start --inspect=PORT` with a PORT that is not 0 to 65535. */
  'DAEMON_BAD_INSPECT_PORT',
  // Admin server answers
  /** A frame is not valid protocol (not JSON, not an object, unknown key, bad id or deadline). */
  'ADMIN_BAD_FRAME',
  /** No such method. */
  'ADMIN_UNKNOWN_METHOD',
  /** A request's params are not what its method expects; the message names the field. */
  'ADMIN_BAD_PARAMS',
  /** source/load with `file`: the client is not on the daemon's machine, or the file is not a package of the director dir. */
  'ADMIN_SOURCE_FILE_REFUSED',
  /** The first frame was not a hello, or the token is wrong. */
  'ADMIN_UNAUTHORIZED',
  /** The hello asks for a protocol version this daemon does not speak. */
  'ADMIN_BAD_VERSION',
  /** The daemon is shutting down and takes no new requests. */
  'ADMIN_SHUTTING_DOWN',
  /** Refused at connect: the caps on connections in total or not yet past their hello are reached. */
  'ADMIN_TOO_MANY_CONNECTIONS',
  /** More bytes arrived before the hello than a hello can take; the connection was dropped. */
  'ADMIN_PRE_HELLO_TOO_LARGE',
  /** The actor did not reply to an `ask` within its timeout. */
  'ASK_TIMEOUT',
] as const;

export type DaemonErrorCode = (typeof DAEMON_ERROR_CODES)[number];

export class DaemonError extends DirectorError<DaemonErrorCode> {}
