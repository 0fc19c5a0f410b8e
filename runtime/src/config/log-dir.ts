import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The system-wide log folder used when it exists and this user may write there. */
export const SYSTEM_LOG_DIR = '/var/log/thespian';

function writableDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The log dir when thesplogd.cfg is absent: /var/log/thespian if it is a writable folder (an
 * operator made it), else `<director dir>/log`, created when the first log line is written. The
 * original's fall-back to the current folder is gone: a daemon's logs should not depend on where
 * it was started from.
 */
export function defaultLogDir(directorDir: string, isWritableDir: (dir: string) => boolean = writableDir): string {
  if (process.platform !== 'win32' && isWritableDir(SYSTEM_LOG_DIR)) return SYSTEM_LOG_DIR;
  return path.join(directorDir, 'log');
}
