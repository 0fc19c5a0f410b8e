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
import type { LiveLoading } from '../live/live-loading';
import { shutdownLogLines, unresponsive } from '../commands/daemon-commands';
import { codedLine, lastGroupFailure } from '../model/refresh-report';

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

  constructor(
    private readonly s: Services,
    private readonly live: LiveLoading,
  ) {}

  async run(): Promise<boolean> {
    const port = vscode.workspace.getConfiguration(SETTINGS.section).get<number>(SETTINGS.debugPort, 0);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Restarting the daemon with the inspector' },
      () => this.live.whileHeld(() => this.restart(port)),
    );
  }

  private async restart(port: number): Promise<boolean> {
    if (this.s.state.daemon === 'running') {
      let down;
      try {
        down = await this.s.runner.call('shutdown', (host, o) => host.shutdown(o), shutdownLogLines);
      } catch (e) {
        void showFailure(this.s.log, `Debug Daemon: stopping the daemon failed: ${codedLine(e)}`);
        return false;
      }
      if (down.outcome === 'unresponsive') {
        void showFailure(this.s.log, `Debug Daemon: stopping the daemon failed: ${unresponsive(down.pid)}`);
        return false;
      }
    }
    let problem: string | undefined;
    let inspector: string | null | undefined;
    try {
      const r = await this.s.runner.call(
        `start --inspect=${port}`,
        (host, o) => host.start({ ...o, inspectPort: port }),
        (r) => [{ level: 'info', text: `Inspector: ${r.inspector ?? 'not available'}` }],
      );
      inspector = r.inspector;
      // As `start --inspect` exits non-zero when a load at start failed, this fails too.
      const failure = lastGroupFailure(r);
      if (failure !== undefined) problem = codedLine(failure);
    } catch (e) {
      problem = codedLine(e);
    }
    void this.s.state.refreshAll();
    if (problem !== undefined) {
      void showFailure(this.s.log, `Debug Daemon: starting the daemon with the inspector failed: ${problem}`);
      return false;
    }
    if (inspector === undefined || inspector === null) {
      // The daemon runs, but Node could not open its inspector: in practice, the port is taken.
      const taken =
        port !== 0 ? ` (is port ${port}, the ${SETTINGS.section}.${SETTINGS.debugPort} setting, taken?)` : '';
      void showFailure(
        this.s.log,
        `Debug Daemon: the daemon started without its Node inspector${taken}, so no debugger can attach. Shut the daemon down, then run Debug Daemon again${port !== 0 ? ' with another port' : ''}.`,
      );
      return false;
    }
    const url = new URL(inspector);
    this.inspector = inspector;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'node',
      request: 'attach',
      name: 'Thespian Director daemon',
      address: '127.0.0.1',
      port: Number(url.port),
      sourceMapPathOverrides: await sourceMapOverrides(this.s.settings().directorDir),
      skipFiles: ['<node_internals>/**'],
    });
    if (!ok) void showFailure(this.s.log, `Debug Daemon: the JavaScript debugger did not attach to ${inspector}`);
    else this.s.log.info(`debugger attached to the daemon's inspector ${inspector}`);
    return ok;
  }
}

export function registerDebugDaemon(
  s: Services,
  live: LiveLoading,
): {
  debug: DebugDaemon;
  disposables: vscode.Disposable[];
  commands: LoopCommands;
} {
  const debug = new DebugDaemon(s, live);
  return { debug, disposables: [], commands: { [COMMANDS.debugDaemon]: () => debug.run() } };
}
