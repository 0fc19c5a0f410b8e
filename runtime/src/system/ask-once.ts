/**
 * One ask from outside any actor: a fresh endpoint is the sender, the first reply resolves, and
 * the endpoint closes on the reply, on the deadline or when the tell throws. The daemon's own
 * refresh, the rollout agent and tests ask the Director this way; they differ only in the error a
 * missed deadline gives, so the caller makes it.
 */
import type { ActorAddress } from '../protocol/actor-address';
import type { ActorSystemCore } from './system-core';

export function askOnce(
  system: Pick<ActorSystemCore, 'openEndpoint' | 'tell'>,
  to: ActorAddress,
  message: unknown,
  timeoutMs: number,
  timeoutError: () => Error,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ep = system.openEndpoint((reply) => {
      clearTimeout(timer);
      ep.close();
      resolve(reply);
    });
    const timer = setTimeout(() => {
      ep.close();
      reject(timeoutError());
    }, timeoutMs);
    try {
      system.tell(to, message, ep.address);
    } catch (e) {
      clearTimeout(timer);
      ep.close();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
