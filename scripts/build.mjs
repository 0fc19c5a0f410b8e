// Bundles one file per process or thread (each starts fast and loads no code it does not run). Type-checking is `tsc -b`'s job;
// this only bundles, so a build is `tsc -b && node scripts/build.mjs`.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The CLI's area modules as cli/src/registry.ts requires them. The bin (cli/src/launcher.ts) loads
 * one bundle per run: cli/src/director.ts bundled with a single area (the others stubbed), or
 * with none (director-base: general help, config, unknown commands).
 */
const CLI_AREAS = {
  packager: '../../packager/src/commands',
  daemon: '../../runtime/src/daemon/commands',
  director: '../../runtime/src/director/commands',
  boot: '../../runtime/src/boot/commands',
  convention: '../../packager/src/convention/commands',
  rollout: '../../runtime/src/rollout/commands',
};

/** Resolves every area module but `keep` to a stub that fails loudly if a routing mistake loads it. */
function onlyArea(keep) {
  const stubbed = new Set(
    Object.entries(CLI_AREAS)
      .filter(([a]) => a !== keep)
      .map(([, m]) => m),
  );
  return {
    name: `only-area-${keep ?? 'none'}`,
    setup(b) {
      b.onResolve({ filter: /\/commands$/ }, (args) =>
        stubbed.has(args.path) && args.importer.endsWith(path.join('cli', 'src', 'registry.ts'))
          ? { path: args.path, namespace: 'area-stub' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'area-stub' }, (args) => ({
        contents: `module.exports = new Proxy({}, { get() { throw new Error('director: ${'${'}JSON.stringify(args.path)${'}'} is not in this bundle; fix BUNDLE_OF in cli/src/launcher.ts'); } });`,
        loader: 'js',
      }));
    },
  };
}

/**
 * For the packager bundle without gensrc (tlsinfo, avail, keygen: director-packager-lite.js):
 * gensrc's command module (esbuild, fast-glob, yazl: most of the packager's code) is replaced by
 * a spec that carries only its name, which is all the area list is searched by.
 */
const withoutGensrc = {
  name: 'without-gensrc',
  setup(b) {
    b.onResolve({ filter: /^\.\/gensrc\/command$/ }, (args) =>
      args.importer.endsWith(path.join('packager', 'src', 'commands.ts'))
        ? { path: 'gensrc-command', namespace: 'gensrc-stub' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'gensrc-stub' }, () => ({
      contents: `const no = () => { throw new Error('director: gensrc is not in this bundle; fix BUNDLE_OF in cli/src/launcher.ts'); };
        exports.gensrcCommand = { name: 'gensrc', get usage() { return no(); }, get summary() { return no(); }, get description() { return no(); }, run: no };`,
      loader: 'js',
    }));
  },
};

/** Every entry: one process or thread each. */
export const entries = [
  { in: 'cli/src/launcher.ts', out: 'director', bin: true },
  { in: 'cli/src/director.ts', out: 'director-base', plugins: [onlyArea(undefined)] },
  ...Object.keys(CLI_AREAS).map((a) => ({ in: 'cli/src/director.ts', out: `director-${a}`, plugins: [onlyArea(a)] })),
  { in: 'cli/src/director.ts', out: 'director-packager-lite', plugins: [onlyArea('packager'), withoutGensrc] },
  { in: 'cli/src/index.ts', out: 'index' },
  // V8 keeps a running script's whole source text: the daemon's bundle without its whitespace and
  // comments is ~300 KB smaller in every idle daemon (its stacks are mapped back to the TypeScript
  // files by runtime/src/daemon/bundle-stacks.ts). The worker bundle is left as it is: ~25 KB per
  // source, not measurable in a source's RSS, and a worker would have to map its own stacks.
  { in: 'runtime/src/daemon/main.ts', out: 'daemon', minifyWhitespace: true },
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
      plugins: e.plugins ?? [],
      minifyWhitespace: e.minifyWhitespace === true,
    }),
  ),
);
await Promise.all(entries.filter((e) => e.bin).map((e) => chmod(path.join(root, 'dist', `${e.out}.js`), 0o755)));
