/**
 * The heavy half of the extension, bundled apart as dist/extension-host.js and loaded on first
 * use (host-loader.ts): the package's public API (DirectorControl for the command whose output
 * is shown to the user as it is, the typed toolchain functions, the config reader, the admin client) and
 * the language client. Kept out of dist/extension.js so that activation only has to compile the
 * small shell. The extension is a client of the package: it imports the public entry only
 * (test/cli/layering.test.ts holds the rule).
 */
export {
  DirectorControl,
  readConfig,
  DEFAULT_ADMIN_HOST,
  DEFAULT_ADMIN_PORT,
  connectDaemon,
  avail,
  list,
  describeKeys,
  gensrc,
  load,
  unload,
  refresh,
  start,
  shutdown,
  keygen,
  rollout,
  convsecret,
  convcert,
  tlsinfo,
  config,
  configText,
  problemsOf,
} from '../../../cli/src/index';
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The language client is evaluated only when the first .tli opens (esbuild keeps a dynamically imported module lazy). */
export async function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  const m = await import('./language-client.js');
  return m.createLanguageClient(context, log);
}
export { createLoop } from '../loop';
