/** What every command handler is handed: the shared services of one activation. */
import type * as vscode from 'vscode';
import type { DirectorState } from '../data/director-state';
import type { DirectorRunner, RunResult } from '../runner';
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

/** One line for a failure message: the last error line a command printed, or its exit code. */
export function failureLine(r: RunResult): string {
  const lines = `${r.err}\n${r.out}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const last = lines.filter((l) => l.startsWith('director:')).pop() ?? lines.pop();
  return (last ?? `exit code ${r.code}`).replace(/^director:\s*/, '');
}
