/**
 * The TLI a user edits is the workspace's `GROUP.tli`; gensrc copies it into the director dir,
 * which is what load reads. Open TLI and load errors go to the workspace file when it has the
 * same text, so a fix is made where it belongs (and survives the next gensrc).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside } from './model/secrets';

/** Workspace files named `GROUP.tli`, outside node_modules and the director dir. */
export async function workspaceTlis(group: string, directorDir: string): Promise<string[]> {
  if (vscode.workspace.workspaceFolders === undefined) return [];
  const found = await vscode.workspace.findFiles(`**/${group}.tli`, '**/node_modules/**', 20);
  return found.map((u) => u.fsPath).filter((f) => !isInside(f, directorDir));
}

/**
 * The workspace copy of a director-dir TLI when exactly one workspace file has its name and
 * the same text; otherwise the file itself.
 */
export async function workspaceCopyOf(file: string, directorDir: string): Promise<string> {
  if (!file.endsWith('.tli') || !isInside(file, directorDir)) return file;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const candidates = await workspaceTlis(path.basename(file, '.tli'), directorDir);
  const same: string[] = [];
  for (const c of candidates) if ((await readFile(c, 'utf8').catch(() => undefined)) === text) same.push(c);
  return same.length === 1 ? same[0] : file;
}

/** The TLI to open for a group: the workspace's (the one the user edits), else the director dir's. */
export async function tliToOpen(
  group: string,
  directorTli: string | null,
  directorDir: string,
): Promise<string | undefined> {
  const ws = await workspaceTlis(group, directorDir);
  if (ws.length === 1) return ws[0];
  if (directorTli !== null) return workspaceCopyOf(directorTli, directorDir);
  return ws[0];
}

/** Opens `file` with the cursor on LINE:COL (1-based). */
export async function openAt(file: string, line: number, column = 1): Promise<void> {
  const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(file), {
    selection: new vscode.Range(pos, pos),
    preview: false,
  });
}
