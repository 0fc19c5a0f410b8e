/**
 * The channel between the main thread and the worker that hosts one loaded source.
 *
 * Rules: both directions send BATCHES (arrays of the tuples below) so that a burst of messages
 * costs one postMessage; every tuple is plain data (structured clone). A request carries an id
 * and gets exactly one reply (`r`); when the worker ends, the main side fails every pending
 * request with a code (one pending map per worker, emptied in one place). Actor ids inside a
 * worker are `w<workerIndex>.<n>`, so the main thread routes by the id's prefix.
 */
import * as v from 'valibot';
import type { ActorAddress } from './actor-address';
import type { JsonValue } from './json-value';
import type { WireError } from './errors';
import { decodeWith, keepingObject, openObject, type Decoded } from './wire-schema';

/** Given to the worker at start (`workerData`). */
export interface WorkerBoot {
  readonly systemName: string;
  readonly workerIndex: number;
  readonly sourceHash: string;
  readonly sourceInfo: string;
  /** The verified package: path inside the ZIP → bytes. */
  readonly entries: ReadonlyMap<string, Uint8Array>;
  readonly capabilities: { readonly [key: string]: JsonValue };
  /** Heap + Buffers/ArrayBuffers this worker may hold, MiB (checked in the worker; absent: unchecked). */
  readonly memoryBudgetMb?: number;
}

export interface WireCreateOptions {
  readonly globalName?: string;
  readonly targetActorRequirements?: { readonly [key: string]: JsonValue };
  readonly sourceHash?: string;
  readonly parent?: ActorAddress;
}

/** What a worker asks the main thread to do on behalf of one of its actors. */
export type WorkerRequest =
  | { readonly op: 'create'; readonly spec: string; readonly options: WireCreateOptions }
  | { readonly op: 'load'; readonly bytes: Uint8Array; readonly info: string }
  | { readonly op: 'unload'; readonly sourceHash: string };

/** One-way notices from a worker. */
export type WorkerNotice =
  | { readonly op: 'register-authority'; readonly id: string }
  | { readonly op: 'notify-sources'; readonly id: string; readonly enable: boolean }
  | { readonly op: 'shutdown' };

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** main → worker */
export type ToWorker =
  /** deliver `message` to the local actor `toId` */
  | readonly ['m', toId: string, message: unknown, from: ActorAddress | null]
  /** create an actor of this source */
  | readonly ['c', requestId: number, spec: string, options: WireCreateOptions]
  /** reply to a worker request */
  | readonly ['r', requestId: number, ok: boolean, value: unknown]
  /** send every actor ActorExitRequest; answer `e` when none is left */
  | readonly ['x', reason: string]
  /** the system's capabilities changed (othercaps.cfg): this worker's own capability checks use them from now on */
  | readonly ['C', capabilities: { readonly [key: string]: JsonValue }]
  /**
   * A direct channel for worker `peer`. `'send'`: the answer to this worker's `p` request (null
   * when the peer is gone: drop what was held for it); `'receive'`: messages from `peer` arrive
   * on this port as {@link PeerBatch}es.
   */
  | readonly ['P', peer: number, role: 'send' | 'receive', port: PeerPort | null]
  /** /metrics was scraped: answer `S` with the same id and this worker's counters */
  | readonly ['S', requestId: number];

/** worker → main */
export type FromWorker =
  /** the loader is set up */
  | readonly ['ready']
  /** deliver to any address (another worker, the main thread, another system) */
  | readonly ['m', to: ActorAddress, message: unknown, fromId: string | null]
  | readonly ['s', id: string, actorClass: string, parent: ActorAddress | null]
  | readonly ['x', id: string, reason: string]
  /** reply to a main request (`c`): the new actor's id, or an error */
  | readonly ['r', requestId: number, ok: boolean, value: string | WireError]
  | readonly ['q', requestId: number, request: WorkerRequest]
  | readonly ['n', notice: WorkerNotice]
  | readonly ['l', level: LogLevel, name: string, text: string]
  /** answer to `x`: every actor has ended */
  | readonly ['e']
  /**
   * Ask for a direct channel to worker `peer`. Ordering: until the answer comes, the worker holds
   * what it sends to that peer; everything it sent before the request went through the main
   * thread, which relays it to the peer before handing over the receiving end.
   */
  | readonly ['p', peer: number]
  /** answer to `S`: the worker's message counters, queue and heap (runtime/src/metrics/thread-stats.ts) */
  | readonly ['S', requestId: number, stats: WorkerStats];

/** An opaque MessagePort (this module has no Node types). */
export type PeerPort = object;

/** Worker → worker over a direct channel: columns, to keep structured clone cheap. */
export type PeerBatch = readonly [toIds: string[], messages: unknown[], fromIds: (string | null)[]];

// ---------------------------------------------------------------------------------------------
// What the main thread decodes from a worker beyond routing: the channel carries what a source's
// own code posts (parentPort is in its reach), so these values are checked, not trusted.

const count = v.number('a number');
/** A worker's answer to `S`: its message counters, queue and heap (runtime/src/metrics/thread-stats.ts). */
const WorkerStatsSchema = openObject({
  received: count,
  sent: count,
  failures: count,
  buckets: v.pipe(v.array(count, 'an array of numbers'), v.readonly()),
  sampledSum: count,
  sampledCount: count,
  /** Messages queued in the worker, not yet handled. */
  mailbox: count,
  /** Bytes of the worker's V8 heap in use. */
  heapUsed: count,
});
export type WorkerStats = v.InferOutput<typeof WorkerStatsSchema>;

export function decodeWorkerStats(x: unknown): Decoded<WorkerStats> {
  return decodeWith(WorkerStatsSchema, x, 'stats');
}

/** A failed request's error as a worker reports it (`r` with ok false); other keys (`exitCode`) are kept. */
const WorkerErrorSchema = keepingObject({
  code: v.string('a string'),
  message: v.string('a string'),
  data: v.optional(v.unknown()),
  exitCode: v.optional(v.number('a number')),
});

export function decodeWorkerError(x: unknown): Decoded<v.InferOutput<typeof WorkerErrorSchema>> {
  return decodeWith(WorkerErrorSchema, x, 'error');
}
