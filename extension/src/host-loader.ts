/**
 * Loads dist/extension-host.js (the commands, the config reader, the language client) the first
 * time something needs it. The path is computed so that esbuild leaves it alone: the shell
 * bundle must not contain the host's code.
 */
import * as path from 'node:path';

export type Host = typeof import('./host/index');

let host: Host | undefined;

export const HOST_BUNDLE = 'extension-host.js';

export function loadHost(): Host {
  if (host === undefined) {
    const file = path.join(__dirname, HOST_BUNDLE);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    host = require(file) as Host;
  }
  return host;
}
