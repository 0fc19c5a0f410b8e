/**
 * Tells a crash from a clean stop. The daemon removes its pid file when it stops cleanly; after
 * a kill -9 or a crash the file stays, naming a process that is gone. When the state goes from
 * running to stopped without a Shutdown from this window, that file decides: a crash is
 * announced with Restart Daemon and Show Log, a clean stop from elsewhere only logged. A foreign
 * program on the admin port is announced with Change Port.
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
  // Running until a stop is seen: a read in between may find the port half closed.
  let wasRunning = false;
  return state.onDidChange(() => {
    const now = state.daemon;
    const was = previous;
    previous = now;
    if (now === 'running') wasRunning = true;
    if (now === 'unreachable' && was !== 'unreachable') {
      announceForeign(state, log);
      return;
    }
    if (!wasRunning || now !== 'stopped') return;
    wasRunning = false;
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

/** Another program holds the admin port: say so once per change, with the way out. */
function announceForeign(state: DirectorState, log: vscode.LogOutputChannel): void {
  const port = state.admin?.port;
  const message = `Another program answers on the admin port${port === undefined ? '' : ` ${port}`}, not this director dir's daemon. Change the port, or stop that program.`;
  log.warn(`${message} (${state.problem ?? 'no detail'})`);
  void vscode.window.showWarningMessage(message, 'Change Port', 'Show Log').then((picked) => {
    if (picked === 'Change Port') void vscode.commands.executeCommand(COMMANDS.changePort);
    if (picked === 'Show Log') log.show(true);
  });
}
