/**
 * Keeps secrets out of git. A director dir inside a git work tree gets a `.gitignore` for the
 * admin token and convention secrets, and the user is told once; a private key inside a work
 * tree that git does not ignore is announced, with a button that ignores it.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS } from './constants';
import { gitignoreUpdate, workTreeOf } from './model/secrets';

const WARNED_DIRS = 'thespianDirector.warnedDirectorDirs';

export function gitWorkTree(file: string): string | undefined {
  return workTreeOf(file, (d) => existsSync(path.join(d, '.git')));
}

/** True when git ignores `file`; false when it does not, or when git cannot tell (no git: assume the worst). */
export async function gitIgnores(file: string, workTree: string): Promise<boolean> {
  // Loaded on first use: child_process costs milliseconds of activation otherwise.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', ['check-ignore', '-q', '--', file], { cwd: workTree, timeout: 5_000 }, (e) => resolve(e === null));
  });
}

/** Writes the director dir's `.gitignore` when the dir is in a work tree; warns once per dir. */
export async function guardDirectorDir(
  dir: string,
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const tree = gitWorkTree(dir);
  if (tree === undefined || !existsSync(dir)) return;
  const file = path.join(dir, '.gitignore');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  const next = gitignoreUpdate(existing);
  if (next !== undefined) {
    await writeFile(file, next, 'utf8');
    log.info(`wrote ${file}: the director dir is inside the git work tree ${tree}`);
  }
  const warned = context.globalState.get<string[]>(WARNED_DIRS, []);
  if (warned.includes(dir)) return;
  await context.globalState.update(WARNED_DIRS, [...warned, dir]);
  const rel = path.relative(tree, dir) || '.';
  const picked = await vscode.window.showWarningMessage(
    `The director dir ${rel} is inside the git work tree ${tree}. It holds the daemon's admin token and convention secrets, so the extension wrote ${path.join(rel, '.gitignore')} to keep them out of git.`,
    'Open .gitignore',
    'Choose Another Folder',
  );
  if (picked === 'Open .gitignore') await vscode.window.showTextDocument(vscode.Uri.file(file));
  if (picked === 'Choose Another Folder') {
    const folder = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      title: 'Director dir (outside the work tree)',
    });
    if (folder?.[0] !== undefined) {
      await vscode.workspace
        .getConfiguration(SETTINGS.section)
        .update(SETTINGS.directorDir, folder[0].fsPath, vscode.ConfigurationTarget.Workspace);
    }
  }
}

/** Warns when a private key lies in a git work tree and git does not ignore it. Resolves true when it warned. */
export async function warnKeyInWorkTree(keyFile: string, log: vscode.LogOutputChannel): Promise<boolean> {
  const tree = gitWorkTree(keyFile);
  if (tree === undefined || (await gitIgnores(keyFile, tree))) return false;
  const rel = path.relative(tree, keyFile);
  const message = `The private key ${rel} is in the git work tree ${tree} and git does not ignore it: a "git add ." would publish it.`;
  log.warn(message);
  const picked = await vscode.window.showWarningMessage(message, 'Add to .gitignore');
  if (picked === 'Add to .gitignore') {
    const gi = path.join(tree, '.gitignore');
    const existing = await readFile(gi, 'utf8').catch(() => '');
    await appendFile(
      gi,
      `${existing === '' || existing.endsWith('\n') ? '' : '\n'}/${rel.split(path.sep).join('/')}\n`,
    );
    void vscode.window.showInformationMessage(`Added /${rel} to ${gi}.`);
  }
  return true;
}
