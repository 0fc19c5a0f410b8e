/**
 * The main thread's handle on one source worker: batching in both directions, the pending map
 * of create requests (failed with `SOURCE_WORKER_EXITED` in one place when the worker ends, however
 * it ends), the record of the worker's live actors, and termination with a deadline. The
 * transport is handed in: a real worker thread (./worker-transport) or, for the simple system,
 * the same host code running in this thread (./in-thread-transport); ./link-transport says what
 * a transport is.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ActorAddress } from '../protocol/actor-address';
import {
  decodeFromWorker,
  decodeWorkerError,
  decodeWorkerStats,
  isMessageFromWorker,
  type FromWorker,
  type LogLevel,
  type ToWorker,
  type WireCreateOptions,
  type WorkerBoot,
  type WorkerNotice,
  type WorkerRequest,
} from '../protocol/worker-protocol';
import { ActorSystemError, errorFromWire, errorToWire } from '../actors/actor-system-error';
import type { JsonValue } from '../protocol/json-value';
import type { WorkerStatsSnapshot } from '../metrics/thread-stats';
import type { LinkTransport, TransportFactory } from './link-transport';
import { LOG_CHARS_PER_S, LOG_RECORDS_PER_S, LogBudget, cutLogText } from './log-budget';

export interface WorkerLinkEvents {
  message(to: ActorAddress, message: unknown, from: ActorAddress | null, link: WorkerLink): void;
  started(address: ActorAddress, actorClass: string, parent: ActorAddress | null, link: WorkerLink): void;
  /** `workerEnded`: reported by the main side because the worker ended, not by the worker itself. */
  exited(
    address: ActorAddress,
    actorClass: string,
    parent: ActorAddress | null,
    reason: string,
    link: WorkerLink,
    workerEnded: boolean,
  ): void;
  request(request: WorkerRequest, link: WorkerLink): Promise<unknown>;
  notice(notice: WorkerNotice, link: WorkerLink): void;
  log(level: LogLevel, name: string, text: string): void;
  /** The worker asks for a direct channel to worker `peer`; answer with {@link WorkerLink.handOver}. */
  peer(peer: number, link: WorkerLink): void;
  /** The worker ended; every actor of it has been reported exited already. */
  gone(link: WorkerLink, reason: string): void;
  /** Every frame of one batch has been handled: what they queued can be handed out now, in this turn. */
  batchDone?(link: WorkerLink): void;
  /** A forged frame was dropped (the same bounded number per worker as the log lines): for the event stream and the audit log. */
  refused?(text: string, link: WorkerLink): void;
}

/** Forged frames logged per worker; a source that keeps forging cannot flood the log. */
const REFUSALS_LOGGED = 10;
/** The main thread's check of a worker's log budget (log-budget.ts): the worker's own, plus slack for its notes. */
const MAIN_LOG_BUDGET = { records: LOG_RECORDS_PER_S + 100, chars: LOG_CHARS_PER_S + 1024 * 1024 };
const LOG_NAME_MAX = 1024;

interface Pending {
  resolve(id: string): void;
  reject(e: Error): void;
}

export class WorkerLink {
  readonly index: number;
  readonly systemName: string;
  /** Live actors of this worker, by id: class and parent. */
  readonly actors = new Map<string, { actorClass: string; parent: ActorAddress | null }>();
  readonly ready: Promise<void>;
  private readonly transport: LinkTransport;
  private outbox: ToWorker[] = [];
  private flushScheduled = false;
  private nextRequest = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly statsWaiters = new Map<number, (s: WorkerStatsSnapshot | null) => void>();
  private alive = true;
  private refusals = 0;
  private readonly logBudget: LogBudget;
  private endReason: string | null = null;
  private readonly exitWaiters: Array<() => void> = [];
  private readonly goneWaiters: Array<() => void> = [];
  private resolveReady!: () => void;
  private rejectReady!: (e: Error) => void;

  constructor(
    boot: WorkerBoot,
    transport: TransportFactory,
    private readonly events: WorkerLinkEvents,
  ) {
    this.index = boot.workerIndex;
    this.systemName = boot.systemName;
    this.logBudget = new LogBudget(
      MAIN_LOG_BUDGET,
      (text) => this.events.log('warning', 'thespian.security', text),
      `source worker w${this.index}`,
    );
    this.ready = new Promise((res, rej) => {
      this.resolveReady = res;
      this.rejectReady = rej;
    });
    this.ready.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
    this.transport = transport(boot, {
      receive: (b) => this.receive(b),
      ended: (r) => this.ended(this.endReason ?? r),
    });
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** Deliver to actor `id` of this worker (the caller checked plain data). */
  deliver(id: string, message: unknown, from: ActorAddress | null): void {
    // A sender of this system goes as its id (worker-protocol.ts, LocalOrAddress).
    this.post(['m', id, message, from === null || from.system !== this.systemName ? from : from.id]);
  }

  /** Create in this worker; resolves with the new actor's id. */
  create(spec: string, options: WireCreateOptions): Promise<string> {
    if (!this.alive) return Promise.reject(this.goneError());
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(['c', id, spec, options]);
    });
  }

  /** Send every actor ActorExitRequest; resolves true when all ended within `deadlineMs`. */
  exitAll(reason: string, deadlineMs: number): Promise<boolean> {
    if (!this.alive || this.actors.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), deadlineMs);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.post(['x', reason]);
    });
  }

  /** New capabilities for the checks this worker makes itself (creates of its own source's classes). */
  updateCapabilities(capabilities: { readonly [key: string]: JsonValue }): void {
    if (this.alive) this.post(['C', capabilities]);
  }

  /** The worker's message counters (for /metrics); null when it has ended or does not answer within `deadlineMs`. */
  stats(deadlineMs = 1_000): Promise<WorkerStatsSnapshot | null> {
    if (!this.alive) return Promise.resolve(null);
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.statsWaiters.delete(id);
        resolve(null);
      }, deadlineMs);
      this.statsWaiters.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      this.post(['S', id]);
    });
  }

  /** Stop the worker (even one stuck in an endless loop) and wait until it has ended. */
  terminate(reason: string): Promise<void> {
    if (!this.alive) return Promise.resolve();
    this.endReason ??= reason;
    const done = new Promise<void>((resolve) => this.goneWaiters.push(resolve));
    this.transport.terminate(reason);
    return done;
  }

  /** Give the worker one end of a direct channel, after everything queued for it so far. */
  handOver(peer: number, role: 'send' | 'receive', port: MessagePort | null): void {
    if (!this.alive) {
      port?.close();
      return;
    }
    this.flush();
    const batch: ToWorker[] = [['P', peer, role, port]];
    this.transport.post(batch, port === null ? [] : [port]);
  }

  private post(t: ToWorker): void {
    if (!this.alive) return;
    this.outbox.push(t);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (!this.alive || this.outbox.length === 0) return;
    const batch = this.outbox;
    this.outbox = [];
    this.transport.post(batch, []);
  };

  /**
   * The worker's channel carries what the source's own code posts on it, not only what the
   * runtime writes (require('worker_threads').parentPort is in reach of any source). So nothing
   * on it is taken on trust: each frame is decoded by its schema (worker-protocol.ts; a message
   * by its fast guard), and one that does not decode, or that throws here, is dropped, not thrown
   * into the daemon's event loop; a sender or a started actor must be one of this worker's own
   * ids (else a source would speak as another source's actor, or make the Director restart
   * another group's actors with a forged exit).
   */
  private receive(batch: unknown): void {
    if (!Array.isArray(batch)) return this.refuse('a batch that is not an array');
    for (const t of batch) {
      let f: FromWorker;
      // A message frame (nearly every frame) passes the guard: no decode result to allocate.
      if (isMessageFromWorker(t)) f = t;
      else {
        const d = decodeFromWorker(t);
        if (!d.ok) {
          this.refuseFrame(t, d.message, d.kind);
          continue;
        }
        f = d.value;
      }
      try {
        this.receiveOne(f);
      } catch (e) {
        this.refuse(`a frame the daemon cannot take (${String(e).slice(0, 200)})`);
      }
    }
    this.events.batchDone?.(this);
  }

  /** A frame that did not decode; a malformed request is still answered, so the actor that made it is not left waiting. */
  private refuseFrame(t: unknown, problem: string, kind: string | undefined): void {
    this.refuse(`a malformed frame (${problem.slice(0, 200)})`);
    if (kind === 'q' && Array.isArray(t) && typeof t[1] === 'number')
      this.post([
        'r',
        t[1],
        false,
        {
          code: 'SOURCE_CALL_REFUSED',
          message: `the main thread refused a malformed request (${problem.slice(0, 200)})`,
        },
      ]);
  }

  private owns(id: unknown): id is string {
    return typeof id === 'string' && id.startsWith(`w${this.index}.`);
  }

  /** Drop a forged frame: logged (the first REFUSALS_LOGGED per worker, then once more to say the rest go unlogged). */
  private refuse(what: string): void {
    this.refusals++;
    if (this.refusals > REFUSALS_LOGGED + 1) return;
    const text =
      this.refusals > REFUSALS_LOGGED
        ? `SOURCE_CALL_REFUSED: source worker w${this.index} keeps posting forged frames; further ones are dropped without a line`
        : `SOURCE_CALL_REFUSED: source worker w${this.index} posted ${what}; dropped`;
    this.events.log('warning', 'thespian.security', text);
    this.events.refused?.(text, this);
  }

  private receiveOne(t: FromWorker): void {
    switch (t[0]) {
      case 'm':
        if (t[3] !== null && !this.owns(t[3]))
          return this.refuse(
            `a message claiming to come from ${JSON.stringify(t[3]).slice(0, 100)}, not one of its actors`,
          );
        this.events.message(
          typeof t[1] === 'string' ? { system: this.systemName, id: t[1] } : t[1],
          t[2],
          t[3] === null ? null : { system: this.systemName, id: t[3] },
          this,
        );
        break;
      case 's':
        if (!this.owns(t[1]))
          return this.refuse(`the start of ${JSON.stringify(t[1]).slice(0, 100)}, not one of its actors`);
        this.actors.set(t[1], { actorClass: t[2], parent: t[3] });
        this.events.started({ system: this.systemName, id: t[1] }, t[2], t[3], this);
        break;
      case 'x': {
        const a = this.actors.get(t[1]);
        this.actors.delete(t[1]);
        if (a !== undefined)
          this.events.exited({ system: this.systemName, id: t[1] }, a.actorClass, a.parent, t[2], this, false);
        break;
      }
      case 'r': {
        const p = this.pending.get(t[1]);
        this.pending.delete(t[1]);
        const value = t[3];
        if (!t[2]) {
          const e = decodeWorkerError(value);
          if (!e.ok) this.refuse(`a failed answer with a malformed error (${e.message})`);
          p?.reject(
            errorFromWire(
              e.ok
                ? e.value
                : {
                    code: 'SOURCE_CALL_REFUSED',
                    message: `source worker w${this.index} answered a request with a malformed error (${e.message})`,
                  },
            ),
          );
        } else if (this.owns(value)) {
          p?.resolve(value);
        } else {
          // A created actor lives in this worker: another id would hand the caller someone else's actor.
          p?.reject(
            new ActorSystemError(
              'SOURCE_CALL_REFUSED',
              `source worker w${this.index} answered a create with ${JSON.stringify(value).slice(0, 100)}, not one of its actors`,
            ),
          );
          this.refuse('a create answer naming an actor not its own');
        }
        break;
      }
      case 'q':
        this.answer(t[1], t[2]);
        break;
      case 'n':
        // A notice about an actor (register for source availability...) is about one of its own.
        if (t[1].op !== 'shutdown' && !this.owns(t[1].id))
          return this.refuse(`a notice for ${JSON.stringify(t[1].id).slice(0, 100)}, not one of its actors`);
        this.events.notice(t[1], this);
        break;
      case 'l':
        // The runtime's logger names are a class and an address; the daemon keeps a logger per name.
        if (t[2].length > LOG_NAME_MAX)
          return this.refuse(`a log record with a logger name of ${t[2].length} characters`);
        if (this.logBudget.admit(t[3])) this.events.log(t[1], t[2], cutLogText(t[3]));
        break;
      case 'e':
        for (const w of this.exitWaiters.splice(0)) w();
        break;
      case 'ready':
        this.resolveReady();
        break;
      case 'p':
        this.events.peer(t[1], this);
        break;
      case 'S': {
        const stats = decodeWorkerStats(t[2]);
        if (!stats.ok) this.refuse(`stats that are not stats (${stats.message})`);
        this.statsWaiters.get(t[1])?.(stats.ok ? stats.value : null);
        this.statsWaiters.delete(t[1]);
        break;
      }
    }
  }

  private answer(id: number, request: WorkerRequest): void {
    this.events.request(request, this).then(
      (v) => this.post(['r', id, true, v]),
      (e: unknown) => this.post(['r', id, false, errorToWire(e)]),
    );
  }

  private goneError(): ActorSystemError {
    return new ActorSystemError(
      'SOURCE_WORKER_EXITED',
      `The worker of this source has ended (${this.endReason ?? 'terminated'}).`,
    );
  }

  /** The one place where everything pending on this worker is settled. */
  private ended(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.outbox = [];
    const err = this.goneError();
    this.rejectReady(err);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const [id, a] of [...this.actors]) {
      this.actors.delete(id);
      this.events.exited({ system: this.systemName, id }, a.actorClass, a.parent, reason, this, true);
    }
    for (const w of this.statsWaiters.values()) w(null);
    this.statsWaiters.clear();
    for (const w of this.exitWaiters.splice(0)) w();
    this.events.gone(this, reason);
    for (const w of this.goneWaiters.splice(0)) w();
  }
}
