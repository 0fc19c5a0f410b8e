import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The installed thespian-director package: its root folder and its package.json's version. */
export interface ThespianPackage {
  readonly dir: string;
  readonly version: string | undefined;
}

/**
 * The nearest folder at or above `from` whose package.json is named thespian-director, or
 * undefined. The one walk up for the package: the daemon's version and bootstart's
 * dist/director.js both start from it.
 */
export function findThespianPackage(from: string): ThespianPackage | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'thespian-director')
        return { dir, version: typeof pkg.version === 'string' ? pkg.version : undefined };
    } catch {
      // not here; look further up
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

let cached: string | undefined;

/** The package's version, from the nearest package.json named thespian-director above this file. */
export function packageVersion(): string {
  return (cached ??= findThespianPackage(__dirname)?.version ?? '0.0.0');
}
