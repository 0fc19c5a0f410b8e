import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The package's version, from the nearest package.json named thespian-director above this file. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'thespian-director' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not here; look further up
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cached = '0.0.0');
}
