/**
 * (Over 400 lines: the frame rules, every method's contract and the frame decoder are one
 * protocol, read and changed together; a method's shapes sit beside the rules they obey.)
 *
 * The admin protocol: how the CLI, DirectorControl, the VS Code extension and any `ActorSystem`
 * client talk to the daemon over a WebSocket on the admin port. The same frame rules serve the
 * daemon↔daemon convention links (with their own hello), so the transport is written once.
 *
 * Rules of this protocol:
 * - **Frames** are UTF-8 JSON text, one object per WebSocket message. Binary frames are refused.
 *   A frame is a {@link RequestFrame} (`id`, `method`, `params`, `timeoutMs`), a
 *   {@link ResponseFrame} (`id` and either `result` or `error`) or an {@link EventFrame}
 *   (`event`, `params`; no id, no reply). Unknown keys are errors.
 * - **Hello first.** The first frame a client sends must be the request {@link Hello} carrying the
 *   admin token (read from the daemon's private folder). Anything else, a wrong token, or no hello
 *   within {@link HELLO_TIMEOUT_MS} gets one error response and the socket is closed with
 *   {@link CloseCode.Unauthorized}; nothing else from that socket is read. Tokens are compared in
 *   constant time.
 * - **Ids.** Each side numbers its own requests (positive integers, unique per link while
 *   pending). Every request gets exactly one response with the same id. A frame so malformed
 *   that no id can be read is answered with an error response of id 0.
 * - **Deadlines.** Every request carries `timeoutMs` (1 ms … {@link MAX_TIMEOUT_MS}); the sender
 *   fails it locally with `TRANSPORT_TIMEOUT` when no response came in time, and the receiver
 *   bounds its own work by it (an `ask` waits at most that long for the actor's reply).
 * - **Errors** are `{ code, message, data? }` ({@link WireError}): a string code from a closed list
 *   per area (docs/errors/*.md), a message that says what, where and what to do.
 * - **Malformed frames** (not JSON, not an object, unknown method, bad params) get an error
 *   response with code `ADMIN_BAD_FRAME` / `ADMIN_UNKNOWN_METHOD` / `ADMIN_BAD_PARAMS` naming the
 *   field and what was expected; the link stays open and the daemon carries on.
 * - **Limits.** A frame larger than the receiver's `maxPayload` (daemon default
 *   {@link DEFAULT_MAX_PAYLOAD}) closes the link with close code 1009; senders check before sending.
 *   Peers answer WebSocket pings; a peer silent for two heartbeat periods is terminated.
 * - **Closing** a link fails every pending request on both sides with `TRANSPORT_CLOSED`.
 * - **Events** are pushed only to links that {@link Subscribe}d, in the generic
 *   {@link AdminEvent} envelope; clients never poll.
 * - **Messages to actors** (`tell`, `ask`) are plain JSON data ({@link JsonValue}); anything else
 *   fails at the sender with `TRANSPORT_NOT_PLAIN_DATA`.
 *
 * To add a request: 1. a namespace here (method string beside its types) and its params schema in
 * {@link ParamsSchemas} (Params is the schema's v.InferOutput), 2. its validator in
 * runtime/src/daemon/admin-params.ts, 3. its handler in runtime/src/daemon/admin-handlers.ts,
 * 4. a client method in runtime/src/client/admin-client.ts, 5. a test in test/daemon/.
 */

import * as v from 'valibot';
import type { ActorAddress } from './actor-address';
import type { WireError } from './errors';
import type { JsonValue } from './json-value';
import { isActorAddress } from './actor-address';
import {
  address,
  closedObject,
  decodeGuarded,
  decodeWith,
  guarded,
  isJsonValue,
  isPlainObject,
  jsonObject,
  jsonValue,
  keepingObject,
  nonEmptyString,
  onlyKeys,
  type Decoded,
} from './wire-schema';

/** Bumped when a frame or method changes incompatibly; the hello refuses other versions. */
export const ADMIN_PROTOCOL_VERSION = 1;

/** Largest frame the daemon accepts unless configured otherwise (64 MiB). */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;
/** A client that sent no hello by then is disconnected. */
export const HELLO_TIMEOUT_MS = 5_000;
/** Upper bound of any request's `timeoutMs`. */
export const MAX_TIMEOUT_MS = 10 * 60_000;
/** Default deadline of a request whose caller named none. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default heartbeat period; a peer silent for two periods is terminated. */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** WebSocket close codes this protocol uses (4000-4999 are the application's). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  TooLarge: 1009,
  /** Missing or wrong hello / token. */
  Unauthorized: 4001,
  /** Hello with an unsupported protocol version. */
  BadVersion: 4002,
  /** The daemon is shutting down. */
  ShuttingDown: 4003,
} as const;

// ---------------------------------------------------------------------------------------------
// Frames

// Each frame's schema is its check (in decodeFrame) and, by v.InferOutput, its type.

const ID_WORDS = 'a positive whole number';
const frameId = v.pipe(v.number(ID_WORDS), v.safeInteger(ID_WORDS), v.minValue(1, ID_WORDS));
const TIMEOUT_WORDS = `a number from 1 to ${MAX_TIMEOUT_MS}`;
const allowedIn = (frame: string) => (key: string, allowed: readonly string[]) =>
  `unknown key "${key}" in ${frame}; allowed: ${allowed.join(', ')}`;

const RequestFrameSchema = closedObject(
  {
    id: frameId,
    method: nonEmptyString(),
    params: v.optional(v.unknown()),
    timeoutMs: v.pipe(
      v.number(TIMEOUT_WORDS),
      v.finite(TIMEOUT_WORDS),
      v.minValue(1, TIMEOUT_WORDS),
      v.maxValue(MAX_TIMEOUT_MS, TIMEOUT_WORDS),
    ),
  },
  allowedIn('a request frame'),
);

/** Id 0: the answer to a frame whose id could not be read. */
const responseId = v.union([v.literal(0), frameId], 'a whole number (0: no request id could be read)');
const notBoth = (key: string) =>
  key === 'result' || key === 'error'
    ? 'a response holds "result" or "error", not both'
    : `unknown key "${key}" in a response frame; allowed: id, result, error`;
const ResultFrameSchema = closedObject({ id: responseId, result: v.unknown() }, notBoth);
const ErrorFrameSchema = closedObject(
  // Other keys of an error (`exitCode`) are kept: the receiver reads what it knows.
  {
    id: responseId,
    error: keepingObject({ code: v.string('a string'), message: v.string('a string'), data: v.optional(v.unknown()) }),
  },
  notBoth,
);

const EventFrameSchema = closedObject(
  { event: nonEmptyString(), params: v.optional(v.unknown()) },
  allowedIn('an event frame'),
);

export type RequestFrame = v.InferOutput<typeof RequestFrameSchema>;
export type ResponseFrame = v.InferOutput<typeof ResultFrameSchema> | v.InferOutput<typeof ErrorFrameSchema>;
export type EventFrame = v.InferOutput<typeof EventFrameSchema>;

// Every ask crosses a request and a response frame, every convention message an event frame: the
// guards below pass good frames at the cost of the hand checks (wire-schema.ts: `guarded`).
const REQUEST_KEYS = ['id', 'method', 'params', 'timeoutMs'];
const RequestFrame = guarded(
  RequestFrameSchema,
  (f): f is RequestFrame =>
    isPlainObject(f) &&
    onlyKeys(f, REQUEST_KEYS) &&
    isId(f['id']) &&
    typeof f['method'] === 'string' &&
    f['method'] !== '' &&
    typeof f['timeoutMs'] === 'number' &&
    Number.isFinite(f['timeoutMs']) &&
    f['timeoutMs'] >= 1 &&
    f['timeoutMs'] <= MAX_TIMEOUT_MS,
);
const isResponseId = (x: unknown): boolean => x === 0 || isId(x);
const ResultFrame = guarded(
  ResultFrameSchema,
  (f): f is v.InferOutput<typeof ResultFrameSchema> =>
    isPlainObject(f) && onlyKeys(f, ['id', 'result']) && 'result' in f && isResponseId(f['id']),
);
const ErrorFrame = guarded(ErrorFrameSchema, (f): f is v.InferOutput<typeof ErrorFrameSchema> => {
  if (!isPlainObject(f) || !onlyKeys(f, ['id', 'error']) || !isResponseId(f['id'])) return false;
  const e = f['error'];
  return isPlainObject(e) && typeof e['code'] === 'string' && typeof e['message'] === 'string';
});
const EventFrame = guarded(
  EventFrameSchema,
  (f): f is EventFrame =>
    isPlainObject(f) && onlyKeys(f, ['event', 'params']) && typeof f['event'] === 'string' && f['event'] !== '',
);
/** The guarded frame schemas, for test/runtime/wire-guards.test.ts. */
export const GuardedFrames = {
  request: RequestFrame,
  result: ResultFrame,
  error: ErrorFrame,
  event: EventFrame,
} as const;

export type Frame = RequestFrame | ResponseFrame | EventFrame;

// ---------------------------------------------------------------------------------------------
// Params schemas: what the daemon checks before a handler runs (runtime/src/daemon/admin-params.ts
// decodes with them); each method's Params type is inferred from its schema. Unknown keys are
// errors, and `null` or absent params count as `{}`.

const takesNone = (key: string) => `takes no params, got "${key}"`;
const unknownParam = (key: string, allowed: readonly string[]) =>
  `unknown param "${key}"; allowed: ${allowed.join(', ')}`;
const params = <const E extends v.ObjectEntries>(entries: E) =>
  v.pipe(
    v.nullish(v.unknown()),
    v.transform((x) => x ?? {}),
    closedObject(entries, Object.keys(entries).length === 0 ? takesNone : unknownParam),
  );
const PARAMS_WORDS = '"params"';
const optionalText = v.optional(nonEmptyString());
/** `{ system, id }` as every address on this protocol. */
const toAddress = address('an actor address { system: string, id: string }');
/** Plain JSON data, walked: the daemon hands it to actors. */
const actorMessage = jsonValue('plain JSON data');

const HelloParamsSchema = params({
  token: nonEmptyString(),
  protocolVersion: v.pipe(v.number('a whole number'), v.integer('a whole number')),
  /** Free text for the daemon's log and audit records: `director-cli`, `vscode`, `pid 123`... */
  client: optionalText,
});
const CreateActorParamsSchema = params({
  /** Dotted class path (`foo.fooactor.FooActor`) or module-only path (`foo.fooactor`). */
  spec: nonEmptyString(),
  globalName: optionalText,
  targetActorRequirements: v.optional(jsonObject('an object of plain JSON data')),
  sourceHash: optionalText,
});
const MessageParamsSchema = params({ to: toAddress, message: actorMessage });
/** tell and ask, once per message: guarded (the message is walked as plain data either way). */
const MessageParams = guarded(
  MessageParamsSchema,
  (p): p is v.InferOutput<typeof MessageParamsSchema> =>
    isPlainObject(p) &&
    onlyKeys(p, ['to', 'message']) &&
    isActorAddress(p['to']) &&
    'message' in p &&
    p['message'] !== undefined &&
    isJsonValue(p['message']),
);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_WORDS = 'the package bytes in base64 (standard alphabet, padded)';
const LoadSourceParamsSchema = params({
  data: v.optional(
    v.pipe(
      v.string(BASE64_WORDS),
      v.regex(BASE64, BASE64_WORDS),
      v.check((d) => d.length % 4 === 0, BASE64_WORDS),
    ),
  ),
  file: v.optional(v.string('an absolute path of a package in the director dir')),
  info: v.optional(v.string('a string')),
});
const UnloadSourceParamsSchema = params({ sourceHash: nonEmptyString() });
const KINDS_WORDS = 'an array of event kinds such as "source/loaded" or families such as "actor/"';
const SubscribeParamsSchema = params({
  kinds: v.optional(v.pipe(v.array(nonEmptyString(KINDS_WORDS), KINDS_WORDS), v.readonly())),
});
const NoParamsSchema = params({});

/** Checks one request's params; the message names the field, what was expected and what came. */
export function decodeParams<S extends v.GenericSchema>(schema: S, p: unknown): Decoded<v.InferOutput<S>> {
  return decodeWith(schema, p, undefined, PARAMS_WORDS);
}

/** The params of `tell` and `ask`, by their guarded schema. */
export function decodeMessageParams(p: unknown): Decoded<v.InferOutput<typeof MessageParamsSchema>> {
  return decodeGuarded(MessageParams, p, undefined, PARAMS_WORDS);
}

/** Each method's params schema, for the daemon's validators. */
export const ParamsSchemas = {
  hello: HelloParamsSchema,
  createActor: CreateActorParamsSchema,
  tell: MessageParamsSchema,
  ask: MessageParamsSchema,
  loadSource: LoadSourceParamsSchema,
  unloadSource: UnloadSourceParamsSchema,
  subscribe: SubscribeParamsSchema,
  none: NoParamsSchema,
} as const;

/** The guarded params schemas, for test/runtime/wire-guards.test.ts. */
export const GuardedParams = { message: MessageParams } as const;

// ---------------------------------------------------------------------------------------------
// Requests, client → daemon

/** Must be the first frame. */
export namespace Hello {
  export const method = 'admin/hello' as const;
  /** `client`: free text for the daemon's log and audit records (`director-cli`, `vscode`, `pid 123`...). */
  export type Params = v.InferOutput<typeof HelloParamsSchema>;
  export interface Result {
    readonly protocolVersion: number;
    /** The actor system's name, as it appears in addresses (`127.0.0.1:1900`). */
    readonly systemName: string;
    readonly pid: number;
    readonly version: string;
    /** This daemon reads batch frames (a JSON array of frames in one message); absent from older daemons. */
    readonly frameBatches?: boolean;
  }
}

/** The options of a create, as a client passes them. */
export type CreateActorOptionsWire = Omit<CreateActor.Params, 'spec'>;

export namespace CreateActor {
  export const method = 'actor/create' as const;
  /** `spec`: dotted class path (`foo.fooactor.FooActor`) or module-only path (`foo.fooactor`). */
  export type Params = v.InferOutput<typeof CreateActorParamsSchema>;
  export interface Result {
    readonly address: ActorAddress;
  }
}

/** Fire and forget (the response only says the daemon accepted it). Replies go to the link's endpoint as {@link Delivery} events. */
export namespace Tell {
  export const method = 'actor/tell' as const;
  export type Params = v.InferOutput<typeof MessageParamsSchema>;
  export type Result = null;
}

/** Sends `message` from a fresh endpoint and answers with the first message that endpoint receives. */
export namespace Ask {
  export const method = 'actor/ask' as const;
  export type Params = v.InferOutput<typeof MessageParamsSchema>;
  export interface Result {
    readonly reply: unknown;
    readonly sender: ActorAddress | null;
  }
}

/** Hand a signed package to the Source Authority; answers when it is accepted (or fails with the authority's code). */
export namespace LoadSource {
  export const method = 'source/load' as const;
  /**
   * Exactly one of `data` and `file`. `data`: the package bytes, base64 (standard alphabet,
   * padded): what a remote client sends. `file`: absolute path of a package in the daemon's
   * director dir, for a client on the daemon's own machine: the daemon reads the file itself (and
   * verifies every byte, as sent bytes), so the package does not cross the link. Refused
   * (ADMIN_SOURCE_FILE_REFUSED) for a client connected from another address, or a file outside
   * the director dir. `info`: informational text, by default the file name.
   */
  export type Params = v.InferOutput<typeof LoadSourceParamsSchema>;
  export interface Result {
    readonly sourceHash: string;
  }
}

export namespace UnloadSource {
  export const method = 'source/unload' as const;
  export type Params = v.InferOutput<typeof UnloadSourceParamsSchema>;
  export type Result = null;
}

export interface LoadedSourceInfo {
  readonly sourceHash: string;
  readonly info: string;
}

export namespace ListSources {
  export const method = 'source/list' as const;
  export type Params = Record<string, never>;
  export interface Result {
    readonly sources: readonly LoadedSourceInfo[];
  }
}

export namespace Status {
  export const method = 'admin/status' as const;
  export type Params = Record<string, never>;
  export interface Result {
    readonly pid: number;
    readonly uptimeSeconds: number;
    readonly version: string;
    readonly systemName: string;
    readonly directorDir: string;
    readonly adminHost: string;
    readonly adminPort: number;
    readonly capabilities: { readonly [key: string]: JsonValue };
    readonly sources: readonly LoadedSourceInfo[];
    /** Authenticated links open now, this one included. */
    readonly clients: number;
    readonly rssBytes: number;
    /** The convention this daemon is part of: its role, its leader (member) or its members (leader). */
    readonly convention?: ConventionStatus;
  }
}

export interface ConventionStatus {
  readonly role: 'alone' | 'leader' | 'member';
  readonly leader?: string;
  /** Leader: its live members, with when each was last heard from (ISO 8601). */
  readonly members: readonly {
    readonly system: string;
    readonly capabilities: { readonly [key: string]: JsonValue };
    readonly lastHeartbeat?: string;
  }[];
}

/** Stop the actor system (every actor gets ActorExitRequest) and the daemon. Answers before the process exits. */
export namespace Shutdown {
  export const method = 'admin/shutdown' as const;
  export type Params = Record<string, never>;
  export interface Result {
    readonly pid: number;
  }
}

/** Start pushing events to this link. `kinds` absent: every kind; a prefix ending in `/` matches a family. */
export namespace Subscribe {
  export const method = 'admin/subscribe' as const;
  export type Params = v.InferOutput<typeof SubscribeParamsSchema>;
  export type Result = null;
}

export namespace Unsubscribe {
  export const method = 'admin/unsubscribe' as const;
  export type Params = Record<string, never>;
  export type Result = null;
}

/** Every request method a client may send, for the daemon's dispatcher. */
export const ADMIN_METHODS = [
  Hello.method,
  CreateActor.method,
  Tell.method,
  Ask.method,
  LoadSource.method,
  UnloadSource.method,
  ListSources.method,
  Status.method,
  Shutdown.method,
  Subscribe.method,
  Unsubscribe.method,
] as const;
export type AdminMethod = (typeof ADMIN_METHODS)[number];

// ---------------------------------------------------------------------------------------------
// Events, daemon → client

/** A message an actor sent to this link's endpoint (the sender of this link's `tell`s). */
export namespace Delivery {
  export const event = 'actor/delivery' as const;
  export interface Params {
    readonly message: unknown;
    readonly sender: ActorAddress | null;
  }
}

/** The one event frame for everything subscribers hear about. */
export namespace AdminEventNotice {
  export const event = 'admin/event' as const;
  export type Params = AdminEvent;
}

/**
 * The generic event envelope. `kind` names the family and the event (`source/loaded`,
 * `actor/exited`, `director/activated`, `convention/member-joined`...); `data` is plain data
 * whose shape the kind fixes. Kinds not listed in {@link KnownEventData} may appear (newer
 * daemons); clients ignore kinds they do not know.
 */
export interface AdminEvent<K extends string = string> {
  readonly kind: K;
  /** The actor system (daemon) the event happened on. */
  readonly system: string;
  /** ISO 8601. */
  readonly time: string;
  readonly data: K extends keyof KnownEventData ? KnownEventData[K] : unknown;
}

/** The data of every kind this version knows. Other areas add theirs here. */
export interface KnownEventData {
  'source/loaded': { readonly sourceHash: string; readonly info: string };
  'source/unloaded': { readonly sourceHash: string; readonly info: string };
  'source/rejected': {
    readonly sourceHash: string;
    readonly info: string;
    readonly code: string;
    readonly message: string;
  };
  'actor/started': { readonly address: ActorAddress; readonly actorClass: string; readonly sourceHash?: string };
  'actor/exited': {
    readonly address: ActorAddress;
    readonly actorClass: string;
    readonly sourceHash?: string;
    readonly reason?: string;
  };
  /** Director: a source became the active one of its group. */
  'director/activated': { readonly group: string; readonly sourceHash: string; readonly version?: string };
  /** Director: an exited actor of the active source was started again. */
  'director/restarted': {
    readonly group: string;
    readonly sourceHash: string;
    readonly role?: string;
    readonly address: ActorAddress;
    readonly restarts: number;
  };
  'convention/member-joined': { readonly system: string; readonly capabilities: { readonly [key: string]: JsonValue } };
  'convention/member-lost': { readonly system: string; readonly reason: string };
  /** Something was refused for the daemon's safety (docs/security.md): a source trying to replace the Source Authority... */
  'security/refused': { readonly code: string; readonly message: string; readonly sourceHash?: string };
  /** A loaded source was signed by a key revoked_keys.cfg now lists; `unloading` when its line says `unload`. */
  'security/revoked': {
    readonly sourceHash: string;
    readonly group: string;
    readonly keyId: string | null;
    readonly unloading: boolean;
  };
  /** A record of the daemon's log or of an actor's (`address` set), as it is logged. */
  'log/record': LogRecordEvent;
}

/** The data of a `log/record` event. */
export interface LogRecordEvent {
  readonly level: 'debug' | 'info' | 'warning' | 'error';
  /** `daemon`, or the logger's name (an actor's: its class and address). */
  readonly name: string;
  /** The actor's address as `list` prints it, for actors' records. */
  readonly address?: string;
  readonly text: string;
  /** ISO 8601. */
  readonly created: string;
}

export type KnownEventKind = keyof KnownEventData;

/** The family of log records (`log/record`): chatty, so sent only to links that name it. */
export const LOG_EVENT_FAMILY = 'log/';

/**
 * True when `kind` is selected by a subscription's `kinds` (absent: all but the log family;
 * `x/` selects the family).
 */
export function eventSelected(kind: string, kinds: readonly string[] | undefined): boolean {
  if (kinds === undefined) return !kind.startsWith(LOG_EVENT_FAMILY);
  for (const k of kinds) {
    if (k === kind || (k.endsWith('/') && kind.startsWith(k))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Frame validation: one decoder both sides use before anything reaches a handler or an actor.

export type FrameProblem = { readonly ok: false; readonly error: WireError; readonly id?: number };
export type DecodedFrame =
  | { readonly ok: true; readonly kind: 'request'; readonly frame: RequestFrame }
  | { readonly ok: true; readonly kind: 'response'; readonly frame: ResponseFrame }
  | { readonly ok: true; readonly kind: 'event'; readonly frame: EventFrame }
  | FrameProblem;

function bad(message: string, id?: number): FrameProblem {
  const error = { code: 'ADMIN_BAD_FRAME', message };
  return id === undefined ? { ok: false, error } : { ok: false, error, id };
}

function isId(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
}

/**
 * Checks one parsed frame's shape: which kind it is goes by its keys ("method", "result" or
 * "error", "event"), then that kind's schema. It does not check params: each method's decoder
 * does that and names the field.
 */
export function decodeFrame(value: unknown): DecodedFrame {
  if (!isPlainObject(value))
    return bad('a frame must be a JSON object with "id" and "method", "result" or "error", or "event"');
  // The id to answer a malformed request with, when one can be read.
  const id = isId(value['id']) ? value['id'] : undefined;
  if ('method' in value) {
    const d = decodeGuarded(RequestFrame, value);
    return d.ok ? { ok: true, kind: 'request', frame: d.value } : bad(d.message, id);
  }
  if ('error' in value) {
    const d = decodeGuarded(ErrorFrame, value);
    return d.ok ? { ok: true, kind: 'response', frame: d.value } : bad(d.message);
  }
  if ('result' in value) {
    const d = decodeGuarded(ResultFrame, value);
    return d.ok ? { ok: true, kind: 'response', frame: d.value } : bad(d.message);
  }
  if ('event' in value) {
    const d = decodeGuarded(EventFrame, value);
    return d.ok ? { ok: true, kind: 'event', frame: d.value } : bad(d.message);
  }
  return bad('a frame must hold "method" (request), "result" or "error" (response), or "event"', id);
}
