/**
 * The main thread's answers to what a source's worker reports and asks: messages out of it, its
 * actors starting and ending, creates, loads and unloads its actors request, their notices
 * (authority, source watching, shutdown), peer channels, and the worker's own end. Its own room
 * because it is the one place that turns a worker's word into system actions, and where a loaded
 * source is refused what it may not do.
 */
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import { actorExitRequest, childActorExited } from '../protocol/system-messages';
import type { WorkerNotice, WorkerRequest } from '../protocol/worker-protocol';
import type { LoggerFactory } from '../actors/logger';
import { ActorSystemError } from '../actors/actor-system-error';
import type { CreateResult, Realm } from '../actors/realm';
import type { WorkerLink, WorkerLinkEvents } from '../source-host/worker-link';
import type { AuthoritySlot } from './authority-slot';
import type { SystemContext } from './system-context';
import type { ActorSpec, CreateActorOptions } from './system-core';
import type { WorkerPool } from './worker-pool';

/** What the reports act on: the facade's own operations. */
export interface ReportedTo {
  readonly realm: Realm;
  readonly loggerFactory: LoggerFactory;
  readonly authority: AuthoritySlot;
  /** The pool is built with these reports, so it is looked up when a report arrives. */
  pool(): WorkerPool;
  createOrPlace(spec: ActorSpec, options: CreateActorOptions): Promise<CreateResult>;
  loadActorSource(bytes: Uint8Array, info: string): Promise<string>;
  unloadActorSource(sourceHash: string): Promise<void>;
  notifyOnSourceAvailability(address: ActorAddress, enable: boolean): void;
  shutdown(): Promise<void>;
  actorGone(address: ActorAddress, actorClass: string, sourceHash: string | undefined, reason: string): void;
}

export function workerReports(ctx: SystemContext, to: ReportedTo): WorkerLinkEvents {
  const hashOf = (link: WorkerLink): string | undefined => to.pool().sourceOf(link)?.hash;
  return {
    message: (dest, message, from) => {
      if (dest.system === ctx.systemName) {
        const link = to.pool().linkForId(dest.id);
        if (link !== undefined) {
          link.deliver(dest.id, message, from); // checked as plain data by the sending worker
          return;
        }
      }
      try {
        to.realm.route(dest, message, from);
      } catch (e) {
        ctx.log.warning(
          `could not deliver a message from ${from === null ? 'a worker' : formatAddress(from)}: ${String(e)}`,
        );
      }
    },
    started: (address, actorClass, _parent, link) => {
      ctx.emit({ kind: 'actor-started', address, actorClass, sourceHash: hashOf(link) ?? '' });
    },
    exited: (address, actorClass, parent, reason, link, workerEnded) => {
      // When the worker itself ended, nobody inside it could tell a parent outside it.
      if (workerEnded && parent !== null && !parent.id.startsWith(`w${link.index}.`)) {
        ctx.tell(parent, childActorExited(address, reason), address);
      }
      to.actorGone(address, actorClass, hashOf(link), reason);
    },
    request: (request, link) => workerRequest(ctx, to, request, hashOf(link)),
    notice: (notice, link) => workerNotice(ctx, to, notice, hashOf(link) ?? ''),
    log: (level, name, text) => to.loggerFactory(name)[level](text),
    peer: (peerIndex, link) => to.pool().connectPeers(peerIndex, link),
    // A worker's batch arrives in its own event: the messages it queued here are handed out in
    // that event, not a turn of the loop later (an ask's answer from a worker goes out at once).
    batchDone: () => to.realm.runNow(),
    refused: (text, link) => {
      const sourceHash = hashOf(link);
      ctx.emit({
        kind: 'security-refused',
        code: 'SOURCE_CALL_REFUSED',
        message: text,
        ...(sourceHash !== undefined ? { sourceHash } : {}),
      });
    },
    gone: (link, reason) => {
      const rec = to.pool().forget(link);
      endOrphans(ctx, to, `w${link.index}.`);
      if (rec !== undefined && rec.state === 'valid')
        ctx.log.warning(`the worker of source ${rec.hash} (${rec.info}) ended: ${reason}`);
    },
  };
}

function workerRequest(
  ctx: SystemContext,
  to: ReportedTo,
  r: WorkerRequest,
  ownHash: string | undefined,
): Promise<unknown> {
  switch (r.op) {
    case 'create':
      return to.createOrPlace(r.spec, r.options);
    case 'load':
      // A source loading another gets the daemon default budget, never one it picks itself.
      return to.loadActorSource(r.bytes, r.info);
    case 'unload':
      // An actor unloading its own source would wait for its own exit; let it go on.
      if (ownHash === r.sourceHash) {
        void to.unloadActorSource(r.sourceHash);
        return Promise.resolve(null);
      }
      if (ctx.options.sourceAuthority === 'pinned') {
        // The daemon: what runs is the operator's (through the Director); one source never
        // unloads another, whatever group it is in.
        const message = `loaded source ${ownHash ?? '?'} asked to unload source ${r.sourceHash}: refused (a source may unload only itself; the operator unloads others)`;
        ctx.log.warning(message);
        ctx.emit({
          kind: 'security-refused',
          code: 'SOURCE_CALL_REFUSED',
          message,
          ...(ownHash !== undefined ? { sourceHash: ownHash } : {}),
        });
        return Promise.reject(new ActorSystemError('SOURCE_CALL_REFUSED', message));
      }
      return to.unloadActorSource(r.sourceHash).then(() => null);
  }
}

function workerNotice(ctx: SystemContext, to: ReportedTo, n: WorkerNotice, ownHash: string): void {
  switch (n.op) {
    case 'register-authority':
      // Code of a loaded source never decides what else loads (its worker refused it already;
      // this holds even if the source bypassed that and posted the notice itself).
      to.authority.refuse({ system: ctx.systemName, id: n.id }, ownHash);
      break;
    case 'notify-sources':
      to.notifyOnSourceAvailability({ system: ctx.systemName, id: n.id }, n.enable);
      break;
    case 'shutdown':
      if (ctx.options.sourceAuthority === 'pinned') {
        // The daemon: one source cannot end every other source's work.
        const message = `loaded source ${ownHash} asked to shut the actor system down: refused (only an admin client may stop the daemon)`;
        ctx.log.warning(message);
        ctx.emit({ kind: 'security-refused', code: 'SOURCE_CALL_REFUSED', message, sourceHash: ownHash });
        break;
      }
      void to.shutdown();
      break;
  }
}

/**
 * Children elsewhere of actors that died with their worker: nobody inside it could send them
 * ActorExitRequest, so the system does (the same end a parent's exit gives its children).
 */
function endOrphans(ctx: SystemContext, to: ReportedTo, deadPrefix: string): void {
  const orphans: ActorAddress[] = [];
  for (const a of to.realm.actors()) if (a.parent?.id.startsWith(deadPrefix) === true) orphans.push(a.address);
  for (const l of to.pool().workers()) {
    for (const [id, a] of l.actors)
      if (a.parent?.id.startsWith(deadPrefix) === true) orphans.push({ system: ctx.systemName, id });
  }
  for (const o of orphans) ctx.tell(o, actorExitRequest());
}
