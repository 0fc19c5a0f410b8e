/** Start (the bundled daemon), Shutdown, Change Port and Show Config. */
import { existsSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { configUri } from '../content-provider';
import { adminAddress, portOpen } from '../data/daemon-probe';
import { errorText, showCommandFailure, showFailure } from '../failure';
import { loadedSourceCount } from '../model/loaded-state';
import { SETTINGS } from '../constants';
import { knownSources } from './director-commands';
import { failureLine, type Services } from './services';

/**
 * Start runs the real `start` command in the extension host: it finds a running daemon and uses
 * it, or spawns the daemon bundled beside it (dist/daemon.js) with process.execPath — the Node
 * that runs the extension host — then loads the newest of every group (refresh).
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
  const r = await s.runner.run(['start']).finally(() => s.state.doneStarting());
  await s.state.refreshAll();
  if (r.code !== 0) {
    // Start also loads the newest of every group: the daemon may run with a load that failed.
    const running = s.state.daemon === 'running';
    void showCommandFailure(
      {
        log: s.log,
        problems: s.problems,
        baseDir: settings.directorDir,
        directorDir: settings.directorDir,
        known: knownSources(s),
        ...(running ? { severity: 'warning' as const } : {}),
      },
      running ? 'The daemon runs, but loading failed' : 'Starting the daemon failed',
      r,
    );
    return false;
  }
  return true;
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
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Shutting down the daemon' },
    () => s.runner.run(['shutdown']),
  );
  await s.state.refreshAll();
  if (r.code !== 0) {
    void showFailure(s.log, `Shutdown failed: ${failureLine(r)}`);
    return;
  }
  void vscode.window.showInformationMessage(
    `The daemon stopped${n === 0 ? '' : `; ${n} source${n === 1 ? ' was' : 's were'} unloaded`}. Start Daemon starts it again.`,
  );
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
