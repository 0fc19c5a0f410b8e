/** The workspace an e2e session opens: the example app, as a user would have it. */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO } from './prerequisites';

/**
 * ROOT/workspace with examples/foo copied into app/, the repo's node_modules linked in and a
 * .vscode folder, holding SETTINGS as its settings.json when given; returns the workspace path.
 */
export function exampleWorkspace(root: string, settings?: object): string {
  const ws = path.join(root, 'workspace');
  cpSync(path.join(REPO, 'examples', 'foo'), path.join(ws, 'app'), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
  mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  if (settings !== undefined)
    writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  return ws;
}
