/** The one status bar item: daemon state and number of loaded sources; a click shows the Loaded view. */
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import { loadedSourceCount } from './model/loaded-state';
import { statusText } from './model/status-text';
import { failedActorCount } from './model/loaded-tree';
import type { DirectorState } from './data/director-state';

export function createStatusBar(state: DirectorState): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('thespianDirector.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Thespian Director';
  item.command = COMMANDS.showLoadedView;
  const update = (): void => {
    const failed = failedActorCount(state.loaded);
    const t = statusText(state.daemon, loadedSourceCount(state.loaded), state.admin?.port, failed);
    item.text = t.text;
    item.tooltip = state.problem === undefined ? t.tooltip : `${t.tooltip}\n${state.problem}`;
    item.backgroundColor =
      state.daemon === 'unreachable'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : state.daemon === 'running' && failed > 0
          ? new vscode.ThemeColor('statusBarItem.errorBackground')
          : undefined;
    item.show();
  };
  update();
  const sub = state.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
