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
 * To add a request: 1. a namespace here (method string beside its types), 2. its params validator
 * in runtime/src/daemon/admin-params.ts, 3. its handler in runtime/src/daemon/admin-handlers.ts,
 * 4. a client method in runtime/src/client/admin-client.ts, 5. a test in test/daemon/.
 */
 
import type { ActorAddress } from './actor-address';
import type { WireError } from './errors';
import type { JsonValue } from './json-value';

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

export interface RequestFrame {
  readonly id: number;
  readonly method: string;
  readonly params?: unknown;
  readonly timeoutMs: number;
}

export type ResponseFrame =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: WireError };

export interface EventFrame {
  readonly event: string;
  readonly params?: unknown;
}

export type Frame = RequestFrame | ResponseFrame | EventFrame;

// ---------------------------------------------------------------------------------------------
// Requests, client → daemon

/** Must be the first frame. */
export namespace Hello {
  export const method = 'admin/hello' as const;
  export interface Params {
    readonly token: string;
    readonly protocolVersion: number;
    /** Free text for the daemon's log and audit records: `director-cli`, `vscode`, `pid 123`... */
    readonly client?: string;
  }
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

export interface CreateActorOptionsWire {
  readonly globalName?: string;
  readonly targetActorRequirements?: { readonly [key: string]: JsonValue };
  readonly sourceHash?: string;
}

export namespace CreateActor {
  export const method = 'actor/create' as const;
  export interface Params extends CreateActorOptionsWire {
    /** Dotted class path (`foo.fooactor.FooActor`) or module-only path (`foo.fooactor`). */
    readonly spec: string;
  }
  export interface Result {
    readonly address: ActorAddress;
  }
}

/** Fire and forget (the response only says the daemon accepted it). Replies go to the link's endpoint as {@link Delivery} events. */
export namespace Tell {
  export const method = 'actor/tell' as const;
  export interface Params {
    readonly to: ActorAddress;
    readonly message: JsonValue;
  }
  export type Result = null;
}

/** Sends `message` from a fresh endpoint and answers with the first message that endpoint receives. */
export namespace Ask {
  export const method = 'actor/ask' as const;
  export interface Params {
    readonly to: ActorAddress;
    readonly message: JsonValue;
  }
  export interface Result {
    readonly reply: unknown;
    readonly sender: ActorAddress | null;
  }
}

/** Hand a signed package to the Source Authority; answers when it is accepted (or fails with the authority's code). */
export namespace LoadSource {
  export const method = 'source/load' as const;
  /** Exactly one of `data` and `file`. */
  export interface Params {
    /** The package bytes, base64 (standard alphabet, padded): what a remote client sends. */
    readonly data?: string;
    /**
     * Absolute path of a package in the daemon's director dir, for a client on the daemon's own
     * machine: the daemon reads the file itself (and verifies every byte, as sent bytes), so
     * the package does not cross the link. Refused (ADMIN_SOURCE_FILE_REFUSED) for a client
     * connected from another address, or a file outside the director dir.
     */
    readonly file?: string;
    /** Informational text, by default the file name. */
    readonly info?: string;
  }
  export interface Result {
    readonly sourceHash: string;
  }
}

export namespace UnloadSource {
  export const method = 'source/unload' as const;
  export interface Params {
    readonly sourceHash: string;
  }
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
  readonly members: readonly { readonly system: string; readonly capabilities: { readonly [key: string]: JsonValue }; readonly lastHeartbeat?: string }[];
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
  export interface Params {
    readonly kinds?: readonly string[];
  }
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
  'source/rejected': { readonly sourceHash: string; readonly info: string; readonly code: string; readonly message: string };
  'actor/started': { readonly address: ActorAddress; readonly actorClass: string; readonly sourceHash?: string };
  'actor/exited': { readonly address: ActorAddress; readonly actorClass: string; readonly sourceHash?: string; readonly reason?: string };
  /** Director: a source became the active one of its group. */
  'director/activated': { readonly group: string; readonly sourceHash: string; readonly version?: string };
  /** Director: an exited actor of the active source was started again. */
  'director/restarted': { readonly group: string; readonly sourceHash: string; readonly role?: string; readonly address: ActorAddress; readonly restarts: number };
  'convention/member-joined': { readonly system: string; readonly capabilities: { readonly [key: string]: JsonValue } };
  'convention/member-lost': { readonly system: string; readonly reason: string };
  /** Something was refused for the daemon's safety (docs/security.md): a source trying to replace the Source Authority... */
  'security/refused': { readonly code: string; readonly message: string; readonly sourceHash?: string };
  /** A loaded source was signed by a key revoked_keys.cfg now lists; `unloading` when its line says `unload`. */
  'security/revoked': { readonly sourceHash: string; readonly group: string; readonly keyId: string | null; readonly unloading: boolean };
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

function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Checks one parsed frame's shape. It does not check params: each method's validator does that
 * and names the field.
 */
export function decodeFrame(value: unknown): DecodedFrame {
  if (!isPlainObject(value)) return bad('a frame must be a JSON object with "id" and "method", "result" or "error", or "event"');
  const id = isId(value['id']) ? value['id'] : undefined;
  if ('method' in value) {
    for (const k of Object.keys(value)) {
      if (k !== 'id' && k !== 'method' && k !== 'params' && k !== 'timeoutMs') return bad(`unknown key "${k}" in a request frame; allowed: id, method, params, timeoutMs`, id);
    }
    if (id === undefined) return bad('"id" of a request must be a positive whole number');
    if (typeof value['method'] !== 'string' || value['method'] === '') return bad('"method" must be a non-empty string', id);
    const t = value['timeoutMs'];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 1 || t > MAX_TIMEOUT_MS) {
      return bad(`"timeoutMs" must be a number from 1 to ${MAX_TIMEOUT_MS}`, id);
    }
    return { ok: true, kind: 'request', frame: value as unknown as RequestFrame };
  }
  if ('result' in value || 'error' in value) {
    for (const k of Object.keys(value)) {
      if (k !== 'id' && k !== 'result' && k !== 'error') return bad(`unknown key "${k}" in a response frame; allowed: id, result, error`);
    }
    // Id 0: the answer to a frame whose id could not be read.
    const rid = value['id'];
    if (rid !== 0 && id === undefined) return bad('"id" of a response must be a whole number (0: no request id could be read)');
    if ('error' in value) {
      const e = value['error'];
      if (!isPlainObject(e) || typeof e['code'] !== 'string' || typeof e['message'] !== 'string') {
        return bad('"error" of a response must be { code: string, message: string, data? }');
      }
      if ('result' in value) return bad('a response holds "result" or "error", not both');
    }
    return { ok: true, kind: 'response', frame: value as unknown as ResponseFrame };
  }
  if ('event' in value) {
    for (const k of Object.keys(value)) {
      if (k !== 'event' && k !== 'params') return bad(`unknown key "${k}" in an event frame; allowed: event, params`);
    }
    if (typeof value['event'] !== 'string' || value['event'] === '') return bad('"event" must be a non-empty string');
    return { ok: true, kind: 'event', frame: value as unknown as EventFrame };
  }
  return bad('a frame must hold "method" (request), "result" or "error" (response), or "event"', id);
}
