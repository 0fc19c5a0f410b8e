/**
 * The heavy half of the extension, bundled apart as dist/extension-host.js and loaded on first
 * use (host-loader.ts): every `director` command's code (through DirectorControl), the config
 * reader and the language client. Kept out of dist/extension.js so that activation only has to
 * compile the small shell.
 */
export { DirectorControl } from '../../../cli/src/director-control';
export { allCommands } from '../../../cli/src/registry';
export { readConfig } from '../../../runtime/src/config/read-config';
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The language client is evaluated only when the first .tli opens (esbuild keeps a dynamically imported module lazy). */
export async function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<LanguageClient> {
  const m = await import('./language-client.js');
  return m.createLanguageClient(context, log);
}
export { connectDaemon } from '../../../runtime/src/client/connect-daemon';
export { privatePaths } from '../../../runtime/src/daemon/private-paths';
export { describeKeys } from '../keys/keys-info';
export { createLoop } from '../loop';
