/**
 * The facts of this host and director dir that the generators need: checked here, once, so that
 * the generators stay pure.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/read-config';
import { privatePaths } from '../daemon/private-paths';
import { findThespianPackage } from '../daemon/version';
import { SYSTEM_LOG_DIR } from '../config/log-dir';
import { BootError, DIR_MISSING_EXIT_CODE } from './boot-error';
import type { BootManager } from './plan';

/** The daemon's private folder inside the director dir (token, pid file, loaded-source record). */
export function privateFolder(directorDir: string): string {
  return privatePaths(directorDir).dir;
}

/** Stop with the original's message and exit 5 when the director dir is missing. */
export function requireDirectorDir(directorDir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(directorDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new BootError(
      'BOOT_DIR_MISSING',
      `THESPIAN_DIRECTOR_DIR "${directorDir}" does not exist; cannot create boot start configuration`,
      {
        exitCode: DIR_MISSING_EXIT_CODE,
        data: { directorDir },
      },
    );
  }
}

/**
 * The log dir the service writes to: thesplogd.cfg when the director dir has one (validated by
 * the config reader), else the system folder /var/log/thespian, which the boot configuration
 * creates for the service user (the daemon picks it because it is then a writable folder), or
 * DIR\log on Windows (the daemon's default there).
 */
export async function serviceLogDir(directorDir: string, manager: BootManager): Promise<string> {
  const config = await loadConfig(directorDir);
  if (existsSync(path.join(directorDir, 'thesplogd.cfg'))) return config.logDir;
  return manager === 'windows' ? path.win32.join(directorDir, 'log') : SYSTEM_LOG_DIR;
}

/**
 * dist/director.js of the installed package, found from this module's own folder: the bundle
 * lives in dist/, the compiled tree in out/runtime/src/boot/; both sit below the package root.
 */
export function findDirectorScript(from: string = __dirname): string {
  const dir = findThespianPackage(from)?.dir;
  if (dir !== undefined) {
    const script = path.join(dir, 'dist', 'director.js');
    if (existsSync(script)) return realpathSync(script);
    throw new BootError(
      'BOOT_PROGRAM_MISSING',
      `${script} does not exist: the service would have nothing to run. Build the package first (npm run build)`,
      {
        data: { path: script },
      },
    );
  }
  throw new BootError(
    'BOOT_PROGRAM_MISSING',
    `cannot find the thespian-director package (with dist/director.js) above ${from}: reinstall the package`,
    {
      data: { from },
    },
  );
}

/** The node binary running now, links resolved: the service runs the same one. */
export function currentNode(): string {
  return realpathSync(process.execPath);
}
