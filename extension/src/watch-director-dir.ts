/**
 * Watches the director dir: package and TLI changes refresh Available; the daemon's pid file
 * (it starts or stops) and the Director's records (rewritten on every load and unload) refresh
 * Loaded. Bursts coalesce in DirectorState.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DirectorState } from './data/director-state';

export function watchDirectorDir(directorDir: string, state: DirectorState): vscode.Disposable {
  const base = vscode.Uri.file(directorDir);
  const top = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '*'));
  // Only the daemon's pid and the Director's records: its log is written all the time and
  // would otherwise trigger a read on every line.
  const inner = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(base, '.daemon/{daemon.pid,director/**}'),
  );
  const onTop = (): void => {
    void state.refreshAvailable();
    void state.refreshLoaded();
  };
  const onInner = (): void => void state.refreshLoaded();
  const subs = [
    top.onDidCreate(onTop),
    top.onDidChange(onTop),
    top.onDidDelete(onTop),
    inner.onDidCreate(onInner),
    inner.onDidChange(onInner),
    inner.onDidDelete(onInner),
  ];
  return vscode.Disposable.from(top, inner, ...subs);
}

/**
 * Runs `start` now when `dir` exists, else when it is created (keygen, gensrc or a first
 * `director start` make it): a watcher on a folder that does not exist yet would see nothing.
 */
export function whenDirExists(dir: string, start: (createdNow: boolean) => vscode.Disposable): vscode.Disposable {
  if (existsSync(dir)) return start(false);
  let inner: vscode.Disposable | undefined;
  const parent = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(path.dirname(dir)), path.basename(dir)),
  );
  const sub = parent.onDidCreate(() => {
    if (inner !== undefined || !existsSync(dir)) return;
    parent.dispose();
    inner = start(true);
  });
  return {
    dispose: () => {
      sub.dispose();
      parent.dispose();
      inner?.dispose();
    },
  };
}
