// Bundles one file per process or thread (STYLE.md §9). Type-checking is `tsc -b`'s job;
// this only bundles, so a build is `tsc -b && node scripts/build.mjs`.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every entry: one process or thread each. */
export const entries = [
  { in: 'cli/src/director.ts', out: 'director', bin: true },
  { in: 'cli/src/index.ts', out: 'index' },
  { in: 'runtime/src/daemon/main.ts', out: 'daemon' },
  { in: 'runtime/src/source-host/worker-main.ts', out: 'source-worker' },
  { in: 'language/src/server/main.ts', out: 'tli-language-server', bin: true },
];

const missing = entries.filter((e) => !existsSync(path.join(root, e.in)));
if (missing.length > 0) {
  console.error(`build: entry file missing: ${missing.map((e) => e.in).join(', ')}`);
  process.exit(1);
}

await Promise.all(
  entries.map((e) =>
    build({
      entryPoints: [path.join(root, e.in)],
      outfile: path.join(root, 'dist', `${e.out}.js`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'warning',
      // esbuild is a native binary used by gensrc at run time; it cannot be bundled.
      external: ['esbuild', 'vscode'],
      banner: e.bin ? { js: '#!/usr/bin/env node' } : undefined,
    }),
  ),
);
await Promise.all(entries.filter((e) => e.bin).map((e) => chmod(path.join(root, 'dist', `${e.out}.js`), 0o755)));
