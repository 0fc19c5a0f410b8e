/** Start (the bundled daemon), Shutdown and Show Config. */
import { writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { configUri } from '../content-provider';
import { adminAddress, portOpen } from '../data/daemon-probe';
import { errorText, showFailure } from '../failure';
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
      await writeFile(path.join(settings.directorDir, 'adminport.cfg'), `${settings.adminPort}\n`, { flag: 'wx' }).catch(() => {});
    }
  } catch (e) {
    await s.state.refreshLoaded();
    void showFailure(s.log, `Could not prepare the director dir ${settings.directorDir}: ${errorText(e)}`);
    return false;
  }
  const r = await s.runner.run(['start']);
  await s.state.refreshAll();
  if (r.code !== 0) {
    void showFailure(s.log, `Start failed: ${failureLine(r)}`);
    return false;
  }
  return true;
}

export function registerDaemonCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.start, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the Thespian Director daemon' }, () => startDaemon(s)),
    ),
    vscode.commands.registerCommand(COMMANDS.shutdown, async () => {
      const r = await s.runner.run(['shutdown']);
      await s.state.refreshAll();
      if (r.code !== 0) void showFailure(s.log, `Shutdown failed: ${failureLine(r)}`);
    }),
    vscode.commands.registerCommand(COMMANDS.showConfig, async () => {
      const doc = await vscode.workspace.openTextDocument(configUri());
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
  ];
}
