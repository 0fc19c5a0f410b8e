/**
 * Per-thread message counters, kept where the messages are handled (the realm of a source's
 * worker) as plain numbers and pulled by the daemon only when /metrics is scraped. Nothing is
 * posted per message and no label is built per message: that is what keeps the actor→actor cost
 * of metrics within a few per cent. The handler-time histogram times one message in
 * {@link HANDLER_SAMPLE_EVERY} (two clock reads per message would cost more than the counters).
 */
import type { WorkerStats } from '../protocol/worker-protocol';

/** Upper bounds (seconds) of the handler-time histogram buckets; +Inf is implied. */
export const HANDLER_BUCKETS_S: readonly number[] = [0.00001, 0.0001, 0.001, 0.01, 0.1, 1, 10];
/** One handled message in this many is timed (a power of two: the check is a mask). */
export const HANDLER_SAMPLE_EVERY = 128;

export interface ThreadStats {
  /** Messages handed to an actor's handler. */
  received: number;
  /** Messages sent by this thread's actors (to any address). */
  sent: number;
  /** Handlers that threw. */
  failures: number;
  /** Per bucket of HANDLER_BUCKETS_S plus one for +Inf: timed handlers (not cumulative). */
  readonly buckets: number[];
  sampledSum: number;
  sampledCount: number;
}

export function newThreadStats(): ThreadStats {
  return {
    received: 0,
    sent: 0,
    failures: 0,
    buckets: new Array<number>(HANDLER_BUCKETS_S.length + 1).fill(0),
    sampledSum: 0,
    sampledCount: 0,
  };
}

export function observeHandler(stats: ThreadStats, seconds: number): void {
  let i = 0;
  while (i < HANDLER_BUCKETS_S.length && seconds > HANDLER_BUCKETS_S[i]) i++;
  stats.buckets[i]++;
  stats.sampledSum += seconds;
  stats.sampledCount++;
}

/** What a worker answers to a stats request: its counters, its queue, its heap (its schema: runtime/src/protocol/worker-protocol.ts). */
export type WorkerStatsSnapshot = WorkerStats;

/** One loaded source's figures as the system reports them to the metrics endpoint. */
export interface SourceStats extends WorkerStatsSnapshot {
  readonly sourceHash: string;
  readonly info: string;
  /** Times the source's worker was started again after it ended (crash, exit, out of memory). */
  readonly restarts: number;
}
