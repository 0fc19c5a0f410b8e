import { DirectorError } from '../protocol/errors';

/** Codes of boot start's errors; each is documented in docs/errors/boot.md and pinned by tests.
 * Every code is in the runtime list below; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const BOOT_ERROR_CODES = [
  /** THESPIAN_DIRECTOR_DIR does not exist: the original's message and exit 5. */
  'BOOT_DIR_MISSING',
  /** THESPIAN_BOOT_MANAGER names no manager this command knows. Exit 2. */
  'BOOT_UNKNOWN_MANAGER',
  /** No systemd, upstart or Windows found on this host. Exit 2, as the original's unknown OS. */
  'BOOT_NO_MANAGER',
  /** The service NAME has characters a service manager does not accept. Exit 2. */
  'BOOT_BAD_NAME',
  /** A path would need quoting the unit or job file cannot express safely. Exit 1. */
  'BOOT_UNSAFE_PATH',
  /** dist/director.js (the program the service runs) was not found. Exit 1. */
  'BOOT_PROGRAM_MISSING',
  /** A configuration file could not be written. Exit 1. */
  'BOOT_WRITE_FAILED',
  /** A service-manager command failed; the exit code is that command's own. */
  'BOOT_COMMAND_FAILED',
  /** Windows: a service of that name exists already. Exit 1. */
  'BOOT_SERVICE_EXISTS',
  /** notifyReady: systemd-notify could not tell the service manager that the daemon is ready. */
  'BOOT_NOTIFY_FAILED',
] as const;

export type BootErrorCode = (typeof BOOT_ERROR_CODES)[number];

export class BootError extends DirectorError<BootErrorCode> {}

/** The original's exit code for a missing director dir. */
export const DIR_MISSING_EXIT_CODE = 5;
/** The original's exit code when the host's service manager is unknown. */
export const NO_MANAGER_EXIT_CODE = 2;
