/**
 * The daemon's event subscription: one admin link (runtime/src/client), subscribed to every
 * event; each source, actor or Director event refreshes the Loaded view. Connected whenever the
 * state says a daemon runs; when the link closes (daemon stopped), the state is read again.
 * Together with the director dir watcher this replaces any polling.
 */
import type * as vscode from 'vscode';
import type { AdminClient } from '../../../cli/src/index';
import type { DirectorState } from '../data/director-state';
import { messageOf } from '../../../runtime/src/protocol/caught';

const TRAILING_MS = 100;

export function subscribeDaemonEvents(state: DirectorState, log: vscode.LogOutputChannel): vscode.Disposable {
  let client: AdminClient | undefined;
  let connecting = false;
  let disposed = false;
  let trailing: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (client !== undefined || connecting || disposed || state.daemon !== 'running') return;
    connecting = true;
    try {
      const c = await state.connect('vscode');
      if (disposed) {
        c.close();
        return;
      }
      client = c;
      c.onEvent((e) => {
        log.debug(`daemon event ${e.kind}`);
        if (!(e.kind.startsWith('source/') || e.kind.startsWith('actor/') || e.kind.startsWith('director/'))) return;
        void state.refreshLoaded();
        // One more read shortly after the last event of a burst, in case the Director's answer
        // to a read during the burst was taken before its state settled.
        clearTimeout(trailing);
        trailing = setTimeout(() => void state.refreshLoaded(), TRAILING_MS);
      });
      await c.subscribe();
      log.info(`subscribed to the daemon's events (${c.address})`);
      void c.closed.then(() => {
        if (client === c) client = undefined;
        if (!disposed) void state.refreshLoaded();
      });
    } catch (e) {
      log.warn(`could not subscribe to the daemon's events: ${messageOf(e)}`);
    } finally {
      connecting = false;
    }
  };

  const sub = state.onDidChange(() => void connect());
  void connect();
  return {
    dispose: () => {
      disposed = true;
      clearTimeout(trailing);
      sub.dispose();
      client?.close();
      client = undefined;
    },
  };
}
