/**
 * The developer loop's features, registered in one place: live loading, Send Message… / Ask…,
 * the log records channel, Debug Daemon, and the Keys and Convention views.
 */
import type * as vscode from 'vscode';
import type { Services } from './commands/services';
import { registerDebugDaemon, type DebugDaemon } from './debug/debug-daemon';
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
}

export function registerLoop(s: Services): { api: LoopApi; disposables: vscode.Disposable[] } {
  const live = registerLiveLoading(s);
  const talk = registerTalk(s);
  const records = registerRecords(s);
  const debug = registerDebugDaemon(s);
  const keys = registerKeysView(s);
  return {
    api: { live: live.live, talk: talk.talk, records: records.records, debug: debug.debug, keys: keys.keys },
    disposables: [...live.disposables, ...talk.disposables, ...records.disposables, ...debug.disposables, ...keys.disposables],
  };
}
