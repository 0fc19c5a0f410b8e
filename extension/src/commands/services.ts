/** What every command handler is handed: the shared services of one activation. */
import type * as vscode from 'vscode';
import type { DirectorState } from '../data/director-state';
import type { DirectorRunner } from '../runner';
import type { Settings } from '../settings';
import type { NodeTreeProvider } from '../views/node-tree-provider';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly runner: DirectorRunner;
  readonly state: DirectorState;
  readonly settings: () => Settings;
  /** gensrc/load problems with file and line, shown in the Problems view. */
  readonly problems: vscode.DiagnosticCollection;
  readonly loadedView: vscode.TreeView<unknown>;
  readonly availableProvider: NodeTreeProvider;
  readonly loadedProvider: NodeTreeProvider;
}
