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
  // The VS Code extension: a small shell that activates fast, and the host part loaded on first use.
  // The .vsix ships no node_modules, so the host bundles node-forge, and finds esbuild (a native
  // binary, needed only by gensrc) through its loader at run time.
  { in: 'extension/src/extension.ts', out: 'extension' },
  {
    in: 'extension/src/host/index.ts',
    out: 'extension-host',
    alias: { esbuild: path.join(root, 'extension/src/esbuild-loader.ts') },
    external: ['vscode'],
  },
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
      // esbuild is a native binary used by gensrc at run time; it cannot be bundled. node-forge
      // (convcert's certificates, ~590 KB) is required from node_modules when convcert runs, so
      // that no other command pays to load and compile it.
      external: e.external ?? ['esbuild', 'vscode', 'node-forge'],
      // yazl's CRC-32 in JavaScript costs ~10 ms per MiB; the shim uses zlib.crc32 (same results).
      alias: { 'buffer-crc32': path.join(root, 'cli/src/bundle-shims/buffer-crc32.ts'), ...e.alias },
      banner: e.bin ? { js: '#!/usr/bin/env node' } : undefined,
    }),
  ),
);
await Promise.all(entries.filter((e) => e.bin).map((e) => chmod(path.join(root, 'dist', `${e.out}.js`), 0o755)));
