/**
 * The developer loop's commands, registered by the shell at activation (so that a command that
 * activated the extension finds its handler), each running in the loop's code, which lives in the
 * host bundle and is created on first use (loop.ts) to keep activation small.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import type { Services } from './commands/services';
import { loadHost } from './host-loader';
import type { LoopApi, Loop } from './loop';

/** Handlers by command id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own arguments
export type LoopCommands = { readonly [id: string]: (...args: any[]) => unknown };

export const LOOP_COMMAND_IDS: readonly string[] = [
  COMMANDS.startLiveLoading,
  COMMANDS.stopLiveLoading,
  COMMANDS.sendMessage,
  COMMANDS.askActor,
  COMMANDS.showActorLogs,
  COMMANDS.debugDaemon,
  COMMANDS.reloadKeys,
  COMMANDS.reloadConvention,
];

/** Registers the commands now; the loop itself is made right after activation, or by the first command. */
export function registerLoopShell(s: Services): { disposables: vscode.Disposable[]; api: () => LoopApi } {
  let loop: Loop | undefined;
  const owned: vscode.Disposable[] = [];
  const get = (): Loop => {
    if (loop === undefined) {
      loop = loadHost().createLoop(s);
      owned.push(...loop.disposables);
    }
    return loop;
  };
  setImmediate(() => get());
  return {
    disposables: [
      ...LOOP_COMMAND_IDS.map((id) =>
        vscode.commands.registerCommand(id, (...args: unknown[]) => get().commands[id]?.(...args)),
      ),
      { dispose: () => owned.forEach((d) => void d.dispose()) },
    ],
    api: () => get().api,
  };
}
