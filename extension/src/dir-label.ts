/** How the Available view's header names the director dir: short, and saying where it lives. */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside } from './model/secrets';

export function dirLabel(dir: string, workspaceStorage: string | undefined): string {
  if (workspaceStorage !== undefined && isInside(dir, workspaceStorage)) return 'dir: workspace storage';
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
  if (folder !== undefined) return `dir: ${path.relative(folder.uri.fsPath, dir) || '.'}`;
  const home = os.homedir();
  return `dir: ${isInside(dir, home) ? `~${dir.slice(home.length)}` : dir}`;
}
