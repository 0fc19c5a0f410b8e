/**
 * Tells a crash from a clean stop. The daemon removes its pid file when it stops cleanly; after
 * a kill -9 or a crash the file stays, naming a process that is gone. When the state goes from
 * running to stopped without a Shutdown from this window, that file decides: a crash is
 * announced with Restart Daemon and Show Log, a clean stop from elsewhere only logged.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { DirectorState } from '../data/director-state';

/** The pid in the daemon's pid file when that process is gone (a crash), else undefined. */
export function stalePid(directorDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(path.join(directorDir, '.daemon', 'daemon.pid'), 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH' ? pid : undefined;
  }
}

export function watchForCrash(state: DirectorState, directorDir: () => string, log: vscode.LogOutputChannel): vscode.Disposable {
  let previous = state.daemon;
  return state.onDidChange(() => {
    const now = state.daemon;
    const was = previous;
    previous = now;
    if (was !== 'running' || now !== 'stopped') return;
    if (state.takeExpectedStop()) return;
    const pid = stalePid(directorDir());
    if (pid === undefined) {
      log.info('the daemon stopped (shut down from outside this window)');
      return;
    }
    const message = `The Thespian Director daemon stopped unexpectedly: process ${pid} was killed or crashed, and its actors are gone.`;
    log.error(message);
    void vscode.window.showErrorMessage(message, 'Restart Daemon', 'Show Log').then((picked) => {
      if (picked === 'Restart Daemon') void vscode.commands.executeCommand(COMMANDS.start);
      if (picked === 'Show Log') log.show(true);
    });
  });
}
