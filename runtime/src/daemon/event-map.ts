import type { AdminEvent } from '../protocol/admin-protocol';
import type { ActorAddress } from '../protocol/actor-address';
import type { SystemEvent } from '../system/system-core';

function actorData(e: { address: ActorAddress; actorClass: string; sourceHash?: string }): {
  address: ActorAddress;
  actorClass: string;
  sourceHash?: string;
} {
  return e.sourceHash === undefined
    ? { address: e.address, actorClass: e.actorClass }
    : { address: e.address, actorClass: e.actorClass, sourceHash: e.sourceHash };
}

/** The admin envelope of an actor-system event. */
export function adminEventOf(e: SystemEvent, system: string, time: Date = new Date()): AdminEvent {
  const t = time.toISOString();
  switch (e.kind) {
    case 'source-loaded':
      return { kind: 'source/loaded', system, time: t, data: { sourceHash: e.sourceHash, info: e.info } };
    case 'source-unloaded':
      return { kind: 'source/unloaded', system, time: t, data: { sourceHash: e.sourceHash, info: e.info } };
    case 'source-rejected':
      return {
        kind: 'source/rejected',
        system,
        time: t,
        data: { sourceHash: e.sourceHash, info: e.info, code: e.code, message: e.message },
      };
    case 'actor-started':
      return { kind: 'actor/started', system, time: t, data: actorData(e) };
    case 'security-refused':
      return {
        kind: 'security/refused',
        system,
        time: t,
        data: { code: e.code, message: e.message, ...(e.sourceHash !== undefined ? { sourceHash: e.sourceHash } : {}) },
      };
    case 'actor-exited':
      return {
        kind: 'actor/exited',
        system,
        time: t,
        data: { ...actorData(e), ...(e.reason !== undefined ? { reason: e.reason } : {}) },
      };
  }
}
