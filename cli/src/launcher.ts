/**
 * The `director` bin (dist/director.js): picks the bundle that holds the command and loads only
 * that one. Compiling one bundle with every area (~900 KB) cost about as much as starting Node
 * itself, so scripts/build.mjs bundles cli/src/director.ts once per area with the other areas
 * left out (dist/director-<area>.js), plus once with none (dist/director-base.js: general help,
 * config, unknown commands). Each bundle is whole on its own (dispatcher, errors, config), so no
 * object ever crosses from one bundle to another. Nothing is imported here but the code cache
 * (./code-cache.ts, which compiles that bundle from V8's cache of an earlier run): this file must
 * stay tiny, it is compiled on every run.
 */
import path from 'node:path';
import { runBundle } from './code-cache';

/** The command names of each area bundle; scripts/build.mjs and test/cli check them against cli/src/registry.ts. */
export const BUNDLE_OF: { readonly [command: string]: string } = {
  // gensrc's code (esbuild, globbing, zip) is most of the packager: the others load a bundle without it.
  gensrc: 'packager',
  tlsinfo: 'packager-lite',
  avail: 'packager-lite',
  keygen: 'packager-lite',
  start: 'daemon',
  shutdown: 'daemon',
  load: 'director',
  list: 'director',
  unload: 'director',
  refresh: 'director',
  bootstart: 'boot',
  convsecret: 'convention',
  convcert: 'convention',
  rollout: 'rollout',
};

/** The bundle for a command line (without the program name): `help CMD` goes to CMD's bundle. */
export function bundleFor(words: readonly string[]): string {
  const rest = words[0] === 'verbose' ? words.slice(1) : words;
  const name = rest[0] ?? 'help';
  const subject = name === 'help' && rest.length === 2 ? (rest[1] ?? '') : name;
  return Object.hasOwn(BUNDLE_OF, subject) ? (BUNDLE_OF[subject] ?? 'base') : 'base';
}

/** The command a line runs, as the code cache names its file: `help` for help and unknown words. */
export function commandFor(words: readonly string[]): string {
  const rest = words[0] === 'verbose' ? words.slice(1) : words;
  const name = rest[0] ?? 'help';
  return Object.hasOwn(BUNDLE_OF, name) || name === 'config' ? name : 'help';
}

/**
 * Bundles loaded without the code cache. `start --foreground` runs the daemon in this process, and
 * a loaded source may write files as the daemon's user: the daemon's main thread must never run
 * code from a file such a source could have written.
 */
const UNCACHED: ReadonlySet<string> = new Set(['daemon']);

if (require.main === module) {
  const words = process.argv.slice(2);
  const bundle = bundleFor(words);
  const file = path.join(__dirname, `director-${bundle}.js`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle runs its command on load
  if (UNCACHED.has(bundle)) require(file);
  else runBundle(file, commandFor(words), module);
}
