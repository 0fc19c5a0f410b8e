/**
 * What the end-to-end test needs, and a plain sentence about what is missing and how to get it
 * when something is. The heavy parts (code-server, playwright-core) live in .e2e-cache/,
 * installed by scripts/e2e-setup.sh, never in package.json.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../../..');
export const CACHE = path.join(REPO, '.e2e-cache');
export const CODE_SERVER = path.join(CACHE, 'node_modules', '.bin', 'code-server');
export const PLAYWRIGHT = path.join(CACHE, 'node_modules', 'playwright-core');
export const CHROMIUM = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';
export const BUNDLES = [
  'dist/extension.js',
  'dist/extension-host.js',
  'dist/daemon.js',
  'dist/source-worker.js',
  'dist/tli-language-server.js',
];

/** Undefined when everything is there; otherwise why the e2e test cannot run and what to do. */
export function missingPrerequisites(): string | undefined {
  const missing: string[] = [];
  if (!existsSync(path.join(CACHE, '.complete')) || !existsSync(CODE_SERVER))
    missing.push('code-server 4.100.3 in .e2e-cache/');
  if (!existsSync(path.join(PLAYWRIGHT, 'package.json'))) missing.push('playwright-core in .e2e-cache/');
  if (!existsSync(CHROMIUM)) missing.push(`chromium at ${CHROMIUM}`);
  if (missing.length > 0) {
    return `missing ${missing.join(', ')}: run "bash scripts/e2e-setup.sh" (as root, it also apt-installs chromium and the build headers; ~1-2 min)`;
  }
  const bundles = BUNDLES.filter((b) => !existsSync(path.join(REPO, b)));
  if (bundles.length > 0) return `missing ${bundles.join(', ')}: run "npm run build" first`;
  return undefined;
}
