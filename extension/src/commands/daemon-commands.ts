/** Start (the bundled daemon), Shutdown, Change Port and Show Config. */
import { existsSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShutdownReport, StartReport } from '../../../cli/src/index';
import { COMMANDS } from '../constants';
import type { LogLine } from '../runner';
import { configUri } from '../content-provider';
import { adminAddress, portOpen } from '../data/daemon-probe';
import { errorText, showErrorFailure, showFailure } from '../failure';
import { loadedSourceCount } from '../model/loaded-state';
import { SETTINGS } from '../constants';
import { commandFailure } from './director-commands';
import { codedLine, failedGroups, lastGroupFailure, refreshLogLines } from '../model/refresh-report';
import type { Services } from './services';
import type { ProblemLine } from '../model/failure-message';

/**
 * Start calls the package's `start()` in the extension host: it finds a running daemon and uses
 * it, or spawns the daemon bundled beside it (dist/daemon.js) with process.execPath — the Node
 * that runs the extension host — whose start rule loads the newest of every group; what each
 * group's load did comes back as data.
 */
export async function startDaemon(s: Services): Promise<boolean> {
  const settings = s.settings();
  const admin = await adminAddress(settings.directorDir, settings.adminPort);
  if (await portOpen(admin)) {
    s.log.info(`a daemon already answers on ${admin.host}:${admin.port}; using it`);
  } else {
    s.state.setStarting();
  }
  try {
    await mkdir(settings.directorDir, { recursive: true });
    // The admin port setting applies where the dir does not say otherwise.
    if (!admin.fromDir && settings.adminPort !== undefined) {
      await writeFile(path.join(settings.directorDir, 'adminport.cfg'), `${settings.adminPort}\n`, {
        flag: 'wx',
      }).catch(() => {});
    }
  } catch (e) {
    await s.state.refreshLoaded();
    void showFailure(s.log, `Could not prepare the director dir ${settings.directorDir}: ${errorText(e)}`);
    return false;
  }
  let r;
  try {
    r = await s.runner.call('start', (host, o) => host.start(o), startLogLines).finally(() => s.state.doneStarting());
  } catch (e) {
    await s.state.refreshAll();
    showStartFailure(s, e, s.runner.tools().problemsOf(e));
    return false;
  }
  await s.state.refreshAll();
  // Start also loads the newest of every group: the daemon may run with a load that failed.
  const error =
    lastGroupFailure(r) ??
    (r.refreshError !== undefined
      ? { message: `refresh at start failed: ${r.refreshError.message}`, code: r.refreshError.code }
      : undefined);
  if (error !== undefined) {
    const tools = s.runner.tools();
    showStartFailure(
      s,
      error,
      failedGroups(r).flatMap((g) => tools.problemsOf(g.error)),
    );
    return false;
  }
  return true;
}

/** A failed Start: a warning when the daemon runs (only a load failed), an error when it does not. */
function showStartFailure(s: Services, error: unknown, problems: readonly ProblemLine[]): void {
  const running = s.state.daemon === 'running';
  void showErrorFailure(
    commandFailure(s, { warning: running }),
    running ? 'The daemon runs, but loading failed' : 'Starting the daemon failed',
    error,
    problems,
  );
}

/** The log's lines for a start: the daemon found or started, then its start refresh as `refresh` prints it. */
function startLogLines(r: StartReport): LogLine[] {
  return [
    {
      level: 'info',
      text: r.alreadyRunning
        ? `A daemon already runs (pid ${r.pid}) on ${r.address ?? ''}; nothing changed`
        : `Started the daemon (pid ${r.pid}) on port ${r.port ?? ''}${r.action !== null ? `; start rule "${r.action}"` : ''}`,
    },
    ...refreshLogLines(r),
    ...(r.refreshError !== undefined
      ? [{ level: 'error' as const, text: `refresh at start failed: ${r.refreshError.message}` }]
      : []),
  ];
}

/**
 * Shutdown stops every actor of every loaded source: it asks first (naming what stops), and
 * says what happened. With no daemon it says so instead of doing nothing visible.
 */
async function shutdown(s: Services): Promise<void> {
  await s.state.refreshLoaded();
  if (s.state.daemon === 'stopped') {
    void vscode.window.showInformationMessage(
      'No Thespian Director daemon runs for this director dir: nothing to shut down.',
    );
    return;
  }
  const n = loadedSourceCount(s.state.loaded);
  const what =
    n === 0
      ? 'Nothing is loaded.'
      : `Its ${n} loaded source${n === 1 ? '' : 's'} and ${n === 1 ? 'its' : 'their'} actors stop.`;
  const ok = await vscode.window.showWarningMessage(
    `Shut down the Thespian Director daemon? ${what}`,
    { modal: true },
    'Shut Down',
  );
  if (ok !== 'Shut Down') return;
  s.state.expectStop();
  let problem: string | undefined;
  try {
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Shutting down the daemon' },
      () => s.runner.call('shutdown', (host, o) => host.shutdown(o), shutdownLogLines),
    );
    if (r.outcome === 'unresponsive') problem = unresponsive(r.pid);
  } catch (e) {
    problem = codedLine(e);
  }
  await s.state.refreshAll();
  if (problem !== undefined) {
    void showFailure(s.log, `Shutdown failed: ${problem}`);
    return;
  }
  void vscode.window.showInformationMessage(
    `The daemon stopped${n === 0 ? '' : `; ${n} source${n === 1 ? ' was' : 's were'} unloaded`}. Start Daemon starts it again.`,
  );
}

/** What `director shutdown` says of a pid file naming a live process when no daemon answers. */
export function unresponsive(pid: number): string {
  return `shutdown: no daemon answers, but the pid file names a live process ${pid}; if it is a hung daemon, stop it with: kill ${pid}`;
}

export function shutdownLogLines(r: ShutdownReport): LogLine[] {
  if (r.outcome === 'unresponsive') return [{ level: 'error', text: unresponsive(r.pid) }];
  return [
    {
      level: 'info',
      text: r.outcome === 'stopped' ? `Stopped the daemon (pid ${r.pid})` : 'No daemon runs: nothing to stop',
    },
  ];
}

/**
 * Change Port: the port goes where the dir takes it from. The dir's adminport.cfg when it has
 * one (the CLI and the daemon read that), else the workspace's adminPort setting.
 */
export async function changePort(s: Services): Promise<void> {
  const settings = s.settings();
  const admin = await adminAddress(settings.directorDir, settings.adminPort);
  const typed = await vscode.window.showInputBox({
    title: 'Admin port of the daemon',
    value: String(admin.port),
    prompt: `Port ${admin.port} is in use by another program, or you want another. A free port between 1024 and 65535.`,
    validateInput: (v) =>
      /^[0-9]+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A whole number 1..65535',
  });
  if (typed === undefined) return;
  const port = Number(typed.trim());
  const cfg = path.join(settings.directorDir, 'adminport.cfg');
  if (existsSync(cfg)) await writeFile(cfg, `${port}\n`);
  else
    await vscode.workspace
      .getConfiguration(SETTINGS.section)
      .update(SETTINGS.adminPort, port, vscode.ConfigurationTarget.Workspace);
  await s.state.refreshAll();
  const START = 'Start Daemon';
  const picked = await vscode.window.showInformationMessage(
    `The admin port is now ${port}${existsSync(cfg) ? ' (adminport.cfg)' : ' (the thespianDirector.adminPort setting)'}.`,
    ...(s.state.daemon === 'running' ? [] : [START]),
  );
  if (picked === START) await vscode.commands.executeCommand(COMMANDS.start);
}

export function registerDaemonCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.start, () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Starting the Thespian Director daemon' },
        () => startDaemon(s),
      ),
    ),
    vscode.commands.registerCommand(COMMANDS.shutdown, () => shutdown(s)),
    vscode.commands.registerCommand(COMMANDS.changePort, () => changePort(s)),
    vscode.commands.registerCommand(COMMANDS.showConfig, async () => {
      const doc = await vscode.workspace.openTextDocument(configUri());
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
  ];
}
