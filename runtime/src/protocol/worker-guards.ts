/**
 * The worker channel's checks without a schema library: one guard per frame a worker receives
 * (every frame the main thread posts, and the batches another worker posts on a direct channel),
 * and the `m` frame a worker posts. A source worker runs these only: its bundle must not carry
 * valibot and the frame schemas, which cost every loaded source about 1.7 MiB of memory and made
 * its first creates slower (measured against the build before they were added). Each guard is
 * paired with its schema in worker-protocol.ts, which stays the definition of the frame and its
 * type, and test/runtime/wire-guards.test.ts holds every guard to accept exactly what its schema
 * accepts.
 */
import { isActorAddress } from './actor-address';
import { isPlainObject } from './plain-object';
import { isJsonValue } from './value-checks';
import type { FromWorker, PeerBatch, ToWorker } from './worker-protocol';

type MessageToWorker = Extract<ToWorker, readonly ['m', ...unknown[]]>;

/** A number as the schemas take one (valibot's number refuses NaN). */
const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const isFromId = (x: unknown): x is string | null => x === null || typeof x === 'string';
const optional = (x: unknown, check: (y: unknown) => boolean): boolean => x === undefined || check(x);
const isString = (x: unknown): x is string => typeof x === 'string';
/** An `m` frame's address: an id of this actor system, or an address of any (worker-protocol.ts LocalOrAddress). */
const isLocalOrAddress = (x: unknown): boolean => typeof x === 'string' || isActorAddress(x);

/** An `m` frame from a worker: every message out of a source crosses it. */
export function isMessageFromWorkerFrame(t: unknown): boolean {
  return Array.isArray(t) && t.length === 4 && t[0] === 'm' && isLocalOrAddress(t[1]) && isFromId(t[3]);
}

/** The log levels of an `l` frame (the LogLevel schema's picklist). */
const LOG_LEVELS: readonly unknown[] = ['debug', 'info', 'warning', 'error'];

/**
 * The frames a worker posts often besides `m` (each create, actor exit, log record and scrape),
 * by kind, for an array whose first item is that kind: the main thread passes them without a
 * schema decode. Requests (`q`) and notices (`n`) are rarer and decoded by their schemas.
 */
export const COMMON_FROM_WORKER: { readonly [kind: string]: (t: readonly unknown[]) => boolean } = {
  ready: (t) => t.length === 1,
  s: (t) => t.length === 4 && isString(t[1]) && isString(t[2]) && (t[3] === null || isActorAddress(t[3])),
  x: (t) => t.length === 3 && isString(t[1]) && isString(t[2]),
  r: (t) => t.length === 4 && isNumber(t[1]) && typeof t[2] === 'boolean',
  l: (t) => t.length === 4 && LOG_LEVELS.includes(t[1]) && isString(t[2]) && isString(t[3]),
  e: (t) => t.length === 1,
  p: (t) => t.length === 2 && isNumber(t[1]) && Number.isInteger(t[1]) && t[1] >= 0,
  S: (t) => t.length === 3 && isNumber(t[1]),
};

/** True for a frame of one of the COMMON_FROM_WORKER kinds that its guard passes. */
export function isCommonFromWorker(t: unknown): t is FromWorker {
  if (!Array.isArray(t)) return false;
  const kind: unknown = t[0];
  if (typeof kind !== 'string' || !Object.hasOwn(COMMON_FROM_WORKER, kind)) return false;
  return COMMON_FROM_WORKER[kind](t);
}

/** An `m` frame to a worker: every message into a source crosses it. */
export function isMessageToWorker(t: unknown): t is MessageToWorker {
  return (
    Array.isArray(t) &&
    t.length === 4 &&
    t[0] === 'm' &&
    typeof t[1] === 'string' &&
    (t[3] === null || isLocalOrAddress(t[3]))
  );
}

/** A worker → worker batch: three columns of one length (ids, messages, sender ids or nulls). */
export function isPeerBatch(b: unknown): b is PeerBatch {
  if (!Array.isArray(b) || b.length !== 3) return false;
  const ids: unknown = b[0];
  const messages: unknown = b[1];
  const froms: unknown = b[2];
  if (!Array.isArray(ids) || !Array.isArray(messages) || !Array.isArray(froms)) return false;
  if (messages.length !== ids.length || froms.length !== ids.length) return false;
  for (let i = 0; i < ids.length; i++) if (typeof ids[i] !== 'string' || !isFromId(froms[i])) return false;
  return true;
}

/** How a create places the actor (WireCreateOptions): other keys are allowed, as the schema allows them. */
function isCreateOptions(o: unknown): boolean {
  return createOptionsProblem(o) === undefined;
}

/** Why create options are refused, in the words of their schema (the worker answers the create with it). */
export function createOptionsProblem(o: unknown): string | undefined {
  if (!isPlainObject(o)) return 'the options must be an object';
  if (!optional(o['globalName'], isString)) return 'globalName must be a string';
  if (!optional(o['targetActorRequirements'], (x) => isPlainObject(x) && isJsonValue(x)))
    return 'targetActorRequirements must be an object of plain JSON data';
  if (!optional(o['sourceHash'], isString)) return 'sourceHash must be a string';
  if (!optional(o['parent'], isActorAddress)) return 'parent must be an actor address { system: string, id: string }';
  return undefined;
}

/** The error a request is answered with: code and message strings, an optional numeric exitCode. */
function isReplyError(o: unknown): boolean {
  return isPlainObject(o) && isString(o['code']) && isString(o['message']) && optional(o['exitCode'], isNumber);
}

/** Any frame the main thread posts to a worker. */
export function isToWorker(t: unknown): t is ToWorker {
  if (!Array.isArray(t)) return false;
  switch (t[0]) {
    case 'm':
      return isMessageToWorker(t);
    case 'c':
      return t.length === 4 && isNumber(t[1]) && isString(t[2]) && isCreateOptions(t[3]);
    case 'r':
      return t.length === 4 && isNumber(t[1]) && (t[2] === true || (t[2] === false && isReplyError(t[3])));
    case 'x':
      return t.length === 2 && isString(t[1]);
    case 'C':
      return t.length === 2 && isPlainObject(t[1]) && isJsonValue(t[1]);
    case 'P':
      return (
        t.length === 4 &&
        isNumber(t[1]) &&
        (t[2] === 'send' || t[2] === 'receive') &&
        (t[3] === null || (typeof t[3] === 'object' && t[3] !== null))
      );
    case 'S':
      return t.length === 2 && isNumber(t[1]);
    default:
      return false;
  }
}
