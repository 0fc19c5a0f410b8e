/**
 * Deadlines for requests and asks without a Node timer each. Requests of one link (and the
 * daemon's asks) nearly all use the same few waits (5 s, 30 s...), and deadlines of one wait
 * expire in the order they were set: so each distinct wait has one FIFO lane and at most one
 * timer, armed for the lane's oldest live deadline. Setting and cancelling a deadline is a push
 * and a flag; a profile of pipelined asks showed a Timeout object per ask, on both sides, as
 * part of the garbage collector's time.
 *
 * A lane's timer keeps the process alive while the lane holds a live deadline (an in-process ask
 * has nothing else to wait on), and no longer once they are all cancelled: a process that got
 * its answers exits at once, not when the longest wait would have ended.
 */

const NOTHING = (): void => undefined;

/**
 * One deadline. `add(ms, fn)` makes one around a function; an owner that keeps a record per
 * request anyway (a link's pending request, an ask) extends this class and overrides `fire` and
 * `release`, and passes the record itself to `schedule`: no closure and no second object per request.
 */
export class Deadline {
  /** Set once it fired or was cancelled. */
  done = false;
  lane!: Lane;
  at = 0;
  constructor(
    /** Dropped on cancel, so that what it holds (a promise's resolvers) is free at once. */
    private onDue: () => void = NOTHING,
  ) {}

  /** Called once when due (never after a cancel). */
  fire(): void {
    this.onDue();
  }

  /** Called on cancel: drop what the deadline holds, since a lane may keep it a while longer. */
  release(): void {
    this.onDue = NOTHING;
  }
}

/** The deadlines of one wait, oldest first from `head`. */
export class Lane {
  queue: Deadline[] = [];
  head = 0;
  timer: NodeJS.Timeout | undefined;
}

/** Idle lanes are dropped when this many distinct waits exist (then at twice the number left). */
const LANE_SWEEP_AT = 64;

export class Deadlines {
  private readonly lanes = new Map<number, Lane>();
  // Grows with the live lanes, so that a peer choosing a new wait for every request costs one
  // sweep per doubling, not one per request.
  private sweepAt = LANE_SWEEP_AT;

  /** Call `fire` once `ms` (a whole number > 0) has passed, unless cancelled first. */
  add(ms: number, fire: () => void): Deadline {
    return this.schedule(ms, new Deadline(fire));
  }

  /** `d.fire()` once `ms` (a whole number > 0) has passed, unless cancelled first. Returns `d`. */
  schedule<D extends Deadline>(ms: number, d: D): D {
    let lane = this.lanes.get(ms);
    if (lane === undefined) {
      if (this.lanes.size >= this.sweepAt) {
        this.dropIdleLanes();
        this.sweepAt = Math.max(LANE_SWEEP_AT, this.lanes.size * 2);
      }
      lane = new Lane();
      this.lanes.set(ms, lane);
    }
    d.lane = lane;
    d.at = performance.now() + ms;
    const wasEmpty = lane.head === lane.queue.length;
    lane.queue.push(d);
    // A timer armed for an earlier deadline re-arms itself for this one when it fires.
    if (lane.timer === undefined) this.arm(lane, d.at);
    else if (wasEmpty) lane.timer.ref();
    return d;
  }

  cancel(d: Deadline): void {
    if (d.done) return;
    d.done = true;
    d.release();
    // Answers mostly come in the order asked: drop the cancelled ones at the front now, so that a
    // lane holds about as many entries as there are requests in flight, not every one of the last `ms`.
    const lane = d.lane;
    const q = lane.queue;
    while (lane.head < q.length && q[lane.head].done) lane.head++;
    if (lane.head === q.length) {
      q.length = 0;
      lane.head = 0;
      // Left armed (re-arming per request is what this saves) but no reason to stay alive.
      lane.timer?.unref();
    } else if (lane.head > 1024 && lane.head * 2 > q.length) {
      q.splice(0, lane.head);
      lane.head = 0;
    }
  }

  private arm(lane: Lane, at: number): void {
    lane.timer = setTimeout(() => this.expire(lane), Math.max(1, Math.ceil(at - performance.now())));
  }

  private expire(lane: Lane): void {
    lane.timer = undefined;
    const now = performance.now();
    const q = lane.queue;
    // Collect first, then fire: a fire callback may add deadlines to this very lane.
    const due: Deadline[] = [];
    while (lane.head < q.length) {
      const d = q[lane.head];
      if (!d.done && d.at > now) break;
      lane.head++;
      if (!d.done) {
        d.done = true;
        due.push(d);
      }
    }
    if (lane.head === q.length) {
      q.length = 0;
      lane.head = 0;
    } else if (lane.head > 1024) {
      q.splice(0, lane.head);
      lane.head = 0;
    }
    if (lane.head < q.length && lane.timer === undefined) this.arm(lane, q[lane.head].at);
    for (const d of due) d.fire();
  }

  private dropIdleLanes(): void {
    for (const [ms, lane] of this.lanes) {
      if (lane.timer === undefined && lane.head === lane.queue.length) this.lanes.delete(ms);
    }
  }
}

/** The one set of lanes of this thread: links and asks share the lanes of equal waits. */
export const deadlines = new Deadlines();
