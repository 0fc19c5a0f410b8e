/**
 * The worker side of one loaded source: owns the Realm, the module loader, and the batched
 * channel to the main thread. Kept apart from worker-main.ts so that it has no global side
 * effects and could host a source in-thread too.
 *
 * Over 400 lines on purpose: every frame of the worker side of the channel is answered here,
 * beside the batching it shares; the loader and the realm themselves live in their own files.
 */
import type { ActorAddress } from '../protocol/actor-address';
import type { MessagePort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import type { WorkerStatsSnapshot } from '../metrics/thread-stats';
import { describe } from '../protocol/value-checks';
import { createOptionsProblem, isMessageToWorker, isPeerBatch, isToWorker } from '../protocol/worker-guards';
import type {
  FromWorker,
  LocalOrAddress,
  LogLevel,
  PeerBatch,
  PeerPort,
  ToWorker,
  WireCreateOptions,
  WorkerBoot,
  WorkerNotice,
  WorkerRequest,
} from '../protocol/worker-protocol';
import { actorExitRequest } from '../protocol/system-messages';
import { isActorClass, type Actor } from '../actors/actor';
import { ActorSystemError, errorFromWire, errorToWire } from '../actors/actor-system-error';
import type { Logger, LoggerFactory } from '../actors/logger';
import { findNonPlainData } from '../actors/plain-data';
import { Realm, type CellInfo, type CreateResult, type RealmHost } from '../actors/realm';
import type { ActorSpec, CreateActorOptions } from '../system/system-core';
import { nameOfLoadedClass, resolveActorClass } from './class-resolver';
import { MemoryModuleLoader } from './module-loader';
import { LOG_CHARS_PER_S, LOG_RECORDS_PER_S, LogBudget, cutLogText } from './log-budget';

/** The direct channel to another worker (see the `p`/`P` tuples for the ordering rule). */
interface Peer {
  state: 'requested' | 'open' | 'dead';
  port: MessagePort | null;
  ids: string[];
  messages: unknown[];
  froms: (string | null)[];
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class WorkerRealmHost implements RealmHost {
  readonly realm: Realm;
  private readonly loader: MemoryModuleLoader;
  private outbox: FromWorker[] = [];
  private flushScheduled = false;
  private nextRequest = 1;
  private readonly pending = new Map<number, Pending>();
  private exitingAll = false;
  private readonly log: Logger;
  private readonly peers = new Map<number, Peer>();
  private readonly dirtyPeers = new Set<Peer>();
  /** The system's capabilities: the boot ones until the main thread sends new ones ('C'). */
  private capabilities: WorkerBoot['capabilities'];

  constructor(
    private readonly boot: WorkerBoot,
    runtimeApi: unknown,
    private readonly post: (batch: FromWorker[]) => void,
    /** Direct worker-to-worker channels (off when hosted in the main thread). */
    private readonly options: { readonly directPeers: boolean } = { directPeers: true },
  ) {
    // Over the source's log budget, records are dropped here, before they cost a copy to the daemon.
    const budget = new LogBudget(
      { records: LOG_RECORDS_PER_S, chars: LOG_CHARS_PER_S },
      (text) => this.push(['l', 'warning', 'thespian.security', text]),
      `source ${boot.sourceHash}`,
    );
    const logRecord = (level: LogLevel, name: string, t: string): void => {
      if (budget.admit(t)) this.push(['l', level, name, cutLogText(t)]);
    };
    const loggerFactory: LoggerFactory = (name) => ({
      debug: (t) => logRecord('debug', name, t),
      info: (t) => logRecord('info', name, t),
      warning: (t) => logRecord('warning', name, t),
      error: (t) => logRecord('error', name, t),
    });
    this.capabilities = boot.capabilities;
    this.log = loggerFactory(`source ${boot.sourceHash}`);
    this.realm = new Realm(boot.systemName, `w${boot.workerIndex}.`, this, loggerFactory);
    this.loader = new MemoryModuleLoader(boot.entries, runtimeApi, require, boot.sourceHash);
  }

  ready(): void {
    this.push(['ready']);
  }

  logUncaught(what: string, e: unknown): void {
    this.log.error(
      `${what} in source ${this.boot.sourceHash}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  }

  /**
   * A batch from the main thread. It is the daemon's own code that posts it, but each frame is
   * checked all the same (by the guards of worker-guards.ts, held equal to the frame schemas), so
   * that what the worker acts on is what its type says; a frame that fails is logged and dropped.
   */
  receive(batch: unknown): void {
    if (!Array.isArray(batch)) {
      this.log.error(`the main thread posted a batch that is not an array; dropped`);
      return;
    }
    for (const f of batch) {
      if (isMessageToWorker(f)) {
        this.realm.deliverLocal(f[1], f[2], this.sender(f[3]));
        continue;
      }
      if (isToWorker(f)) this.receiveOne(f);
      else this.refuseFrame(f);
    }
    // The batch's own event is this turn: its messages are handled now, and their answers leave with it.
    this.realm.runNow();
    this.flush();
  }

  /** An `m` frame's sender: an id stands for an actor of this system (worker-protocol.ts, LocalOrAddress). */
  private sender(from: LocalOrAddress | null): ActorAddress | null {
    return typeof from === 'string' ? { system: this.boot.systemName, id: from } : from;
  }

  /** A frame that did not decode is dropped; a create is still answered, so its caller is not left waiting. */
  private refuseFrame(f: unknown): void {
    const kind: unknown = Array.isArray(f) ? f[0] : undefined;
    const options = kind === 'c' && Array.isArray(f) ? createOptionsProblem(f[3]) : undefined;
    const what = Array.isArray(f)
      ? `a "${String(kind).slice(0, 20)}" frame of ${f.length} items${options !== undefined ? `: ${options}` : ''}`
      : describe(f);
    const text = `the main thread posted a malformed frame (${what})`;
    this.log.error(`${text}; dropped`);
    if (kind === 'c' && Array.isArray(f) && typeof f[1] === 'number')
      this.push(['r', f[1], false, { code: 'INVALID_ACTOR_SPECIFICATION', message: `Cannot create: ${text}.` }]);
  }

  /** Every frame but `m`, which receive() hands to the realm on its fast path. */
  private receiveOne(t: ToWorker): void {
    switch (t[0]) {
      case 'c':
        this.createForMain(t[1], t[2], t[3]);
        break;
      case 'r': {
        const p = this.pending.get(t[1]);
        this.pending.delete(t[1]);
        if (t[2]) p?.resolve(t[3]);
        else p?.reject(errorFromWire(t[3]));
        break;
      }
      case 'x':
        this.exitAll();
        break;
      case 'C':
        this.capabilities = t[1];
        break;
      case 'P':
        this.peerPort(t[1], t[2], t[3]);
        break;
      case 'S': {
        const st = this.realm.stats;
        const snapshot: WorkerStatsSnapshot = {
          ...st,
          buckets: [...st.buckets],
          mailbox: this.realm.queued(),
          heapUsed: getHeapStatistics().used_heap_size,
        };
        this.push(['S', t[1], { ...snapshot }]);
        break;
      }
    }
  }

  // ---- RealmHost ----

  forward(to: ActorAddress, message: unknown, from: ActorAddress | null): void {
    const bad = findNonPlainData(message);
    if (bad !== null) {
      throw new ActorSystemError(
        'NOT_PLAIN_DATA',
        `Cannot send to ${to.id}: only plain data crosses a source boundary, but the ${bad}. Send plain objects, arrays, strings, numbers or Uint8Array.`,
        { data: { to } },
      );
    }
    if (this.options.directPeers && to.system === this.boot.systemName && to.id.charCodeAt(0) === 119 /* w */) {
      const peer = Number(to.id.slice(1, to.id.indexOf('.')));
      if (peer !== this.boot.workerIndex) {
        this.toPeer(peer, to.id, message, from === null ? null : from.id);
        return;
      }
    }
    // An address of this system goes as its id (worker-protocol.ts, LocalOrAddress).
    this.push(['m', to.system === this.boot.systemName ? to.id : to, message, from === null ? null : from.id]);
  }

  private toPeer(index: number, id: string, message: unknown, fromId: string | null): void {
    let p = this.peers.get(index);
    if (p === undefined) {
      p = { state: 'requested', port: null, ids: [], messages: [], froms: [] };
      this.peers.set(index, p);
      this.push(['p', index]);
    }
    if (p.state === 'dead') {
      // Its worker is gone: a dead letter, reported like any other.
      this.realm.deadLetter(
        { system: this.boot.systemName, id },
        message,
        fromId === null ? null : { system: this.boot.systemName, id: fromId },
      );
      return;
    }
    p.ids.push(id);
    p.messages.push(message);
    p.froms.push(fromId);
    if (p.state === 'open' && !this.dirtyPeers.has(p)) {
      this.dirtyPeers.add(p);
      this.scheduleFlush();
    }
  }

  private peerPort(index: number, role: 'send' | 'receive', port: PeerPort | null): void {
    const mp = port as MessagePort | null;
    if (role === 'receive') {
      if (mp === null) return;
      const system = this.boot.systemName;
      // The peer's own code can post on this port too: a sender that is not one of the peer's
      // actors is forged (it would speak as an actor of a third source) and is dropped.
      const own = `w${index}.`;
      mp.on('message', (x: unknown) => {
        if (!isPeerBatch(x)) {
          this.log.error(
            `worker w${index} posted a malformed batch on its direct channel (not three columns of one length: actor ids, messages, sender ids or nulls; got ${describe(x)}); dropped`,
          );
          return;
        }
        const [ids, messages, froms] = x;
        for (let i = 0; i < ids.length; i++) {
          const f = froms[i]!;
          if (f !== null && !f.startsWith(own)) continue;
          this.realm.deliverLocal(ids[i], messages[i], f === null ? null : { system, id: f });
        }
        this.realm.runNow();
      });
      return;
    }
    const p = this.peers.get(index);
    if (p === undefined) return;
    if (mp === null) {
      p.state = 'dead';
      const system = this.boot.systemName;
      for (let i = 0; i < p.ids.length; i++) {
        const f = p.froms[i]!;
        this.realm.deadLetter({ system, id: p.ids[i] }, p.messages[i], f === null ? null : { system, id: f });
      }
      p.ids = [];
      p.messages = [];
      p.froms = [];
      return;
    }
    p.port = mp;
    p.state = 'open';
    // When the peer's worker ends, forget the channel; a later send asks again and learns it is gone.
    mp.on('close', () => {
      if (this.peers.get(index) === p) this.peers.delete(index);
    });
    mp.unref();
    this.dirtyPeers.add(p);
    this.flush();
  }

  createChild(spec: ActorSpec, options: CreateActorOptions & { parent: ActorAddress }): Promise<CreateResult> {
    const own = this.boot.sourceHash;
    try {
      if (options.globalName === undefined && (options.sourceHash === undefined || options.sourceHash === own)) {
        try {
          return Promise.resolve({ address: this.createHere(spec, options).address, created: true });
        } catch (e) {
          // Refused by this system's capabilities: another system of the convention may take it.
          const refusedName = typeof spec === 'string' ? spec : nameOfLoadedClass(this.loader, spec);
          if (!(e instanceof ActorSystemError && e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR') || refusedName === null)
            throw e;
          const placed: WireCreateOptions = { ...options, sourceHash: own };
          return this.request({ op: 'create', spec: refusedName, options: placed }).then((id) => ({
            address: (id as { address: ActorAddress }).address,
            created: (id as { created: boolean }).created,
          }));
        }
      }
      const name = typeof spec === 'string' ? spec : nameOfLoadedClass(this.loader, spec);
      if (name === null) {
        throw new ActorSystemError(
          'INVALID_ACTOR_SPECIFICATION',
          `Cannot create ${typeof spec === 'function' ? spec.name : String(spec)} with a globalName or another source by class: name it as 'module.path.Class'.`,
        );
      }
      const wire: WireCreateOptions = { ...options, sourceHash: options.sourceHash ?? own };
      return this.request({ op: 'create', spec: name, options: wire }).then((id) => ({
        address: (id as { address: ActorAddress }).address,
        created: (id as { created: boolean }).created,
      }));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  loadActorSource(bytes: Uint8Array, info: string): Promise<string> {
    return this.request({ op: 'load', bytes, info }) as Promise<string>;
  }

  unloadActorSource(sourceHash: string): Promise<void> {
    return this.request({ op: 'unload', sourceHash }).then(() => undefined);
  }

  registerSourceAuthority(address: ActorAddress): void {
    // Told to the main thread so the attempt is logged and audited; refused there too.
    this.notice({ op: 'register-authority', id: address.id });
    throw new ActorSystemError(
      'SOURCE_AUTHORITY_PINNED',
      `an actor of loaded source ${this.boot.sourceHash} cannot become the Source Authority: only the program that creates the actor system installs one.`,
      { data: { sourceHash: this.boot.sourceHash } },
    );
  }

  notifyOnSourceAvailability(address: ActorAddress, enable: boolean): void {
    this.notice({ op: 'notify-sources', id: address.id, enable });
  }

  shutdownSystem(): void {
    this.notice({ op: 'shutdown' });
  }

  started(cell: CellInfo): void {
    this.push(['s', cell.address.id, cell.actorClass, cell.parent]);
  }

  exited(cell: CellInfo, reason: string): void {
    this.push(['x', cell.address.id, reason]);
    if (this.exitingAll && this.realm.size === 0) this.push(['e']);
  }

  flush(): void {
    if (this.dirtyPeers.size > 0) {
      for (const p of this.dirtyPeers) {
        if (p.port !== null && p.ids.length > 0) {
          p.port.postMessage([p.ids, p.messages, p.froms] satisfies PeerBatch);
          p.ids = [];
          p.messages = [];
          p.froms = [];
        }
      }
      this.dirtyPeers.clear();
    }
    if (this.outbox.length === 0) return;
    const batch = this.outbox;
    this.outbox = [];
    this.post(batch);
  }

  // ---- internals ----

  private createHere(spec: ActorSpec, options: CreateActorOptions & { parent?: ActorAddress | null }): CellInfo {
    let Cls: new () => Actor;
    let actorClass: string;
    if (typeof spec === 'function') {
      if (!isActorClass(spec)) {
        throw new ActorSystemError(
          'INVALID_ACTOR_SPECIFICATION',
          `Invalid Actor Specification: ${spec.name} is not a subclass of Actor.`,
        );
      }
      Cls = spec;
      actorClass = nameOfLoadedClass(this.loader, spec) ?? spec.name;
    } else {
      ({ Cls, actorClass } = resolveActorClass(this.loader, spec, this.boot.sourceHash));
    }
    const reqs = options.targetActorRequirements;
    if (reqs !== undefined && !checkCapabilities(Cls, this.capabilities, reqs)) {
      throw new ActorSystemError(
        'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
        `No actor system can host ${actorClass}: its capability check refuses this system's capabilities for requirements ${JSON.stringify(reqs)}.`,
        { data: { actorClass, requirements: reqs } },
      );
    }
    return this.realm.createLocal(Cls, {
      actorClass,
      parent: options.parent ?? null,
      sourceHash: this.boot.sourceHash,
      ...(options.globalName === undefined ? {} : { globalName: options.globalName }),
    });
  }

  private createForMain(requestId: number, spec: string, options: WireCreateOptions): void {
    try {
      const cell = this.createHere(spec, options);
      this.push(['r', requestId, true, cell.address.id]);
    } catch (e) {
      this.push(['r', requestId, false, errorToWire(e, 'INVALID_ACTOR_SPECIFICATION')]);
    }
  }

  /** End every actor at once without running handlers (in-thread hosting's terminate). */
  killAll(reason: string): void {
    for (const a of this.realm.actors()) this.realm.kill(a.address.id, reason);
  }

  private exitAll(): void {
    this.exitingAll = true;
    if (this.realm.size === 0 || this.realm.actors().length === 0) {
      this.push(['e']);
      return;
    }
    for (const a of this.realm.actors()) this.realm.route(a.address, actorExitRequest(), null);
  }

  private request(r: WorkerRequest): Promise<unknown> {
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.push(['q', id, r]);
    });
  }

  private notice(n: WorkerNotice): void {
    this.push(['n', n]);
  }

  private push(t: FromWorker): void {
    this.outbox.push(t);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }
}

export function checkCapabilities(
  Cls: unknown,
  capabilities: { readonly [key: string]: import('../protocol/json-value').JsonValue },
  requirements: { readonly [key: string]: import('../protocol/json-value').JsonValue },
): boolean {
  const check = (Cls as { actorSystemCapabilityCheck?: unknown }).actorSystemCapabilityCheck;
  if (typeof check !== 'function') return true;
  return (check as (c: unknown, r: unknown) => unknown).call(Cls, capabilities, requirements) === true;
}

export type { LogLevel };
