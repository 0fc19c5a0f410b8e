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

/** What the daemon's pid file says now: no file, a live process, or a dead one (a crash). */
export function pidFileState(directorDir: string): { kind: 'none' } | { kind: 'alive' | 'dead'; pid: number } {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(path.join(directorDir, '.daemon', 'daemon.pid'), 'utf8').trim(), 10);
  } catch {
    return { kind: 'none' };
  }
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'none' };
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH' ? { kind: 'dead', pid } : { kind: 'alive', pid };
  }
  // A killed child of this extension host stays a zombie until it is reaped: dead all the same.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\)\s+Z\s/.test(stat)) return { kind: 'dead', pid };
  } catch {
    /* no /proc: trust kill(0) */
  }
  return { kind: 'alive', pid };
}

/**
 * Whether the stop was a crash: the pid file names a dead process. A process that is still
 * exiting gets a short while to either remove its pid file (a clean stop) or die (a crash).
 */
async function crashedPid(directorDir: string): Promise<number | undefined> {
  for (let i = 0; i < 15; i++) {
    const st = pidFileState(directorDir);
    if (st.kind === 'none') return undefined;
    if (st.kind === 'dead') return st.pid;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

export function watchForCrash(
  state: DirectorState,
  directorDir: () => string,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
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
    void crashedPid(directorDir()).then((pid) => {
      if (pid === undefined) {
        log.info('the daemon stopped (shut down from outside this window)');
        return;
      }
      announceCrash(pid, log);
    });
  });
}

function announceCrash(pid: number, log: vscode.LogOutputChannel): void {
  const message = `The Thespian Director daemon stopped unexpectedly: process ${pid} was killed or crashed, and its actors are gone.`;
  log.error(message);
  void vscode.window.showErrorMessage(message, 'Restart Daemon', 'Show Log').then((picked) => {
    if (picked === 'Restart Daemon') void vscode.commands.executeCommand(COMMANDS.start);
    if (picked === 'Show Log') log.show(true);
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
