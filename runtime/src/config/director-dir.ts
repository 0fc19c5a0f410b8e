import path from 'node:path';

/** Default director dir when THESPIAN_DIRECTOR_DIR is unset (the guide's defaults). */
export function defaultDirectorDir(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'C:/thespian/director' : '/opt/thespian/director';
}

/**
 * The director dir in force: THESPIAN_DIRECTOR_DIR (resolved against `cwd`, trailing slashes
 * dropped) or the platform default. Every command reads it afresh.
 */
export function resolveDirectorDir(
  env: { readonly [name: string]: string | undefined },
  cwd: string = process.cwd(),
  platform: NodeJS.Platform = process.platform,
): string {
  const fromEnv = env['THESPIAN_DIRECTOR_DIR'];
  if (fromEnv === undefined || fromEnv.trim() === '') return defaultDirectorDir(platform);
  const resolved = path.resolve(cwd, fromEnv.trim());
  return resolved.length > 1 ? resolved.replace(/[\\/]+$/, '') : resolved;
}
