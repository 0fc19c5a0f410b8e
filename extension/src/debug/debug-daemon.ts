/**
 * "Debug Daemon": (re)start the daemon with the inspector on 127.0.0.1 only (`director start
 * --inspect=PORT`, never done by Start or by bootstart) and attach VS Code's JavaScript debugger.
 * The debugger follows the source workers (NodeWorker), and every dev version carries source maps
 * whose sources are `tls-src:///GROUP/…` (see the in-memory loader), mapped here to each group's
 * folder in the workspace, so breakpoints set in an actor's .ts stop there.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, SETTINGS } from '../constants';
import { showFailure } from '../failure';
import type { Services } from '../commands/services';
import { workspaceGroups } from '../live/groups';
import type { LoopCommands } from '../loop-commands';
import { failureLine } from '../commands/services';

/** `tls-src:///GROUP/*` → `SOURCES_DIR/GROUP/*` for each GROUP.tli in the workspace. */
export async function sourceMapOverrides(directorDir: string): Promise<{ [from: string]: string }> {
  const out: { [from: string]: string } = {};
  for (const g of await workspaceGroups(directorDir))
    out[`tls-src:///${g.group}/*`] = `${path.join(g.sourcesDir, g.group)}/*`;
  return out;
}

export class DebugDaemon {
  /** The inspector URL of the last Debug Daemon, for tests. */
  inspector: string | undefined;

  constructor(private readonly s: Services) {}

  async run(): Promise<boolean> {
    const port = vscode.workspace.getConfiguration(SETTINGS.section).get<number>(SETTINGS.debugPort, 0);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Restarting the daemon with the inspector' },
      async () => {
        if (this.s.state.daemon === 'running') {
          const down = await this.s.runner.run(['shutdown']);
          if (down.code !== 0) {
            void showFailure(this.s.log, `Debug Daemon: stopping the daemon failed: ${failureLine(down)}`);
            return false;
          }
        }
        const r = await this.s.runner.run(['start', `--inspect=${port}`]);
        const url = /Inspector: (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/.exec(r.out);
        void this.s.state.refreshAll();
        if (r.code !== 0 || url === null) {
          void showFailure(
            this.s.log,
            `Debug Daemon: starting the daemon with the inspector failed: ${failureLine(r)}`,
          );
          return false;
        }
        this.inspector = url[1];
        const folder = vscode.workspace.workspaceFolders?.[0];
        const ok = await vscode.debug.startDebugging(folder, {
          type: 'node',
          request: 'attach',
          name: 'Thespian Director daemon',
          address: '127.0.0.1',
          port: Number(url[2]),
          sourceMapPathOverrides: await sourceMapOverrides(this.s.settings().directorDir),
          skipFiles: ['<node_internals>/**'],
        });
        if (!ok) void showFailure(this.s.log, `Debug Daemon: the JavaScript debugger did not attach to ${url[1]}`);
        else this.s.log.info(`debugger attached to the daemon's inspector ${url[1]}`);
        return ok;
      },
    );
  }
}

export function registerDebugDaemon(s: Services): {
  debug: DebugDaemon;
  disposables: vscode.Disposable[];
  commands: LoopCommands;
} {
  const debug = new DebugDaemon(s);
  return { debug, disposables: [], commands: { [COMMANDS.debugDaemon]: () => debug.run() } };
}
