/**
 * The Director area's errors: one class, a closed set of codes (docs/errors/director.md), each
 * with its CLI exit code. The same codes travel in failed Director replies (`code`, `message`).
 */
import { DirectorError } from '../protocol/errors';

/**
 * Every code of this area, in one runtime list; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const DIRECTOR_ERROR_CODES = [
  /** A message that is not a Director request, or lacks a field. */
  'DIRECTOR_BAD_REQUEST',
  /** A DirectorOp outside the closed list. */
  'DIRECTOR_UNKNOWN_OP',
  'DIRECTOR_BAD_GROUP_NAME',
  /** No GROUP.tli for the group named (or LoadSource for an undefined group). */
  'DIRECTOR_UNKNOWN_GROUP',
  /** The TLI has syntax or schema errors (each printed as file:line:column). */
  'DIRECTOR_TLI_INVALID',
  /** A group with a .tli but no package file. */
  'DIRECTOR_NO_PACKAGE',
  /** The package file named does not exist or cannot be read. */
  'DIRECTOR_PACKAGE_NOT_FOUND',
  /** The package's signed statement names another group than the one it is loaded into. */
  'DIRECTOR_GROUP_MISMATCH',
  'DIRECTOR_HASH_IN_OTHER_GROUP',
  'DIRECTOR_UNKNOWN_HASH',
  /** The Source Authority refused the package (tampered, unknown key...); `data.authorityCode` says why. */
  'DIRECTOR_SOURCE_REJECTED',
  /** The source loaded, but some OnLoad actors did not start. */
  'DIRECTOR_ACTOR_START_FAILED',
  'DIRECTOR_UNLOADED_WHILE_LOADING',
  /** The source is being loaded or unloaded; try again when that is done. */
  'DIRECTOR_BUSY',
  'DIRECTOR_UNKNOWN_ROLE',
  'DIRECTOR_ROLE_NOT_RUNNING',
  /** No daemon runs for the director dir (commands that do not start one), or it cannot be reached. */
  'DIRECTOR_NO_DAEMON',
  /** No answer from the Director within the deadline. */
  'DIRECTOR_TIMEOUT',
  /** The record of loaded sources in the daemon's private folder cannot be read. */
  'DIRECTOR_RECORD_DAMAGED',
  /** A recorded source's file changed or vanished since it was loaded: it cannot be restored. */
  'DIRECTOR_RESTORE_MISMATCH',
  /** A bug: an unexpected failure inside the Director (the message says what). */
  'DIRECTOR_INTERNAL',
  /** The record or the daemon's copy of the source could not be written (disk full...): the change was rolled back. */
  'DIRECTOR_NOT_DURABLE',
] as const;

export type DirectorOpErrorCode = (typeof DIRECTOR_ERROR_CODES)[number];

/** CLI exit codes (20–27 are this area's; see docs/errors/director.md). */
export const DIRECTOR_EXIT_CODES: { readonly [C in DirectorOpErrorCode]: number } = {
  DIRECTOR_BAD_REQUEST: 1,
  DIRECTOR_UNKNOWN_OP: 1,
  DIRECTOR_BAD_GROUP_NAME: 2,
  DIRECTOR_UNKNOWN_GROUP: 20,
  DIRECTOR_TLI_INVALID: 21,
  DIRECTOR_NO_PACKAGE: 22,
  DIRECTOR_PACKAGE_NOT_FOUND: 22,
  DIRECTOR_GROUP_MISMATCH: 22,
  DIRECTOR_HASH_IN_OTHER_GROUP: 22,
  DIRECTOR_UNKNOWN_HASH: 23,
  DIRECTOR_SOURCE_REJECTED: 24,
  DIRECTOR_ACTOR_START_FAILED: 25,
  DIRECTOR_UNLOADED_WHILE_LOADING: 25,
  DIRECTOR_BUSY: 26,
  DIRECTOR_UNKNOWN_ROLE: 1,
  DIRECTOR_ROLE_NOT_RUNNING: 1,
  DIRECTOR_TIMEOUT: 26,
  DIRECTOR_NO_DAEMON: 26,
  DIRECTOR_RECORD_DAMAGED: 1,
  DIRECTOR_RESTORE_MISMATCH: 1,
  DIRECTOR_INTERNAL: 1,
  DIRECTOR_NOT_DURABLE: 27,
};

export class DirectorOpError extends DirectorError<DirectorOpErrorCode> {
  constructor(
    code: DirectorOpErrorCode,
    message: string,
    options: { data?: unknown; exitCode?: number; cause?: unknown } = {},
  ) {
    super(code, message, { exitCode: DIRECTOR_EXIT_CODES[code], ...options });
  }
}

export function isDirectorOpErrorCode(code: string): code is DirectorOpErrorCode {
  return Object.prototype.hasOwnProperty.call(DIRECTOR_EXIT_CODES, code);
}
