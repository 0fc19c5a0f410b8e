/**
 * (Over 400 lines: the run loop, retries, exits, dead letters and troupe workers share the cell
 * state; splitting them would spread one invariant over several files.)
 *
 * A realm hosts the actors of one thread (the main thread, or the worker of one loaded source)
 * and delivers messages among them in-process: no cloning, no per-message promise, a batched run
 * loop on setImmediate. Anything addressed elsewhere goes to the {@link RealmHost}, which knows
 * the way (a worker's port, the main thread, another system).
 */
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import { codeOf } from '../protocol/caught';
import {
  actorExitRequest,
  childActorExited,
  deadEnvelope,
  handleDeadLetters,
  isSystemMessage,
  notifyOnSystemRegistration,
  poisonMessage,
  systemAdminAddress,
  updateCapability,
  wakeupMessage,
} from '../protocol/system-messages';
import type { ActorSpec, CreateActorOptions } from '../system/system-core';
import { constructWithContext, type Actor, type ActorContext, type ActorCreateOptions } from './actor';
import { ActorSystemError, assertActorAddress } from './actor-system-error';
import { Troupe, troupeSettingsOf } from './troupe';
import type { Logger, LoggerFactory } from './logger';
import { HANDLER_SAMPLE_EVERY, newThreadStats, observeHandler } from '../metrics/thread-stats';

/** What the realm cannot do alone. */
export interface RealmHost {
  /** Deliver to an address this realm does not host. May throw (e.g. NOT_PLAIN_DATA) at the sender. */
  forward(to: ActorAddress, message: unknown, from: ActorAddress | null): void;
  createChild(spec: ActorSpec, options: CreateActorOptions & { parent: ActorAddress }): Promise<CreateResult>;
  loadActorSource(bytes: Uint8Array, info: string): Promise<string>;
  unloadActorSource(sourceHash: string): Promise<void>;
  registerSourceAuthority(address: ActorAddress): void;
  notifyOnSourceAvailability(address: ActorAddress, enable: boolean): void;
  shutdownSystem(): void;
  started(cell: CellInfo): void;
  exited(cell: CellInfo, reason: string): void;
  /** Called after each run-loop batch, so the host can flush what it batched. */
  flush(): void;
}

export interface CreateResult {
  readonly address: ActorAddress;
  /** false when a live actor already held the globalName. */
  readonly created: boolean;
}

export interface CellInfo {
  readonly address: ActorAddress;
  readonly actorClass: string;
  readonly parent: ActorAddress | null;
  readonly sourceHash: string | undefined;
  readonly isEndpoint: boolean;
}

type Handler = (message: unknown, sender: ActorAddress | null) => unknown;

/** The handler of a cell not yet given its own (one shared function, not a closure per cell). */
const NO_HANDLER: Handler = () => undefined;

class Cell implements CellInfo {
  handler: Handler = NO_HANDLER;
  busy = false;
  exited = false;
  // The collections below are made on first use: an endpoint (one per admin ask) and most actors
  // never need them, and three allocations per ask showed as GC time under pipelined asks.
  /** Messages that arrived while an async handler ran: [message, sender, message, sender, ...]. */
  backlogOrNull: unknown[] | null = null;
  childrenOrNull: Map<string, ActorAddress> | null = null;
  timersOrNull: Set<ReturnType<typeof setTimeout>> | null = null;
  get backlog(): unknown[] {
    return (this.backlogOrNull ??= []);
  }
  get children(): Map<string, ActorAddress> {
    return (this.childrenOrNull ??= new Map());
  }
  get timers(): Set<ReturnType<typeof setTimeout>> {
    return (this.timersOrNull ??= new Set());
  }
  /** Messages waiting in the backlog (without making one). */
  get backlogLength(): number {
    return this.backlogOrNull === null ? 0 : this.backlogOrNull.length;
  }
  /** The name given at creation (`createActor({ globalName })`), as the actor reads it. */
  globalName: string | null = null;
  /** For a troupe worker: its leader's troupe and the instance (for troupeWorkInProgress). */
  troupeOf: Troupe | null = null;
  instance: Actor | null = null;
  /** `static transientIdle`: end after this many ms without a message (0: never). */
  idleMs = 0;
  idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** `static transient`: end this many ms after the first message (0: never; -1: already armed). */
  lifeMs = 0;
  constructor(
    readonly address: ActorAddress,
    readonly actorClass: string,
    readonly parent: ActorAddress | null,
    readonly sourceHash: string | undefined,
    readonly isEndpoint: boolean,
  ) {}
}

interface ReplyRange {
  readonly prefix: string;
  readonly cell: Cell;
  /** The ids of the deliveries queued for `cell`, in queue order, from `head` to `tail` (slots reused). */
  ids: string[];
  head: number;
  tail: number;
}

/** Messages handled per run-loop turn before yielding to I/O and timers. */
const BATCH = 20_000;
/** Run-queue slots kept once drained (more are released). */
const QUEUE_KEEP = 4096;

export class Realm {
  private readonly cells = new Map<string, Cell>();
  // The run queue: three parallel arrays, live from `head` to `tail`. Their slots are reused
  // (drained: head = tail = 0, storage kept): setting `length = 0` after each run freed the
  // storage and the next message grew it again, three allocations per run of a sequential ask.
  private qCell: (Cell | null)[] = [];
  private qMsg: unknown[] = [];
  private qFrom: (ActorAddress | null)[] = [];
  private head = 0;
  private tail = 0;
  private scheduled = false;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  /** True while the run loop hands messages out: {@link runNow} from inside it would nest. */
  private running = false;
  /** Counters for /metrics (plain numbers, read only when scraped). */
  readonly stats = newThreadStats();
  private nextId = 1;
  private readonly log: Logger;
  /** Open reply ranges by id prefix (see {@link openReplies}); usually none or one. */
  private readonly replyRanges: ReplyRange[] = [];
  private nextRange = 1;

  constructor(
    readonly systemName: string,
    /** Prefix of every id this realm hands out, e.g. `a` or `w3.`. */
    private readonly idPrefix: string,
    private readonly host: RealmHost,
    private readonly loggerFactory: LoggerFactory,
  ) {
    this.log = loggerFactory(`actor-realm ${idPrefix}`);
  }

  get size(): number {
    return this.cells.size;
  }

  /** Messages waiting in this realm: the run queue plus the backlogs of busy actors. */
  queued(): number {
    let n = this.tail - this.head;
    for (const c of this.cells.values()) n += c.backlogLength / 2;
    return n;
  }

  has(id: string): boolean {
    return this.cells.has(id);
  }

  info(id: string): CellInfo | undefined {
    return this.cells.get(id);
  }

  /** Every live actor (endpoints excluded). */
  actors(): CellInfo[] {
    return [...this.cells.values()].filter((c) => !c.isEndpoint);
  }

  /** Send from anywhere in this thread. */
  route(to: ActorAddress, message: unknown, from: ActorAddress | null): void {
    // Checked here, at the sender: a name or null must fail where it was written, never vanish.
    assertActorAddress(to);
    this.stats.sent++;
    if (to.system === this.systemName) {
      const cell = this.cells.get(to.id);
      if (cell !== undefined) {
        this.enqueue(cell, message, from);
        return;
      }
      if (to.id.startsWith(this.idPrefix)) {
        if (!this.toReplyRange(to.id, message, from)) this.deadLetter(to, message, from);
        return;
      }
    }
    this.host.forward(to, message, from);
  }

  /** Deliver to a local id (from the host's channel); unknown ids are dead letters. */
  deliverLocal(id: string, message: unknown, from: ActorAddress | null): void {
    const cell = this.cells.get(id);
    if (cell !== undefined) this.enqueue(cell, message, from);
    else if (!this.toReplyRange(id, message, from)) this.deadLetter({ system: this.systemName, id }, message, from);
  }

  /**
   * Many one-shot reply addresses served by one handler, for the daemon's asks: a fresh address
   * per ask without an endpoint cell per ask (a cell, its map entry, a closure and a close
   * function per ask were a tenth of the daemon's time under pipelined asks). A delivery is
   * queued and handled in the run loop, as an endpoint's is; `onMessage` returns false for an id
   * it does not (or no longer) expect, and the message is then a dead letter, as for a closed
   * endpoint.
   */
  openReplies(onMessage: (id: string, message: unknown, sender: ActorAddress | null) => boolean): {
    next(): ActorAddress;
    close(): void;
  } {
    // `<prefix>r<k>.<n>`: never an id of newAddress (`<prefix><n>`), nor of another range.
    const prefix = `${this.idPrefix}r${this.nextRange++}.`;
    const range: ReplyRange = {
      prefix,
      ids: [],
      head: 0,
      tail: 0,
      cell: new Cell(Object.freeze({ system: this.systemName, id: `${prefix}0` }), 'replies', null, undefined, true),
    };
    range.cell.handler = (message, sender) => {
      // Queued in the order of the run queue, so the next id is this delivery's.
      const id = range.ids[range.head++];
      if (range.head === range.tail) {
        range.head = 0;
        range.tail = 0;
        if (range.ids.length > QUEUE_KEEP) range.ids.length = 0;
      }
      if (!onMessage(id, message, sender)) this.deadLetter({ system: this.systemName, id }, message, sender);
    };
    this.replyRanges.push(range);
    let n = 1;
    return {
      next: () => Object.freeze({ system: this.systemName, id: `${prefix}${n++}` }),
      close: () => {
        range.cell.exited = true;
        this.replyRanges.splice(this.replyRanges.indexOf(range), 1);
      },
    };
  }

  private toReplyRange(id: string, message: unknown, from: ActorAddress | null): boolean {
    for (const r of this.replyRanges) {
      if (id.startsWith(r.prefix)) {
        if (r.tail < r.ids.length) r.ids[r.tail] = id;
        else r.ids.push(id);
        r.tail++;
        this.enqueue(r.cell, message, from);
        return true;
      }
    }
    return false;
  }

  /**
   * A message that cannot be delivered: wrapped in a DeadEnvelope and sent to the system's own
   * inbox, which hands it to the registered dead-letter handler (or logs it). The same way from
   * the main thread and from a source worker. The runtime's own lifecycle notices to actors that
   * are already gone (ActorExitRequest, ChildActorExited, WakeupMessage) are expected misses, not
   * dead letters; a DeadEnvelope that cannot be delivered is dropped (no loops).
   */
  deadLetter(to: ActorAddress, message: unknown, from: ActorAddress | null): void {
    if (
      isSystemMessage(message, 'ActorExitRequest') ||
      isSystemMessage(message, 'ChildActorExited') ||
      isSystemMessage(message, 'WakeupMessage') ||
      isSystemMessage(message, 'DeadEnvelope')
    ) {
      this.log.debug(`dead letter: ${describeType(message)} to ${formatAddress(to)}, which no longer exists`);
      return;
    }
    try {
      this.route(systemAdminAddress(this.systemName), deadEnvelope(to, message), from);
    } catch (e) {
      this.log.warning(`dead letter to ${formatAddress(to)} dropped: ${describe(e)}`);
    }
  }

  /** Instantiate `Cls` here. Throws INVALID_ACTOR_SPECIFICATION when its constructor throws. */
  createLocal(
    Cls: new () => Actor,
    meta: { actorClass: string; parent: ActorAddress | null; sourceHash?: string; globalName?: string },
  ): CellInfo {
    const settings = troupeSettingsOf(Cls, meta.actorClass);
    if (settings !== undefined) return this.createTroupe(Cls, meta, settings);
    return this.createCell(Cls, meta, null);
  }

  private createTroupe(
    Cls: new () => Actor,
    meta: { actorClass: string; parent: ActorAddress | null; sourceHash?: string; globalName?: string },
    settings: NonNullable<ReturnType<typeof troupeSettingsOf>>,
  ): CellInfo {
    const leader = new Cell(this.newAddress(), meta.actorClass, meta.parent, meta.sourceHash, false);
    leader.globalName = meta.globalName ?? null;
    const troupe = new Troupe(settings, {
      spawn: () => {
        const w = this.createCell(
          Cls,
          {
            actorClass: meta.actorClass,
            parent: leader.address,
            ...(meta.sourceHash === undefined ? {} : { sourceHash: meta.sourceHash }),
          },
          troupe,
        );
        leader.children.set(w.address.id, w.address);
        return w.address;
      },
      deliver: (worker, message, from) => {
        const cell = this.cells.get(worker.id);
        if (cell === undefined) this.deadLetter(worker, message, from);
        else this.enqueue(cell, message, from);
      },
      retire: (worker) => this.safeRoute(worker, actorExitRequest(), leader.address),
      deadLetter: (message, from) => this.deadLetter(leader.address, message, from),
      reply: (to, message) => this.route(to, message, leader.address),
    });
    leader.handler = (m, s) => troupe.receive(m, s);
    this.cells.set(leader.address.id, leader);
    this.host.started(leader);
    return leader;
  }

  private createCell(
    Cls: new () => Actor,
    meta: { actorClass: string; parent: ActorAddress | null; sourceHash?: string; globalName?: string },
    troupe: Troupe | null,
  ): Cell {
    // Checked before the constructor runs.
    const idleMs = transientMsOf(Cls, 'transientIdle', meta.actorClass);
    const lifeMs = transientMsOf(Cls, 'transient', meta.actorClass);
    const cell = new Cell(this.newAddress(), meta.actorClass, meta.parent, meta.sourceHash, false);
    cell.globalName = meta.globalName ?? null;
    cell.troupeOf = troupe;
    cell.idleMs = idleMs;
    cell.lifeMs = lifeMs;
    let actor: Actor;
    try {
      actor = constructWithContext(this.contextFor(cell), () => new Cls());
    } catch (e) {
      throw new ActorSystemError(
        'INVALID_ACTOR_SPECIFICATION',
        `Creating actor ${meta.actorClass} failed: its constructor threw: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    cell.handler = (m, s) => actor.receiveMessage(m, s);
    if (troupe !== null) cell.instance = actor;
    this.cells.set(cell.address.id, cell);
    this.host.started(cell);
    return cell;
  }

  /** An address whose deliveries call `onMessage` synchronously (clients, the system's own inbox). */
  openEndpoint(
    onMessage: (message: unknown, sender: ActorAddress | null) => void,
    name = 'endpoint',
    id?: string,
  ): CellInfo {
    // A fixed id only for the system's own well-known inbox (SYSTEM_ADMIN_ID), never a generated one.
    const address = id === undefined ? this.newAddress() : Object.freeze({ system: this.systemName, id });
    const cell = new Cell(address, name, null, undefined, true);
    cell.handler = onMessage;
    this.cells.set(cell.address.id, cell);
    return cell;
  }

  /** Record `child` as a child of the local actor `parentId` (created on its behalf by the host). */
  adoptChild(parentId: string, child: ActorAddress): void {
    const cell = this.cells.get(parentId);
    if (cell !== undefined && !cell.isEndpoint && !cell.exited) cell.children.set(child.id, child);
  }

  closeEndpoint(id: string): void {
    const cell = this.cells.get(id);
    if (cell?.isEndpoint === true) {
      cell.exited = true;
      this.cells.delete(id);
    }
  }

  /**
   * Ends an actor at once without running its handler (its worker is going away, or the system
   * is stopping and the actor did not finish in time). Children get ActorExitRequest, the parent
   * ChildActorExited.
   */
  kill(id: string, reason: string): void {
    const cell = this.cells.get(id);
    if (cell !== undefined) this.finishExit(cell, reason);
  }

  private newAddress(): ActorAddress {
    return Object.freeze({ system: this.systemName, id: `${this.idPrefix}${this.nextId++}` });
  }

  private contextFor(cell: Cell): ActorContext {
    const host = this.host;
    let logger: Logger | undefined;
    const loggerOf = (): Logger => (logger ??= this.loggerFactory(`${cell.actorClass} ${formatAddress(cell.address)}`));
    const enqueueWakeup = (ms: number, payload: unknown): void => {
      if (!cell.exited) this.enqueue(cell, wakeupMessage(ms, payload), cell.address);
    };
    return {
      address: cell.address,
      get logger(): Logger {
        return loggerOf();
      },
      get globalName(): string | null {
        return cell.globalName;
      },
      send: (to, message) => this.route(to, message, cell.address),
      createActor: (spec: ActorSpec, options: ActorCreateOptions) =>
        host.createChild(spec, { ...options, parent: cell.address }).then((r) => {
          if (r.created && !cell.exited) cell.children.set(r.address.id, r.address);
          return r.address;
        }),
      wakeupAfter: (ms, payload) => {
        if (cell.exited) return;
        const t = setTimeout(() => {
          cell.timersOrNull?.delete(t);
          enqueueWakeup(ms, payload);
        }, ms);
        cell.timers.add(t);
      },
      loadActorSource: (bytes, info) => host.loadActorSource(bytes, info),
      unloadActorSource: (h) => host.unloadActorSource(h),
      registerSourceAuthority: () => host.registerSourceAuthority(cell.address),
      notifyOnSourceAvailability: (enable) => host.notifyOnSourceAvailability(cell.address, enable),
      // A message to the system's own inbox, as in the original: the same way from the main thread
      // and from a source worker (the worker forwards it to the main thread like any message).
      notifyOnSystemRegistrationChanges: (enable) =>
        this.route(systemAdminAddress(this.systemName), notifyOnSystemRegistration(enable), cell.address),
      handleDeadLetters: (enable) =>
        this.route(systemAdminAddress(this.systemName), handleDeadLetters(enable), cell.address),
      updateCapability: (name, value) =>
        this.route(systemAdminAddress(this.systemName), updateCapability(name, value), cell.address),
      actorSystemShutdown: () => host.shutdownSystem(),
    };
  }

  private enqueue(cell: Cell, message: unknown, from: ActorAddress | null): void {
    const t = this.tail++;
    if (t < this.qCell.length) {
      this.qCell[t] = cell;
      this.qMsg[t] = message;
      this.qFrom[t] = from;
    } else {
      this.qCell.push(cell);
      this.qMsg.push(message);
      this.qFrom.push(from);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.immediate = setImmediate(this.run);
    }
  }

  /**
   * Hand out what is queued now rather than in the loop's check phase: for a host that has just
   * received a batch from another thread (a worker's port), the batch's own event is the turn,
   * and the immediate's pass (processImmediate and its bookkeeping) cost about 1.3 us of CPU per
   * round trip to a worker actor (18.6 -> 17.3 us, in-process, alternating runs). The queue order
   * is the same either way; from inside the run loop this does nothing (the loop goes on itself).
   */
  runNow(): void {
    if (!this.scheduled || this.running) return;
    clearImmediate(this.immediate);
    this.run();
  }

  private readonly run = (): void => {
    this.scheduled = false;
    this.running = true;
    const qCell = this.qCell;
    const qMsg = this.qMsg;
    const qFrom = this.qFrom;
    let budget = BATCH;
    // Counted in a local for the batch: one store to the stats per batch, not per message.
    let handled = this.stats.received;
    while (this.head < this.tail && budget-- > 0) {
      const i = this.head++;
      const cell = qCell[i]!;
      const message = qMsg[i];
      const from = qFrom[i]!;
      // The slot stays for reuse; what it held does not stay alive because of it.
      qCell[i] = null;
      qMsg[i] = undefined;
      qFrom[i] = null;
      if (cell.exited) {
        this.deadLetter(cell.address, message, from);
      } else if (cell.busy) {
        cell.backlog.push(message, from);
      } else if ((++handled & (HANDLER_SAMPLE_EVERY - 1)) === 0) {
        const t0 = performance.now();
        this.invoke(cell, message, from, 0);
        observeHandler(this.stats, (performance.now() - t0) / 1000);
      } else {
        this.invoke(cell, message, from, 0);
      }
    }
    this.stats.received = handled;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      // A burst's storage is not kept for good.
      if (qCell.length > QUEUE_KEEP) {
        qCell.length = 0;
        qMsg.length = 0;
        qFrom.length = 0;
      }
    } else if (this.head > 4096) {
      qCell.splice(0, this.head);
      qMsg.splice(0, this.head);
      qFrom.splice(0, this.head);
      this.tail -= this.head;
      this.head = 0;
    }
    this.running = false;
    this.host.flush();
    if (this.head < this.tail && !this.scheduled) {
      this.scheduled = true;
      this.immediate = setImmediate(this.run);
    }
  };

  private invoke(cell: Cell, message: unknown, from: ActorAddress | null, attempt: number): void {
    if (cell.isEndpoint) {
      try {
        cell.handler(message, from);
      } catch (e) {
        this.log.error(`endpoint ${cell.address.id} threw: ${describe(e)}`);
      }
      return;
    }
    if (isSystemMessage(message, 'ChildActorExited')) cell.childrenOrNull?.delete(message.childAddress.id);
    if (cell.idleTimer !== null) {
      clearTimeout(cell.idleTimer);
      cell.timersOrNull?.delete(cell.idleTimer);
      cell.idleTimer = null;
    }
    if (cell.lifeMs > 0) {
      // As the original's @transient: the lifetime starts with the first message.
      this.exitAfter(cell, cell.lifeMs);
      cell.lifeMs = -1;
    }
    let r: unknown;
    try {
      r = cell.handler(message, from);
    } catch (e) {
      this.failed(cell, message, from, e, attempt);
      if (attempt > 0) this.workDone(cell);
      return;
    }
    if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
      cell.busy = true;
      (r as PromiseLike<unknown>).then(
        () => {
          cell.busy = false;
          if (isSystemMessage(message, 'ActorExitRequest')) this.finishExit(cell, 'exit request');
          else {
            this.workDone(cell);
            this.resume(cell);
          }
        },
        (e: unknown) => {
          cell.busy = false;
          this.failed(cell, message, from, e, attempt);
          if (attempt > 0) this.workDone(cell);
          this.resume(cell);
        },
      );
      return;
    }
    if (isSystemMessage(message, 'ActorExitRequest')) this.finishExit(cell, 'exit request');
    else this.workDone(cell);
  }

  /** A message is done: a troupe worker's leader may hand it the next one; a transient actor's idle clock restarts. */
  private workDone(cell: Cell): void {
    if (cell.exited) return;
    if (cell.troupeOf !== null) cell.troupeOf.done(cell.address.id, cell.instance?.troupeWorkInProgress === true);
    this.armIdle(cell);
  }

  /** A transientIdle actor (the original's @transient_idle) asks itself to exit after idleMs without a message. */
  private armIdle(cell: Cell): void {
    if (cell.idleMs <= 0 || cell.exited || cell.idleTimer !== null) return;
    cell.idleTimer = this.exitAfter(cell, cell.idleMs, () => !cell.busy && cell.backlogLength === 0);
  }

  /** After `ms`, the actor gets ActorExitRequest from itself (cancelled when it ends first). */
  private exitAfter(cell: Cell, ms: number, still: () => boolean = () => true): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      cell.timersOrNull?.delete(t);
      if (cell.idleTimer === t) cell.idleTimer = null;
      if (!cell.exited && still()) this.enqueue(cell, actorExitRequest(), cell.address);
    }, ms);
    cell.timers.add(t);
    return t;
  }

  private failed(cell: Cell, message: unknown, from: ActorAddress | null, e: unknown, attempt: number): void {
    if (cell.exited) return;
    this.stats.failures++;
    const logger = this.loggerFactory(`${cell.actorClass} ${formatAddress(cell.address)}`);
    if (isSystemMessage(message, 'ActorExitRequest')) {
      logger.warning(`handler threw on ActorExitRequest (the actor ends anyway): ${describe(e)}`);
      this.finishExit(cell, 'exit request');
      return;
    }
    if (attempt === 0) {
      logger.warning(`handler threw, retrying the message once: ${describe(e)}`);
      this.invoke(cell, message, from, 1);
      return;
    }
    logger.error(`handler threw twice; returning the message to its sender as PoisonMessage: ${describe(e)}`);
    // A PoisonMessage about a PoisonMessage would bounce forever between two failing actors.
    if (from !== null && !isSystemMessage(message, 'PoisonMessage')) {
      try {
        this.route(from, poisonMessage(message, describe(e)), cell.address);
      } catch (err) {
        logger.error(`could not return the PoisonMessage: ${describe(err)}`);
      }
    }
  }

  private resume(cell: Cell): void {
    while (!cell.busy && !cell.exited && cell.backlogLength > 0) {
      const message = cell.backlog.shift();
      const from = cell.backlog.shift() as ActorAddress | null;
      this.invoke(cell, message, from, 0);
    }
  }

  private finishExit(cell: Cell, reason: string): void {
    if (cell.exited) return;
    cell.exited = true;
    cell.backlogOrNull = null;
    this.cells.delete(cell.address.id);
    if (cell.timersOrNull !== null) {
      for (const t of cell.timersOrNull) clearTimeout(t);
      cell.timersOrNull.clear();
    }
    if (cell.childrenOrNull !== null)
      for (const child of cell.childrenOrNull.values()) this.safeRoute(child, actorExitRequest(), cell.address);
    if (cell.parent !== null) this.safeRoute(cell.parent, childActorExited(cell.address, reason), cell.address);
    this.host.exited(cell, reason);
  }

  private safeRoute(to: ActorAddress, message: unknown, from: ActorAddress | null): void {
    try {
      this.route(to, message, from);
    } catch (e) {
      this.log.warning(`could not send ${describeType(message)} to ${formatAddress(to)}: ${describe(e)}`);
    }
  }
}

/** The class's `static transient` / `static transientIdle` (ms, a positive number), or 0. */
function transientMsOf(Cls: unknown, key: 'transient' | 'transientIdle', actorClass: string): number {
  const v = (Cls as Record<string, unknown>)[key];
  if (v === undefined || v === null || v === false) return 0;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new ActorSystemError(
      'INVALID_TRANSIENT_PERIOD',
      `${actorClass}.${key} must be a positive number of milliseconds; got ${JSON.stringify(v)}.`,
      {
        data: { actorClass },
      },
    );
  }
  return v;
}

function describe(e: unknown): string {
  // A coded error shows its code, so a PoisonMessage's details name it (e.g. INVALID_ACTOR_ADDRESS).
  const code = codeOf(e);
  if (e instanceof Error) return code !== undefined ? `${e.name} ${code}: ${e.message}` : `${e.name}: ${e.message}`;
  return String(e);
}

function describeType(m: unknown): string {
  return isSystemMessage(m) ? m.type : typeof m;
}
