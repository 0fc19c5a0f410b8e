/**
 * The developer loop's features, registered in one place: live loading, Send Message… / Ask…,
 * the log records channel, Debug Daemon, and the Keys and Convention views.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from './constants';
import type { LoopCommands } from './loop-commands';
import type { Services } from './commands/services';
import { registerDebugDaemon, type DebugDaemon } from './debug/debug-daemon';
import { registerConventionView, type ConventionView } from './convention/convention-view';
import { registerKeysView, type KeysView } from './keys/keys-view';
import { registerLiveLoading, type LiveLoading } from './live/live-loading';
import { registerRecords, type RecordsChannel } from './logs/records-channel';
import { registerTalk, type Talk } from './talk/talk-commands';

export interface LoopApi {
  readonly live: LiveLoading;
  readonly talk: Talk;
  readonly records: RecordsChannel;
  readonly debug: DebugDaemon;
  readonly keys: KeysView;
  readonly convention: ConventionView;
}

export interface Loop {
  readonly api: LoopApi;
  readonly disposables: vscode.Disposable[];
  readonly commands: LoopCommands;
}

/** Made once per activation by loop-commands.ts (this module is in the host bundle). */
export function createLoop(s: Services): Loop {
  const live = registerLiveLoading(s);
  const talk = registerTalk(s);
  const records = registerRecords(s);
  const debug = registerDebugDaemon(s, live.live);
  const keys = registerKeysView(s);
  const convention = registerConventionView(s);
  // The Available view's welcome for a director dir that does not exist yet.
  let missing: boolean | undefined;
  const checkDir = (): void => {
    const now = !existsSync(s.settings().directorDir);
    if (now !== missing) void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.dirMissing, (missing = now));
  };
  checkDir();
  return {
    api: {
      live: live.live,
      talk: talk.talk,
      records: records.records,
      debug: debug.debug,
      keys: keys.keys,
      convention: convention.convention,
    },
    disposables: [
      ...live.disposables,
      ...talk.disposables,
      ...records.disposables,
      ...debug.disposables,
      ...keys.disposables,
      ...convention.disposables,
      s.state.onDidChange(checkDir),
    ],
    commands: {
      ...live.commands,
      ...talk.commands,
      ...records.commands,
      ...debug.commands,
      ...keys.commands,
      ...convention.commands,
    },
  };
}
