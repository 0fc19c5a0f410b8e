/**
 * The channel between the main thread and the worker that hosts one loaded source.
 *
 * Rules: both directions send BATCHES (arrays of the tuples below) so that a burst of messages
 * costs one postMessage; every tuple is plain data (structured clone). A request carries an id
 * and gets exactly one reply (`r`); when the worker ends, the main side fails every pending
 * request with a code (one pending map per worker, emptied in one place). Actor ids inside a
 * worker are `w<workerIndex>.<n>`, so the main thread routes by the id's prefix. In an `m` frame an
 * address of the worker's own actor system travels as its id alone (a {@link LocalOrAddress}): a
 * string item deserializes without the object, its keys and its map that an address costs on each
 * side of every message (about 1.4 us of a 10-11 us bare round trip, measured with the frames of
 * an ask to an actor in a worker); another system's address stays the object.
 *
 * Every frame kind is a valibot schema here and its type is the schema's v.InferOutput. Each side
 * checks what it receives: the main thread what a worker posts (a source's own code can post on
 * its parentPort), a worker what another worker posts on a direct channel (a {@link PeerBatch}:
 * that worker's source can post on it too) and, for one check on both sides, what the main thread
 * posts. The main thread decodes with the schemas (an `m` frame by its fast guard first). A worker
 * checks with the guards of worker-guards.ts alone, so that its bundle carries no valibot; every
 * guard is paired with its schema here (`guarded`) and held to accept exactly what the schema
 * accepts by test/runtime/wire-guards.test.ts.
 */
import * as v from 'valibot';
import {
  COMMON_FROM_WORKER,
  isCommonFromWorker,
  isMessageFromWorkerFrame,
  isMessageToWorker,
  isPeerBatch,
  isToWorker,
} from './worker-guards';
import type { JsonValue } from './json-value';
import {
  address,
  decodeWith,
  describe,
  guarded,
  isPlainObject,
  jsonObject,
  keepingObject,
  openObject,
  type Decoded,
} from './wire-schema';

/** Given to the worker at start (`workerData`, or the first message of a spare): from the daemon's own code, not decoded. */
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

/**
 * A frame: an array of exactly these items. The length is checked on the input, before the
 * tuple: valibot's tuples take a shorter array when its last items accept undefined, and a length
 * check after the tuple sees the tuple's output, which has every item (a 3-item `["r", 1, true]`
 * passed it). A frame's length is part of its shape, as its guard says.
 */
function frame<const I extends v.TupleItems>(items: I) {
  const words = `a frame of ${items.length} item${items.length === 1 ? '' : 's'}`;
  return v.pipe(
    v.custom<unknown[]>((x) => Array.isArray(x) && x.length === items.length, words),
    v.strictTuple(items, words),
  );
}

const text = v.string('a string');
const requestId = v.number('a request id (a number)');
/** An actor id of the sending worker; whose it is, the receiver checks (it knows the worker's index). */
const actorId = v.string('an actor id');
const fromId = v.nullable(actorId);
const parent = v.nullable(address());
/** An id of the sender's own actor system, or an address of any system (see the rules above). */
const localOrAddress = v.union([actorId, address()], 'an actor id or an actor address { system: string, id: string }');
/** An address in an `m` frame: a string is an id of this actor system. */
export type LocalOrAddress = v.InferOutput<typeof localOrAddress>;
/** The keys of an error on the worker channel (what errorToWire writes). */
const ERROR_ENTRIES = {
  code: text,
  message: text,
  data: v.optional(v.unknown()),
  exitCode: v.optional(v.number('a number')),
};
/** What a wire error must hold; other keys are kept. */
const WireErrorSchema = keepingObject(ERROR_ENTRIES);
/** An error the main thread answers a request with (its other keys are not read). */
const ReplyErrorSchema = openObject(ERROR_ENTRIES);
/**
 * A plain object that is one of `options` by its `op` (each a v.strictObject: its keys are exactly
 * those listed); `words` name the whole when it is none. The plain-object test comes first, as
 * v.variant alone reads inherited keys and takes arrays (it claims the variant's input type only to
 * hand the value on: the variant checks every key).
 */
const opVariant = <const O extends v.VariantOptions<'op'>>(words: string, options: O) =>
  v.pipe(v.custom<v.InferInput<O[number]>>(isPlainObject, words), v.variant('op', options, words));

const WireCreateOptionsSchema = openObject({
  globalName: v.optional(text),
  targetActorRequirements: v.optional(jsonObject()),
  sourceHash: v.optional(text),
  parent: v.optional(address()),
});
/** How a create request places the actor (the options an actor gave, plus the source it names). */
export type WireCreateOptions = v.InferOutput<typeof WireCreateOptionsSchema>;

const REQUEST_WORDS = 'a request { op: "create" | "load" | "unload", ... }';
const WorkerRequestSchema = opVariant(REQUEST_WORDS, [
  v.strictObject({ op: v.literal('create'), spec: text, options: WireCreateOptionsSchema }),
  v.strictObject({
    op: v.literal('load'),
    bytes: v.custom<Uint8Array>((x) => x instanceof Uint8Array, 'a Uint8Array'),
    info: text,
  }),
  v.strictObject({ op: v.literal('unload'), sourceHash: text }),
]);
/** What a worker asks the main thread to do on behalf of one of its actors. */
export type WorkerRequest = v.InferOutput<typeof WorkerRequestSchema>;

const NOTICE_WORDS = 'a notice { op: "register-authority" | "notify-sources" | "shutdown", ... }';
const WorkerNoticeSchema = opVariant(NOTICE_WORDS, [
  v.strictObject({ op: v.literal('register-authority'), id: actorId }),
  v.strictObject({ op: v.literal('notify-sources'), id: actorId, enable: v.boolean('a boolean') }),
  v.strictObject({ op: v.literal('shutdown') }),
]);
/** One-way notices from a worker. */
export type WorkerNotice = v.InferOutput<typeof WorkerNoticeSchema>;

const LogLevelSchema = v.picklist(['debug', 'info', 'warning', 'error'], 'a log level (debug, info, warning, error)');
export type LogLevel = v.InferOutput<typeof LogLevelSchema>;

/** An opaque MessagePort (this module has no Node types). */
const PeerPortSchema = v.custom<object>((x) => typeof x === 'object' && x !== null, 'a MessagePort');
export type PeerPort = v.InferOutput<typeof PeerPortSchema>;

// ---- main → worker ----

/** deliver `message` to the local actor `toId`, from a sender (an id of this system, an address, or null) */
const MessageToWorker = frame([v.literal('m'), actorId, v.unknown(), v.nullable(localOrAddress)]);
const ToWorkerFrames = {
  m: MessageToWorker,
  /** create an actor of this source: answered with `r` */
  c: frame([v.literal('c'), requestId, text, WireCreateOptionsSchema]),
  /** reply to a worker request (`q`): its value, or an error */
  r: v.union(
    [
      frame([v.literal('r'), requestId, v.literal(true), v.unknown()]),
      frame([v.literal('r'), requestId, v.literal(false), ReplyErrorSchema]),
    ],
    'a reply ["r", id, true, value] or ["r", id, false, error]',
  ),
  /** send every actor ActorExitRequest; answer `e` when none is left */
  x: frame([v.literal('x'), text]),
  /** the system's capabilities changed (othercaps.cfg): this worker's own capability checks use them from now on */
  C: frame([v.literal('C'), jsonObject()]),
  /**
   * A direct channel for worker `peer`. `'send'`: the answer to this worker's `p` request (null
   * when the peer is gone: drop what was held for it); `'receive'`: messages from `peer` arrive
   * on this port as {@link PeerBatch}es.
   */
  P: frame([
    v.literal('P'),
    v.number('a worker index'),
    v.picklist(['send', 'receive'], '"send" or "receive"'),
    v.nullable(PeerPortSchema),
  ]),
  /** /metrics was scraped: answer `S` with the same id and this worker's counters */
  S: frame([v.literal('S'), requestId]),
} as const;
const ToWorkerSchema = v.union([
  ToWorkerFrames.m,
  ToWorkerFrames.c,
  ToWorkerFrames.r,
  ToWorkerFrames.x,
  ToWorkerFrames.C,
  ToWorkerFrames.P,
  ToWorkerFrames.S,
]);
/** main → worker */
export type ToWorker = v.InferOutput<typeof ToWorkerSchema>;

// ---- worker → main ----

/** deliver to any address (another worker, the main thread: an id of this system; another system: its address) */
const MessageFromWorker = frame([v.literal('m'), localOrAddress, v.unknown(), fromId]);
const FromWorkerFrames = {
  m: MessageFromWorker,
  /** the loader is set up */
  ready: frame([v.literal('ready')]),
  /** an actor of this worker started */
  s: frame([v.literal('s'), actorId, text, parent]),
  /** an actor of this worker ended */
  x: frame([v.literal('x'), actorId, text]),
  /**
   * Reply to a main request (`c`): the new actor's id, or an error. The value is decoded where the
   * request is settled (a malformed one must still settle it), so the frame only carries it.
   */
  r: frame([v.literal('r'), requestId, v.boolean('a boolean'), v.unknown()]),
  /** a request of an actor of this worker; answered with `r` */
  q: frame([v.literal('q'), requestId, WorkerRequestSchema]),
  n: frame([v.literal('n'), WorkerNoticeSchema]),
  /** a log record; the main thread also holds the worker to its log budget */
  l: frame([v.literal('l'), LogLevelSchema, text, text]),
  /** answer to `x`: every actor has ended */
  e: frame([v.literal('e')]),
  /**
   * Ask for a direct channel to worker `peer`. Ordering: until the answer comes, the worker holds
   * what it sends to that peer; everything it sent before the request went through the main
   * thread, which relays it to the peer before handing over the receiving end.
   */
  p: frame([
    v.literal('p'),
    v.pipe(v.number('a worker index'), v.integer('a worker index'), v.minValue(0, 'a worker index')),
  ]),
  /** answer to `S`: the worker's counters, decoded where the scrape is answered (as `r`'s value) */
  S: frame([v.literal('S'), requestId, v.unknown()]),
} as const;
const FromWorkerSchema = v.union([
  FromWorkerFrames.m,
  FromWorkerFrames.ready,
  FromWorkerFrames.s,
  FromWorkerFrames.x,
  FromWorkerFrames.r,
  FromWorkerFrames.q,
  FromWorkerFrames.n,
  FromWorkerFrames.l,
  FromWorkerFrames.e,
  FromWorkerFrames.p,
  FromWorkerFrames.S,
]);
/** worker → main */
export type FromWorker = v.InferOutput<typeof FromWorkerSchema>;

// ---- worker → worker ----

/** Worker → worker over a direct channel: columns, to keep structured clone cheap; one length. */
const PeerBatchSchema = v.pipe(
  frame([
    v.array(actorId, 'an array of actor ids'),
    v.array(v.unknown(), 'an array of messages'),
    v.array(fromId, 'an array of sender ids or nulls'),
  ]),
  v.check(
    ([ids, messages, froms]) => ids.length === messages.length && ids.length === froms.length,
    'columns of one length',
  ),
);
export type PeerBatch = v.InferOutput<typeof PeerBatchSchema>;

// ---- the fast guards ----

/** An `m` frame from a worker: every message out of a source crosses it. */
const GuardedMessageFromWorker = guarded(MessageFromWorker, (t): t is v.InferOutput<typeof MessageFromWorker> =>
  isMessageFromWorkerFrame(t),
);
/** An `m` frame to a worker: every message into a source crosses it. */
const GuardedMessageToWorker = guarded(MessageToWorker, isMessageToWorker);
const GuardedPeerBatch = guarded(PeerBatchSchema, isPeerBatch);
/** Every frame to a worker: the worker checks with the guard alone (worker-guards.ts says why). */
const GuardedToWorker = guarded(ToWorkerSchema, isToWorker);

/** The hot path's checks (the decoders below start with them too): a frame they pass needs no decode result. */
export const isMessageFromWorker = GuardedMessageFromWorker.guard;
export { isMessageToWorker, isPeerBatch, isToWorker };

/** Each common frame from a worker, its schema with its guard (worker-guards.ts COMMON_FROM_WORKER). */
const GuardedCommonFromWorker = Object.fromEntries(
  Object.keys(COMMON_FROM_WORKER).map((kind) => {
    const schema = (FromWorkerFrames as { readonly [k: string]: v.GenericSchema })[kind];
    const guard = (t: unknown): t is unknown => Array.isArray(t) && t[0] === kind && isCommonFromWorker(t);
    return [kind, guarded(schema, guard)];
  }),
);

/** The guarded schemas, for test/runtime/wire-guards.test.ts. */
export const GuardedWorkerFrames = {
  messageFromWorker: GuardedMessageFromWorker,
  messageToWorker: GuardedMessageToWorker,
  peerBatch: GuardedPeerBatch,
  toWorker: GuardedToWorker,
  commonFromWorker: GuardedCommonFromWorker,
} as const;

/** Every frame schema by direction and kind, for the tests. */
export const WorkerFrameSchemas = { toWorker: ToWorkerSchema, fromWorker: FromWorkerSchema } as const;

// ---- decoders ----

/** A decoded frame; a refused one says its kind when it named a known one (to answer a malformed request). */
type FrameDecoded<T> = Decoded<T> & { readonly kind?: string };

/** A frame of `frames` (kind → schema), by its kind: an array whose first item names one of them. */
function decodeFrame<S extends v.GenericSchema>(
  frames: ReadonlyMap<string, S>,
  t: unknown,
): FrameDecoded<v.InferOutput<S>> {
  if (!Array.isArray(t)) return { ok: false, message: `a frame must be an array, got ${describe(t)}` };
  const kind: unknown = t[0];
  const schema = typeof kind === 'string' ? frames.get(kind) : undefined;
  if (schema === undefined) return { ok: false, message: `a frame of unknown kind ${describe(kind)}` };
  const d = decodeWith(schema, t, `a "${String(kind)}" frame`);
  return d.ok ? d : { ...d, kind: String(kind) };
}
const FROM_WORKER = new Map(Object.entries(FromWorkerFrames));

/** One frame a worker posted (the caller checks which worker's ids it names). */
export function decodeFromWorker(t: unknown): FrameDecoded<FromWorker> {
  if (GuardedMessageFromWorker.guard(t)) return { ok: true, value: t };
  // Each held equal to its kind's schema by wire-guards.test.ts.
  if (isCommonFromWorker(t)) return { ok: true, value: t };
  return decodeFrame(FROM_WORKER, t);
}

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
export function decodeWorkerError(x: unknown): Decoded<v.InferOutput<typeof WireErrorSchema>> {
  return decodeWith(WireErrorSchema, x, 'error');
}
