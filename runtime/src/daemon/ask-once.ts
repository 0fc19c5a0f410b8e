import type { Ask } from '../protocol/admin-protocol';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import { isReplyMessage } from '../protocol/system-messages';
import type { ActorSystemCore, ReplyAddresses } from '../system/system-core';
import { Deadline, deadlines } from '../transport/deadlines';
import { DaemonError } from './daemon-error';

/**
 * Where an ask's outcome goes: `tag` names the ask to the sink. A Link is one (tag: the request
 * id, answered straight into a response frame); {@link askOnce} makes one around a promise.
 */
export interface AskSink {
  answer(tag: number, result: Ask.Result): void;
  answerError(tag: number, error: unknown): void;
}

/** One ask in flight: its own deadline (no timer, no closure of its own). */
class PendingAsk extends Deadline {
  constructor(
    readonly asks: SystemAsks,
    readonly id: string,
    readonly to: ActorAddress,
    readonly timeoutMs: number,
    public sink: AskSink | null,
    readonly tag: number,
  ) {
    super();
  }

  override fire(): void {
    this.asks.timedOut(this);
  }

  override release(): void {
    this.sink = null;
  }
}

/**
 * The asks of one system: one reply range (a fresh address per ask, one handler for all) and the
 * asks in flight by reply id. Per ask that is an address, this record and a map entry; a profile
 * of pipelined asks had an endpoint cell, its closures and a timer per ask.
 */
class SystemAsks {
  private readonly pending = new Map<string, PendingAsk>();
  private readonly replies: ReplyAddresses;

  constructor(private readonly system: ActorSystemCore) {
    this.replies = system.openReplies((id, reply, sender) => this.receive(id, reply, sender));
  }

  ask(to: ActorAddress, message: unknown, timeoutMs: number, sink: AskSink, tag: number): void {
    const address = this.replies.next();
    const p = deadlines.schedule(timeoutMs, new PendingAsk(this, address.id, to, timeoutMs, sink, tag));
    this.pending.set(address.id, p);
    try {
      this.system.tell(to, message, address);
    } catch (e) {
      this.pending.delete(address.id);
      deadlines.cancel(p);
      sink.answerError(tag, e);
    }
  }

  private receive(id: string, reply: unknown, sender: ActorAddress | null): boolean {
    const p = this.pending.get(id);
    // Answered or timed out already: a dead letter, as for the closed endpoint of an ask.
    if (p === undefined) return false;
    // As the original: a system message (an echoed ActorExitRequest...) is never the reply;
    // PoisonMessage is the one exception. The ask goes on waiting.
    if (!isReplyMessage(reply)) return true;
    this.pending.delete(id);
    const sink = p.sink!;
    deadlines.cancel(p);
    sink.answer(p.tag, { reply, sender });
    return true;
  }

  timedOut(p: PendingAsk): void {
    this.pending.delete(p.id);
    const sink = p.sink!;
    p.sink = null;
    sink.answerError(
      p.tag,
      new DaemonError('ASK_TIMEOUT', `no reply from ${formatAddress(p.to)} within ${p.timeoutMs} ms`, {
        data: { to: p.to, timeoutMs: p.timeoutMs },
      }),
    );
  }
}

const asksOf = new WeakMap<ActorSystemCore, SystemAsks>();

/**
 * Send `message` from a fresh reply address and give `sink` the first message that address
 * receives that is not a system message (the original's ask; PoisonMessage does count), or
 * ASK_TIMEOUT after `timeoutMs`. Either way the address is done with: a late reply is a dead
 * letter, never delivered to the next ask.
 */
export function askInto(
  system: ActorSystemCore,
  to: ActorAddress,
  message: unknown,
  timeoutMs: number,
  sink: AskSink,
  tag: number,
): void {
  let asks = asksOf.get(system);
  if (asks === undefined) {
    asks = new SystemAsks(system);
    asksOf.set(system, asks);
  }
  asks.ask(to, message, timeoutMs, sink, tag);
}

/** {@link askInto} as a promise: resolves with the reply, rejects with ASK_TIMEOUT or the send's error. */
export function askOnce(
  system: ActorSystemCore,
  to: ActorAddress,
  message: unknown,
  timeoutMs: number,
): Promise<Ask.Result> {
  return new Promise((resolve, reject) => {
    askInto(
      system,
      to,
      message,
      timeoutMs,
      {
        answer: (_tag, r) => resolve(r),
        answerError: (_tag, e) => reject(e instanceof Error ? e : new Error(String(e))),
      },
      0,
    );
  });
}
