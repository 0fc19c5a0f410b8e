/** Per-item helpers: reveal the .tls / open the .tli, copy hash or address, show the output, the views. */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../constants';
import { showFailure } from '../failure';
import { copyText } from '../model/command-args';
import { tliToOpen } from '../tli-files';
import { nodeData } from './node-arg';
import type { Services } from './services';

export function registerItemCommands(s: Services): vscode.Disposable[] {
  const copy = (what: 'hash' | 'address') => async (arg?: unknown) => {
    const data = nodeData(arg);
    const text = data === undefined ? undefined : copyText(data, what);
    if (text === undefined) {
      void showFailure(s.log, `There is no ${what} to copy on this item.`);
      return;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  };
  return [
    vscode.commands.registerCommand(COMMANDS.copyHash, copy('hash')),
    vscode.commands.registerCommand(COMMANDS.copyAddress, copy('address')),
    vscode.commands.registerCommand(COMMANDS.revealPackage, async (arg?: unknown) => {
      const data = nodeData(arg);
      const file = data?.kind === 'package' ? data.path : data?.kind === 'source' ? data.path : null;
      if (file === null || file === undefined) return;
      await revealFile(file);
    }),
    vscode.commands.registerCommand(COMMANDS.openTli, async (arg?: unknown) => {
      const data = nodeData(arg);
      const group = data !== undefined && 'group' in data ? data.group : undefined;
      const directorTli = data?.kind === 'availGroup' || data?.kind === 'package' ? data.tliPath : null;
      const tli = group === undefined ? undefined : await tliToOpen(group, directorTli, s.settings().directorDir);
      if (tli === undefined) {
        void showFailure(s.log, `There is no ${group ?? 'GROUP'}.tli in the workspace or the director dir.`);
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.file(tli));
    }),
    vscode.commands.registerCommand(COMMANDS.reloadViews, () => s.state.refreshAll()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => s.log.show(true)),
    vscode.commands.registerCommand(COMMANDS.showLoadedView, () =>
      vscode.commands.executeCommand(`${VIEWS.loaded}.focus`),
    ),
  ];
}

/**
 * The OS file manager where there is one (desktop VS Code); in a browser (code-server, vscode.dev)
 * `revealFileInOS` does not exist, so the Explorer shows it when it is in the workspace, and
 * otherwise a message gives the path with Copy Path.
 */
async function revealFile(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('revealFileInOS') && vscode.env.uiKind === vscode.UIKind.Desktop) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
    return;
  }
  if (vscode.workspace.getWorkspaceFolder(uri) !== undefined) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
    return;
  }
  const picked = await vscode.window.showInformationMessage(
    `The package file is ${file} (outside the workspace, so the Explorer cannot show it).`,
    'Copy Path',
  );
  if (picked === 'Copy Path') await vscode.env.clipboard.writeText(file);
}
