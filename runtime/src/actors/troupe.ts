/**
 * A troupe: one address in front of a pool of identical workers of one actor class (the
 * original's `@troupe`). An actor class opts in with `static troupe = { maxCount, idleCount }`;
 * every `createActor` of it then returns the address of a leader that hands each message to an
 * idle worker, starts another (up to `maxCount`) when all are busy, queues the rest, and ends
 * idle workers beyond `idleCount`. The workers are real actors (children of the leader, their own
 * addresses), so replies go straight from the worker to the original sender.
 *
 * A worker is busy while its `receiveMessage` runs (until its promise settles) and, like the
 * original's `troupe_work_in_progress`, for as long as it leaves `troupeWorkInProgress` true
 * (e.g. while it waits for an answer from another actor).
 */
import type { ActorAddress } from '../protocol/actor-address';
import { isSystemMessage } from '../protocol/system-messages';
import { ActorSystemError } from './actor-system-error';

export interface TroupeSettings {
  /** Most workers at once. Default 10. */
  readonly maxCount?: number;
  /** Idle workers kept for the next burst; more idle ones are ended. Default 2. */
  readonly idleCount?: number;
}

const DEFAULT_MAX = 10;
const DEFAULT_IDLE = 2;

/** The class's `static troupe`, checked; undefined for ordinary classes. */
export function troupeSettingsOf(Cls: unknown, actorClass: string): Required<TroupeSettings> | undefined {
  const raw = (Cls as { troupe?: unknown }).troupe;
  if (raw === undefined || raw === null || raw === false) return undefined;
  return checkSettings(
    raw === true ? {} : raw,
    { maxCount: DEFAULT_MAX, idleCount: DEFAULT_IDLE },
    `${actorClass}.troupe`,
  );
}

function checkSettings(raw: unknown, base: Required<TroupeSettings>, what: string): Required<TroupeSettings> {
  const s = (typeof raw === 'object' && raw !== null ? raw : { maxCount: raw }) as {
    maxCount?: unknown;
    idleCount?: unknown;
  };
  const maxCount = s.maxCount ?? base.maxCount;
  const idleCount = s.idleCount ?? Math.min(base.idleCount, typeof maxCount === 'number' ? maxCount : base.idleCount);
  if (
    typeof maxCount !== 'number' ||
    typeof idleCount !== 'number' ||
    !Number.isInteger(maxCount) ||
    maxCount < 1 ||
    !Number.isInteger(idleCount) ||
    idleCount < 0 ||
    idleCount > maxCount
  ) {
    throw new ActorSystemError(
      'INVALID_TROUPE_SETTINGS',
      `${what} must be { maxCount?: integer >= 1, idleCount?: integer 0..maxCount } (static troupe = true takes the defaults ${DEFAULT_MAX} and ${DEFAULT_IDLE}); got ${JSON.stringify(raw)}.`,
      { data: { what } },
    );
  }
  return { maxCount, idleCount };
}

/** What the troupe needs from the realm that hosts it. */
export interface TroupeHost {
  /** Start one more worker (a child of the leader); returns its address. */
  spawn(): ActorAddress;
  /** Queue `message` for the worker as if `from` had sent it. */
  deliver(worker: ActorAddress, message: unknown, from: ActorAddress | null): void;
  /** Ask the worker to end (it is idle and surplus). */
  retire(worker: ActorAddress): void;
  /** A message the troupe can no longer hand to anyone (the leader is ending). */
  deadLetter(message: unknown, from: ActorAddress | null): void;
  /** Answer `to` from the leader (settings requests). */
  reply(to: ActorAddress, message: unknown): void;
}

export class Troupe {
  /** Workers by id: true while busy with troupe work. */
  private readonly workers = new Map<string, { address: ActorAddress; busy: boolean }>();
  private readonly idle: ActorAddress[] = [];
  private readonly queue: Array<[unknown, ActorAddress | null]> = [];

  constructor(
    private settings: Required<TroupeSettings>,
    private readonly host: TroupeHost,
  ) {}

  get size(): number {
    return this.workers.size;
  }

  /** The leader's handler. */
  receive(message: unknown, from: ActorAddress | null): void {
    if (isSystemMessage(message, 'ActorExitRequest')) {
      // The leader ends and its workers with it (they are its children); nothing waits any more.
      for (const [m, f] of this.queue.splice(0)) this.host.deadLetter(m, f);
      return;
    }
    if (isSystemMessage(message, 'UpdateTroupeSettings')) {
      // Invalid values throw INVALID_TROUPE_SETTINGS: the asker gets it back as a PoisonMessage.
      const { maxCount, idleCount } = message;
      this.settings = checkSettings({ maxCount, idleCount }, this.settings, 'UpdateTroupeSettings');
      this.retireSurplus();
      this.drain();
      if (from !== null) {
        this.host.reply(from, {
          troupe: { ...this.settings, workers: this.workers.size, idle: this.idle.length, queued: this.queue.length },
        });
      }
      return;
    }
    if (isSystemMessage(message, 'ChildActorExited')) {
      if (this.workers.delete(message.childAddress.id)) {
        const i = this.idle.findIndex((a) => a.id === message.childAddress.id);
        if (i >= 0) this.idle.splice(i, 1);
        this.drain();
      }
      return;
    }
    this.queue.push([message, from]);
    this.drain();
  }

  /** A worker finished a message; `inProgress` is its `troupeWorkInProgress`. */
  done(workerId: string, inProgress: boolean): void {
    const w = this.workers.get(workerId);
    if (w === undefined || !w.busy || inProgress) return;
    w.busy = false;
    if (this.workers.size > this.settings.maxCount) {
      // maxCount was lowered while it worked.
      this.workers.delete(workerId);
      this.host.retire(w.address);
      return;
    }
    const next = this.queue.shift();
    if (next !== undefined) {
      this.dispatch(w, next[0], next[1]);
      return;
    }
    this.idle.push(w.address);
    this.retireSurplus();
  }

  /** End idle workers beyond idleCount, and idle ones beyond a lowered maxCount. */
  private retireSurplus(): void {
    while (
      this.idle.length > this.settings.idleCount ||
      (this.idle.length > 0 && this.workers.size > this.settings.maxCount)
    ) {
      const surplus = this.idle.shift()!;
      this.workers.delete(surplus.id);
      this.host.retire(surplus);
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      let address = this.idle.pop();
      if (address === undefined) {
        if (this.workers.size >= this.settings.maxCount) return;
        address = this.host.spawn();
        this.workers.set(address.id, { address, busy: false });
      }
      const [m, f] = this.queue.shift()!;
      this.dispatch(this.workers.get(address.id)!, m, f);
    }
  }

  private dispatch(w: { address: ActorAddress; busy: boolean }, message: unknown, from: ActorAddress | null): void {
    w.busy = true;
    this.host.deliver(w.address, message, from);
  }
}
