/** Per-item helpers: reveal the .tls / open the .tli, copy hash or address, show the output, the views. */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../constants';
import { showFailure } from '../failure';
import { copyText } from '../model/command-args';
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
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file));
    }),
    vscode.commands.registerCommand(COMMANDS.openTli, async (arg?: unknown) => {
      const data = nodeData(arg);
      const tli = data?.kind === 'availGroup' || data?.kind === 'package' ? data.tliPath : null;
      if (tli === null || tli === undefined) {
        void showFailure(s.log, 'This group has no .tli in the director dir.');
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.file(tli));
    }),
    vscode.commands.registerCommand(COMMANDS.reloadViews, () => s.state.refreshAll()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => s.log.show(true)),
    vscode.commands.registerCommand(COMMANDS.showLoadedView, () => vscode.commands.executeCommand(`${VIEWS.loaded}.focus`)),
  ];
}
