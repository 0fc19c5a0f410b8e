import type { Ask } from '../protocol/admin-protocol';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import { isReplyMessage } from '../protocol/system-messages';
import type { ActorSystemCore, Endpoint } from '../system/system-core';
import { deadlines } from '../transport/deadlines';
import { DaemonError } from './daemon-error';

/**
 * Send `message` from a fresh endpoint and resolve with the first message that endpoint receives
 * that is not a system message (the original's ask; PoisonMessage does count). Rejects with ASK_TIMEOUT after `timeoutMs`. The endpoint is closed either
 * way, so a late reply is dropped rather than delivered to the next ask.
 */
export function askOnce(system: ActorSystemCore, to: ActorAddress, message: unknown, timeoutMs: number): Promise<Ask.Result> {
  return new Promise((resolve, reject) => {
    let done = false;
    const deadline = deadlines.add(timeoutMs, () => {
      if (done) return;
      done = true;
      ep.close();
      reject(new DaemonError('ASK_TIMEOUT', `no reply from ${formatAddress(to)} within ${timeoutMs} ms`, { data: { to, timeoutMs } }));
    });
    const ep: Endpoint = system.openEndpoint((reply, sender) => {
      // As the original: a system message (an echoed ActorExitRequest...) is never the reply;
      // PoisonMessage is the one exception. The ask goes on waiting.
      if (done || !isReplyMessage(reply)) return;
      done = true;
      deadlines.cancel(deadline);
      ep.close();
      resolve({ reply, sender });
    });
    try {
      system.tell(to, message, ep.address);
    } catch (e) {
      done = true;
      deadlines.cancel(deadline);
      ep.close();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
