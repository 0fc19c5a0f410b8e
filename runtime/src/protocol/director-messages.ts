/**
 * The Director's wire messages: plain data, so any client (the CLI, DirectorControl, the VS Code
 * extension, an actor of any loaded source) can speak them without sharing classes.
 *
 * Rules of this protocol:
 * - Every request is an object with a string `DirectorOp`; the list of ops is closed
 *   ({@link DIRECTOR_OPS}). Anything else gets `{ DirectorResponse: 'Error', Success: false, code, message }`.
 * - Every reply is an object with `DirectorResponse` (the reply's name) and `Success`. A failed
 *   request of a known op replies with that op's response name, `Success: false`, `code` and
 *   `message`, so a client waiting for its reply name always gets an answer.
 * - `ActorAddress` travels as the plain `{ system, id }` object; times are ISO 8601 strings.
 * - `LoadSource` replies only when the outcome is known: validated and every OnLoad actor started,
 *   or a failure with its code. `UnloadSource` replies once the source is gone.
 *
 * To add an op: 1. its request schema (its type is inferred from it), its reply type and the name in
 * DIRECTOR_OPS here, 2. its schema in {@link REQUEST_SCHEMAS}, 3. the core handler (runtime/src/director/core), 4. a test.
 *
 * Over 400 lines on purpose: the whole Director protocol (each op's schema, reply and decoder) is
 * one contract, and a reader adding an op finds every place to touch in this file.
 */
import * as v from 'valibot';
import type { ActorAddress } from './actor-address';
import type { TliActor } from './actor-lifecycle';
import type { JsonValue } from './json-value';
import {
  absentOrNull,
  closedObject,
  coded,
  count,
  decodeWith,
  isPlainObject,
  jsonValue,
  nonEmptyString,
  objectOf,
  openObject,
} from './wire-schema';

/** The global name the Director actor is registered under. */
export const DIRECTOR_GLOBAL_NAME = 'Director';

/** The closed list of Director ops. */
export const DIRECTOR_OPS = [
  'DefineGroup',
  'LoadSource',
  'UnloadSource',
  'RetrieveAll',
  'RetrieveRole',
  'RequestNotification',
  'Refresh',
] as const;
export type DirectorOpName = (typeof DIRECTOR_OPS)[number];

// Request schemas: each is the check at the Director's edge and, by v.InferOutput, the request's
// type. Keys beyond those named are ignored (and dropped), as the Director always has; a `null`
// where an optional field is absent counts as absent.

const optionalString = absentOrNull(v.string('a string'));
const onLoadSection = closedObject({
  Role: optionalString,
  Message: v.optional(jsonValue()),
  GlobalName: optionalString,
});
const messageSection = closedObject({ Message: v.optional(jsonValue()) });
/** Actor path → lifecycle sections, in TLI order; `${env:..}` already expanded by the sender. */
const ActorsSchema = objectOf(
  closedObject({
    OnLoad: v.optional(onLoadSection),
    OnReactivate: v.optional(messageSection),
    OnDeactivate: v.optional(messageSection),
  }),
);

/**
 * The schema's actor entry is the wire's TliActor (actor-lifecycle.ts, which config-lang proves
 * equal to a checked TLI file's entry): a key or a value type changed in one and not the other
 * fails to compile here. valibot's outputs are mutable objects and TliActor's are readonly, so
 * the schema's side is compared through a deep readonly mapping; everything else is exact.
 */
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
/** Readonly all the way down, but a `Message` (a JsonValue) is left as it is: it is readonly already, and mapping its union would make another type. */
type DeepReadonly<T> =
  Same<Exclude<T, undefined>, JsonValue> extends true
    ? T
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
type ActorsEntry = v.InferOutput<typeof ActorsSchema>[string];
const ACTORS_SCHEMA_IS_TLI_ACTOR: Same<DeepReadonly<ActorsEntry>, TliActor> = true;
void ACTORS_SCHEMA_IS_TLI_ACTOR; // a compile-time check only

const GROUP_NAME_WORDS = 'a group name (letters, digits and _, starting with a letter or _)';

/** Also the `define` of a rollout's load step (rollout-protocol.ts). */
export const DefineGroupSchema = openObject({
  DirectorOp: v.literal('DefineGroup'),
  Group: v.pipe(
    nonEmptyString(),
    coded(
      v.check(isValidGroupName, GROUP_NAME_WORDS),
      'DIRECTOR_BAD_GROUP_NAME',
      (group) => `group name "${String(group)}" is not valid: use letters, digits and _ and start with a letter or _`,
    ),
  ),
  Actors: v.optional(ActorsSchema),
  AutoUnload: absentOrNull(v.union([v.boolean(), count()], 'true, false or a whole number of sources to keep')),
  // 0 keeps every file (no pruning), as in the TLI docs, gensrc and the language server.
  TLS_Keep_Limit: absentOrNull(count('a whole number (0 keeps every file)')),
  /** Memory budget of each source of the group in MiB (heap + Buffers/ArrayBuffers); 0 or absent: the daemon default. */
  TLS_Memory_MiB: absentOrNull(count('a whole number of MiB (0: the daemon default)')),
});

const LoadSourceSchema = openObject({
  DirectorOp: v.literal('LoadSource'),
  Group: nonEmptyString(),
  /** Absolute path of the `.tls` file, readable by the daemon. */
  Source: nonEmptyString(),
  /** Who asked (user@host, "refresh", "restore"...), for the audit log. */
  RequestedBy: v.optional(v.string('a string')),
});

const UnloadSourceSchema = openObject({
  DirectorOp: v.literal('UnloadSource'),
  SourceHash: nonEmptyString(),
  RequestedBy: v.optional(v.string('a string')),
});
const RetrieveAllSchema = openObject({ DirectorOp: v.literal('RetrieveAll'), Group: optionalString });
/** `Group` empty or absent: every group. */
const RetrieveRoleSchema = openObject({
  DirectorOp: v.literal('RetrieveRole'),
  Role: nonEmptyString(),
  Group: v.optional(v.nullable(v.string('a string'))),
});
const RequestNotificationSchema = v.pipe(
  v.unknown(),
  v.transform(() => ({ DirectorOp: 'RequestNotification' as const })),
);

/** The first group a Refresh names twice, if any (each group is defined and loaded once per Refresh). */
function groupNamedTwice(groups: readonly { readonly Define: { readonly Group: string } }[]): string | undefined {
  const seen = new Set<string>();
  for (const g of groups) {
    if (seen.has(g.Define.Group)) return g.Define.Group;
    seen.add(g.Define.Group);
  }
  return undefined;
}

const RefreshSchema = openObject({
  DirectorOp: v.literal('Refresh'),
  /** Each group's definition (its TLI) and the package to load (absolute path). */
  Groups: v.pipe(
    v.array(openObject({ Define: DefineGroupSchema, Source: nonEmptyString() }), 'an array'),
    v.minLength(1, 'a non-empty array'),
    v.check(
      (groups) => groupNamedTwice(groups) === undefined,
      (issue) => `groups named once each ("${groupNamedTwice(issue.input) ?? ''}" is named twice)`,
    ),
  ),
  RequestedBy: v.optional(v.string('a string')),
});

/** Each op's schema, for {@link decodeDirectorRequest}. */
const REQUEST_SCHEMAS = {
  DefineGroup: DefineGroupSchema,
  LoadSource: LoadSourceSchema,
  UnloadSource: UnloadSourceSchema,
  RetrieveAll: RetrieveAllSchema,
  RetrieveRole: RetrieveRoleSchema,
  RequestNotification: RequestNotificationSchema,
  Refresh: RefreshSchema,
} as const satisfies { readonly [op in DirectorOpName]: v.GenericSchema };

/** Declare (or redefine) a group from its TLI; applies to later loads only. */
export type DefineGroupRequest = v.InferOutput<typeof DefineGroupSchema>;
/** Load a package file of a defined group; the reply comes when the outcome is known. */
export type LoadSourceRequest = v.InferOutput<typeof LoadSourceSchema>;
/** Unload a loaded source: OnDeactivate (when active), then its actors end; reactivates the highest remaining version. */
export type UnloadSourceRequest = v.InferOutput<typeof UnloadSourceSchema>;
export type RetrieveAllRequest = v.InferOutput<typeof RetrieveAllSchema>;
export type RetrieveRoleRequest = v.InferOutput<typeof RetrieveRoleSchema>;
/** One-shot: the sender gets NotificationOfUpdate at the next change of an active source. */
export type RequestNotificationRequest = v.InferOutput<typeof RequestNotificationSchema>;

/**
 * Define and load many groups as one change (`director refresh`): every package is read and
 * verified and every worker started together, and the Director's record is written once for all
 * of them, before any of their actors start and before the reply. One reply, `Refreshed`, once
 * every group's outcome is known; its `Results` has one SourceLoaded reply per item, in order.
 */
export type RefreshRequest = v.InferOutput<typeof RefreshSchema>;

export type DirectorRequest =
  | RefreshRequest
  | DefineGroupRequest
  | LoadSourceRequest
  | UnloadSourceRequest
  | RetrieveAllRequest
  | RetrieveRoleRequest
  | RequestNotificationRequest;

/** Present on every failed reply. */
export interface FailureFields {
  readonly Success: false;
  /** A code of docs/errors/director.md, e.g. DIRECTOR_UNKNOWN_HASH. */
  readonly code: string;
  readonly message: string;
  readonly data?: JsonValue;
}

export type DeclaredGroupReply =
  | { readonly DirectorResponse: 'DeclaredGroup'; readonly Success: true; readonly Group: string }
  | ({ readonly DirectorResponse: 'DeclaredGroup'; readonly Group?: string } & FailureFields);

/** How one OnLoad actor came out of a load. */
export interface ActorOutcome {
  readonly ActorClass: string;
  readonly Role: string | null;
  readonly ActorAddress: ActorAddress | null;
  /** Why it did not start (absent when it did). */
  readonly Error?: string;
}

export interface SourceLoadedSuccess {
  readonly DirectorResponse: 'SourceLoaded';
  readonly Success: true;
  readonly Group: string;
  readonly SourceHash: string;
  readonly Version: string | null;
  /** True when this exact source was already loaded: nothing changed (but see Activated). */
  readonly AlreadyLoaded: boolean;
  readonly Actors: readonly ActorOutcome[];
  /** With AlreadyLoaded: true when the loaded version was inactive and is now the active one. */
  readonly Activated?: boolean;
}
export type SourceLoadedReply =
  | SourceLoadedSuccess
  | ({
      readonly DirectorResponse: 'SourceLoaded';
      readonly Group?: string;
      readonly SourceHash?: string;
    } & FailureFields);

export type SourceUnloadedReply =
  | {
      readonly DirectorResponse: 'SourceUnloaded';
      readonly Success: true;
      readonly Group: string;
      readonly SourceHash: string;
      readonly Reactivated: string | null;
    }
  | ({ readonly DirectorResponse: 'SourceUnloaded'; readonly SourceHash?: string } & FailureFields);

/** What an actor of a loaded source is doing. */
export type ActorStatus = 'starting' | 'running' | 'restarting' | 'exited' | 'failed' | 'stopped';

export interface RunningActorInfo {
  readonly ActorClass: string;
  readonly Role: string | null;
  /** null when the actor is not running (exited, failed, not started). */
  readonly ActorAddress: ActorAddress | null;
  /** ISO 8601; null when never started. */
  readonly StartTime: string | null;
  readonly GlobalName: string | null;
  readonly Status: ActorStatus;
  readonly Restarts: number;
  /** Why it failed or exited, when known. */
  readonly Error?: string;
}

export interface SourceInfo {
  readonly SourceHash: string;
  readonly Version: string | null;
  readonly Path: string;
  /** ISO 8601. */
  readonly LoadedAt: string;
  /** Still starting its OnLoad actors. */
  readonly Starting: boolean;
  /** The id of the key that signed it (docs/security.md: revocation). */
  readonly KeyId?: string | null;
}

export interface GroupInfo {
  readonly ActiveHash: string | null;
  /** Load order, oldest first. */
  readonly Loaded: readonly string[];
  readonly Running: { readonly [sourceHash: string]: readonly RunningActorInfo[] };
  /** Same order as Loaded. */
  readonly Sources: readonly SourceInfo[];
}

export interface AllAddressesReply {
  readonly DirectorResponse: 'AllAddresses';
  readonly Success: true;
  readonly Groups: { readonly [group: string]: GroupInfo };
}

export type RoleAddressReply =
  | {
      readonly DirectorResponse: 'RoleAddress';
      readonly Success: true;
      readonly Group: string;
      readonly SourceHash: string;
      readonly ActorClass: string;
      readonly Role: string;
      readonly ActorAddress: ActorAddress;
      readonly StartTime: string;
    }
  | ({
      readonly DirectorResponse: 'RoleAddress';
      readonly Group: string | null;
      readonly SourceHash: null;
      readonly ActorClass: null;
      readonly Role: string;
      readonly ActorAddress: null;
    } & FailureFields);

export interface NotificationOfUpdate {
  readonly DirectorResponse: 'NotificationOfUpdate';
  readonly Success: true;
}

/** The reply to a request that is not a Director request at all, or names an unknown op. */
export interface ErrorReply extends FailureFields {
  readonly DirectorResponse: 'Error';
}

export type RefreshedReply =
  | { readonly DirectorResponse: 'Refreshed'; readonly Success: true; readonly Results: readonly SourceLoadedReply[] }
  | ({ readonly DirectorResponse: 'Refreshed' } & FailureFields);

export type DirectorReply =
  | RefreshedReply
  | DeclaredGroupReply
  | SourceLoadedReply
  | SourceUnloadedReply
  | AllAddressesReply
  | RoleAddressReply
  | NotificationOfUpdate
  | ErrorReply;

/** The reply name each op answers with. */
export const REPLY_OF = {
  DefineGroup: 'DeclaredGroup',
  LoadSource: 'SourceLoaded',
  UnloadSource: 'SourceUnloaded',
  RetrieveAll: 'AllAddresses',
  RetrieveRole: 'RoleAddress',
  RequestNotification: 'NotificationOfUpdate',
  Refresh: 'Refreshed',
} as const satisfies { readonly [op in DirectorOpName]: DirectorReply['DirectorResponse'] };

/** The successful reply to `Op` (e.g. `SuccessReplyOf<'LoadSource'>` is SourceLoadedSuccess). */
export type SuccessReplyOf<Op extends DirectorOpName> = Extract<
  DirectorReply,
  { readonly DirectorResponse: (typeof REPLY_OF)[Op]; readonly Success: true }
>;

/** Events the Director publishes (the daemon pushes them to subscribed clients). */
export type DirectorEvent =
  | {
      readonly kind: 'source-loaded';
      readonly group: string;
      readonly sourceHash: string;
      readonly version: string | null;
      readonly time: string;
    }
  | {
      readonly kind: 'source-load-failed';
      readonly group: string;
      readonly sourceHash: string;
      readonly code: string;
      readonly message: string;
      readonly time: string;
    }
  | {
      readonly kind: 'source-unloaded';
      readonly group: string;
      readonly sourceHash: string;
      readonly version: string | null;
      readonly time: string;
    }
  | {
      readonly kind: 'source-activated';
      readonly group: string;
      readonly sourceHash: string | null;
      readonly version: string | null;
      readonly time: string;
    }
  | { readonly kind: 'group-defined'; readonly group: string; readonly time: string }
  | {
      readonly kind: 'actor-started';
      readonly group: string;
      readonly sourceHash: string;
      readonly actorClass: string;
      readonly role: string | null;
      readonly address: ActorAddress;
      readonly time: string;
    }
  | {
      readonly kind: 'actor-failed';
      readonly group: string;
      readonly sourceHash: string;
      readonly actorClass: string;
      readonly role: string | null;
      readonly error: string;
      readonly time: string;
    }
  | {
      readonly kind: 'actor-exited';
      readonly group: string;
      readonly sourceHash: string;
      readonly actorClass: string;
      readonly role: string | null;
      readonly address: ActorAddress;
      readonly reason: string | null;
      readonly time: string;
    }
  | {
      readonly kind: 'actor-restarted';
      readonly group: string;
      readonly sourceHash: string;
      readonly actorClass: string;
      readonly role: string | null;
      readonly address: ActorAddress;
      readonly restarts: number;
      readonly time: string;
    };

/** `[A-Za-z_][A-Za-z0-9_]*`; anything else is refused (a `-` or `.` would make `GROUP-VERSION.tls` ambiguous). */
export function isValidGroupName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** The result of checking an incoming message at the Director's edge. */
export type DecodedRequest =
  { readonly ok: true; readonly request: DirectorRequest } | { readonly ok: false; readonly reply: DirectorReply };

function fail(op: DirectorOpName | null, code: string, message: string): DecodedRequest {
  const failure = { Success: false as const, code, message };
  if (op === null) return { ok: false, reply: { DirectorResponse: 'Error', ...failure } };
  switch (REPLY_OF[op]) {
    case 'RoleAddress':
      return {
        ok: false,
        reply: {
          DirectorResponse: 'RoleAddress',
          Group: null,
          SourceHash: null,
          ActorClass: null,
          Role: '',
          ActorAddress: null,
          ...failure,
        },
      };
    case 'DeclaredGroup':
      return { ok: false, reply: { DirectorResponse: 'DeclaredGroup', ...failure } };
    case 'SourceLoaded':
      return { ok: false, reply: { DirectorResponse: 'SourceLoaded', ...failure } };
    case 'SourceUnloaded':
      return { ok: false, reply: { DirectorResponse: 'SourceUnloaded', ...failure } };
    case 'Refreshed':
      return { ok: false, reply: { DirectorResponse: 'Refreshed', ...failure } };
    default:
      return { ok: false, reply: { DirectorResponse: 'Error', ...failure } };
  }
}

/**
 * True when `msg` claims to be a Director request (an object with a string `DirectorOp`). Anything
 * else sent to the Director — typically a started actor answering its OnLoad message — is not a
 * request and gets no reply: answering it would start an endless exchange with actors that reply
 * to their sender (the original ignored such messages too).
 */
export function isDirectorRequestShaped(msg: unknown): boolean {
  return isPlainObject(msg) && typeof msg['DirectorOp'] === 'string';
}

/**
 * Check an incoming message field by field. Unknown ops and malformed fields are refused with a
 * reply that names the field and what was expected (the original looked ops up as method names,
 * so a DirectorOp could call any method of the Director).
 */
export function decodeDirectorRequest(msg: unknown): DecodedRequest {
  if (!isPlainObject(msg) || typeof msg['DirectorOp'] !== 'string') {
    return fail(null, 'DIRECTOR_BAD_REQUEST', 'a Director request must be an object with a string "DirectorOp"');
  }
  const op = msg['DirectorOp'];
  const name = DIRECTOR_OPS.find((o) => o === op);
  if (name === undefined) {
    return fail(
      null,
      'DIRECTOR_UNKNOWN_OP',
      `the Director does not handle the "${op}" request; known ops: ${DIRECTOR_OPS.join(', ')}`,
    );
  }
  const d = decodeWith(REQUEST_SCHEMAS[name], msg, name);
  if (d.ok) return { ok: true, request: d.value };
  return fail(name, d.code ?? 'DIRECTOR_BAD_REQUEST', d.message);
}

/** True when `v` is a reply of the Director with the given name (what a waiting client matches). */
export function isDirectorReply<N extends DirectorReply['DirectorResponse']>(
  v: unknown,
  name: N,
): v is Extract<DirectorReply, { DirectorResponse: N }> {
  return isPlainObject(v) && v['DirectorResponse'] === name && typeof v['Success'] === 'boolean';
}

/**
 * True when `v` is the successful reply to `op`: its reply name and `Success: true` (what a client
 * that asked `op` goes on with; the fields beyond those are the Director's to get right).
 */
export function isSuccessReplyTo<Op extends DirectorOpName>(v: unknown, op: Op): v is SuccessReplyOf<Op> {
  return isPlainObject(v) && v['DirectorResponse'] === REPLY_OF[op] && v['Success'] === true;
}
