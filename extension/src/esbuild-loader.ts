/**
 * Stands in for the `esbuild` module inside dist/extension.js (the extension's bundle aliases
 * `esbuild` to this file). gensrc transpiles with esbuild, a native binary that cannot be
 * bundled and is not shipped in the .vsix; a top-level `require('esbuild')` would make the
 * whole extension fail to activate where it is missing. So it is looked up only when gensrc
 * runs: next to the extension, then in each workspace folder's node_modules (a TypeScript
 * project that builds actors usually has it), with a clear error when neither has it.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import { ExtensionError } from './model/extension-error';

let loaded: typeof Esbuild | undefined;

function workspaceFolders(): string[] {
  try {
    // Loaded lazily so this module stays usable outside the extension host (tests, bench).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vscode = require('vscode') as typeof import('vscode');
    return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  } catch {
    return [];
  }
}

/** Where esbuild is looked for, in order. */
export function esbuildSearchRoots(): string[] {
  return [__dirname, ...workspaceFolders(), process.cwd()];
}

export function loadEsbuild(): typeof Esbuild {
  if (loaded !== undefined) return loaded;
  const tried: string[] = [];
  for (const root of esbuildSearchRoots()) {
    try {
      loaded = createRequire(path.join(root, 'package.json'))('esbuild') as typeof Esbuild;
      return loaded;
    } catch {
      tried.push(root);
    }
  }
  throw new ExtensionError(
    'EXTENSION_ESBUILD_MISSING',
    `gensrc needs esbuild to transpile TypeScript and found none (looked from ${tried.join(', ')}). ` +
      'Install it in the workspace: npm install --save-dev esbuild',
  );
}

export const transform: typeof Esbuild.transform = (input, options) => loadEsbuild().transform(input, options);
export const transformSync: typeof Esbuild.transformSync = (input, options) =>
  loadEsbuild().transformSync(input, options);
export const build: typeof Esbuild.build = (options: Esbuild.BuildOptions) => loadEsbuild().build(options);
