import { BootError } from './boot-error';

/**
 * Characters a path may hold to be written, unquoted, into a systemd unit, a tmpfiles.d line and
 * an upstart job: no blanks, quotes, backslashes, `$` or `%` (systemd specifiers and variable
 * expansion would change their meaning), no `;` or `#`.
 */
const SAFE_PATH = /^\/[A-Za-z0-9._+\-/@:,=~]*$/;

/** Refuse a path that the generated files could not state exactly. */
export function assertSafePosixPath(what: string, p: string): void {
  if (SAFE_PATH.test(p)) return;
  const bad = [...p].find((ch) => !/[A-Za-z0-9._+\-/@:,=~]/.test(ch));
  const problem = !p.startsWith('/')
    ? 'it is not absolute'
    : `it contains ${bad === undefined ? 'an unsupported character' : JSON.stringify(bad)}`;
  throw new BootError(
    'BOOT_UNSAFE_PATH',
    `${what} "${p}" cannot be written into the service configuration: ${problem}. ` +
      'Use a path of letters, digits and . _ + - / @ : , = ~ only (for example move or symlink the folder).',
    { data: { what, path: p } },
  );
}

/** Service names: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export function assertSafeServiceName(name: string): void {
  if (SAFE_NAME.test(name)) return;
  throw new BootError(
    'BOOT_BAD_NAME',
    `service name "${name}" is not allowed: use 1 to 100 letters, digits, ".", "_" or "-", starting with a letter, digit or "_"`,
    { exitCode: 2, data: { name } },
  );
}

/** systemd and upstart names: dots do not fit, so they become dashes (the original's rule). */
export function dashedName(name: string): string {
  return name.replace(/\./g, '-');
}

/** True when the path lies in a home folder the service account cannot (or may not) read. */
export function isUnderHome(p: string): boolean {
  return /^\/(home|root|run\/user)(\/|$)/.test(p) || /^[A-Za-z]:[\\/]Users[\\/]/i.test(p);
}
