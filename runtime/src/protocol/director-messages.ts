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
 * To add an op: 1. its request and reply types and the name in DIRECTOR_OPS here, 2. a branch in
 * {@link decodeDirectorRequest}, 3. the core handler (runtime/src/director/core), 4. a test.
 */
import type { ActorAddress } from './actor-address';
import type { JsonValue } from './json-value';
import type { TliActor } from './tli';

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

/** Declare (or redefine) a group from its TLI; applies to later loads only. */
export interface DefineGroupRequest {
  readonly DirectorOp: 'DefineGroup';
  readonly Group: string;
  /** Actor path → lifecycle sections, in TLI order; `${env:..}` already expanded by the sender. */
  readonly Actors?: { readonly [actorPath: string]: TliActor };
  readonly AutoUnload?: boolean | number;
  readonly TLS_Keep_Limit?: number;
  /** Memory budget of each source of the group in MiB (heap + Buffers/ArrayBuffers); 0 or absent: the daemon default. */
  readonly TLS_Memory_MiB?: number;
}

/** Load a package file of a defined group; the reply comes when the outcome is known. */
export interface LoadSourceRequest {
  readonly DirectorOp: 'LoadSource';
  readonly Group: string;
  /** Absolute path of the `.tls` file, readable by the daemon. */
  readonly Source: string;
  /** Who asked (user@host, "refresh", "restore"...), for the audit log. */
  readonly RequestedBy?: string;
}

/** Unload a loaded source: OnDeactivate (when active), then its actors end; reactivates the highest remaining version. */
export interface UnloadSourceRequest {
  readonly DirectorOp: 'UnloadSource';
  readonly SourceHash: string;
  readonly RequestedBy?: string;
}

export interface RetrieveAllRequest {
  readonly DirectorOp: 'RetrieveAll';
  readonly Group?: string;
}

export interface RetrieveRoleRequest {
  readonly DirectorOp: 'RetrieveRole';
  readonly Role: string;
  /** Empty or absent: every group. */
  readonly Group?: string | null;
}

/** One-shot: the sender gets NotificationOfUpdate at the next change of an active source. */
export interface RequestNotificationRequest {
  readonly DirectorOp: 'RequestNotification';
}

/**
 * Define and load many groups as one change (`director refresh`): every package is read and
 * verified and every worker started together, and the Director's record is written once for all
 * of them, before any of their actors start and before the reply. One reply, `Refreshed`, once
 * every group's outcome is known; its `Results` has one SourceLoaded reply per item, in order.
 */
export interface RefreshRequest {
  readonly DirectorOp: 'Refresh';
  /** Each group's definition (its TLI) and the package to load (absolute path). */
  readonly Groups: readonly { readonly Define: DefineGroupRequest; readonly Source: string }[];
  readonly RequestedBy?: string;
}

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
  | ({ readonly DirectorResponse: 'SourceLoaded'; readonly Group?: string; readonly SourceHash?: string } & FailureFields);

export type SourceUnloadedReply =
  | { readonly DirectorResponse: 'SourceUnloaded'; readonly Success: true; readonly Group: string; readonly SourceHash: string; readonly Reactivated: string | null }
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
export const REPLY_OF: { readonly [op in DirectorOpName]: DirectorReply['DirectorResponse'] } = {
  DefineGroup: 'DeclaredGroup',
  LoadSource: 'SourceLoaded',
  UnloadSource: 'SourceUnloaded',
  RetrieveAll: 'AllAddresses',
  RetrieveRole: 'RoleAddress',
  RequestNotification: 'NotificationOfUpdate',
  Refresh: 'Refreshed',
};

/** Events the Director publishes (the daemon pushes them to subscribed clients). */
export type DirectorEvent =
  | { readonly kind: 'source-loaded'; readonly group: string; readonly sourceHash: string; readonly version: string | null; readonly time: string }
  | { readonly kind: 'source-load-failed'; readonly group: string; readonly sourceHash: string; readonly code: string; readonly message: string; readonly time: string }
  | { readonly kind: 'source-unloaded'; readonly group: string; readonly sourceHash: string; readonly version: string | null; readonly time: string }
  | { readonly kind: 'source-activated'; readonly group: string; readonly sourceHash: string | null; readonly version: string | null; readonly time: string }
  | { readonly kind: 'group-defined'; readonly group: string; readonly time: string }
  | { readonly kind: 'actor-started'; readonly group: string; readonly sourceHash: string; readonly actorClass: string; readonly role: string | null; readonly address: ActorAddress; readonly time: string }
  | { readonly kind: 'actor-failed'; readonly group: string; readonly sourceHash: string; readonly actorClass: string; readonly role: string | null; readonly error: string; readonly time: string }
  | { readonly kind: 'actor-exited'; readonly group: string; readonly sourceHash: string; readonly actorClass: string; readonly role: string | null; readonly address: ActorAddress; readonly reason: string | null; readonly time: string }
  | { readonly kind: 'actor-restarted'; readonly group: string; readonly sourceHash: string; readonly actorClass: string; readonly role: string | null; readonly address: ActorAddress; readonly restarts: number; readonly time: string };

/** `[A-Za-z_][A-Za-z0-9_]*`; anything else is refused (a `-` or `.` would make `GROUP-VERSION.tls` ambiguous). */
export function isValidGroupName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** The result of checking an incoming message at the Director's edge. */
export type DecodedRequest =
  | { readonly ok: true; readonly request: DirectorRequest }
  | { readonly ok: false; readonly reply: DirectorReply };

function isPlainObject(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(op: DirectorOpName | null, code: string, message: string): DecodedRequest {
  const failure = { Success: false as const, code, message };
  if (op === null) return { ok: false, reply: { DirectorResponse: 'Error', ...failure } };
  switch (REPLY_OF[op]) {
    case 'RoleAddress':
      return { ok: false, reply: { DirectorResponse: 'RoleAddress', Group: null, SourceHash: null, ActorClass: null, Role: '', ActorAddress: null, ...failure } };
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

function checkMessageSection(where: string, v: unknown, allowed: readonly string[]): string | null {
  if (v === undefined) return null;
  if (!isPlainObject(v)) return `${where} must be an object`;
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) return `${where} has an unknown key "${k}" (allowed: ${allowed.join(', ')})`;
  }
  for (const k of ['Role', 'GlobalName']) {
    const s = v[k];
    if (s !== undefined && s !== null && typeof s !== 'string') return `${where}.${k} must be a string`;
  }
  return null;
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
  if (!(DIRECTOR_OPS as readonly string[]).includes(op)) {
    return fail(null, 'DIRECTOR_UNKNOWN_OP', `the Director does not handle the "${op}" request; known ops: ${DIRECTOR_OPS.join(', ')}`);
  }
  const name = op as DirectorOpName;
  const str = (key: string): string | undefined => (typeof msg[key] === 'string' ? (msg[key]) : undefined);
  const need = (key: string): DecodedRequest | null =>
    typeof msg[key] === 'string' && msg[key] !== '' ? null : fail(name, 'DIRECTOR_BAD_REQUEST', `${name} needs a non-empty string "${key}"`);
  switch (name) {
    case 'DefineGroup': {
      const bad = need('Group');
      if (bad) return bad;
      const group = str('Group') as string;
      if (!isValidGroupName(group)) {
        return fail(name, 'DIRECTOR_BAD_GROUP_NAME', `group name "${group}" is not valid: use letters, digits and _ and start with a letter or _`);
      }
      const actors = msg['Actors'];
      if (actors !== undefined && !isPlainObject(actors)) return fail(name, 'DIRECTOR_BAD_REQUEST', 'DefineGroup "Actors" must be an object');
      for (const [path, sections] of Object.entries(actors ?? {})) {
        if (!isPlainObject(sections)) return fail(name, 'DIRECTOR_BAD_REQUEST', `Actors["${path}"] must be an object`);
        for (const k of Object.keys(sections)) {
          if (!['OnLoad', 'OnReactivate', 'OnDeactivate'].includes(k)) {
            return fail(name, 'DIRECTOR_BAD_REQUEST', `Actors["${path}"] has an unknown key "${k}" (allowed: OnLoad, OnReactivate, OnDeactivate)`);
          }
        }
        const problem =
          checkMessageSection(`Actors["${path}"].OnLoad`, sections['OnLoad'], ['Role', 'Message', 'GlobalName']) ??
          checkMessageSection(`Actors["${path}"].OnReactivate`, sections['OnReactivate'], ['Message']) ??
          checkMessageSection(`Actors["${path}"].OnDeactivate`, sections['OnDeactivate'], ['Message']);
        if (problem) return fail(name, 'DIRECTOR_BAD_REQUEST', problem);
      }
      const au = msg['AutoUnload'];
      if (au !== undefined && au !== null && typeof au !== 'boolean' && !(typeof au === 'number' && Number.isInteger(au) && au >= 0)) {
        return fail(name, 'DIRECTOR_BAD_REQUEST', 'DefineGroup "AutoUnload" must be true, false or a whole number of sources to keep');
      }
      const kl = msg['TLS_Keep_Limit'];
      // 0 keeps every file (no pruning), as in the TLI docs, gensrc and the language server.
      if (kl !== undefined && kl !== null && !(typeof kl === 'number' && Number.isInteger(kl) && kl >= 0)) {
        return fail(name, 'DIRECTOR_BAD_REQUEST', 'DefineGroup "TLS_Keep_Limit" must be a whole number (0 keeps every file)');
      }
      const mem = msg['TLS_Memory_MiB'];
      if (mem !== undefined && mem !== null && !(typeof mem === 'number' && Number.isInteger(mem) && mem >= 0)) {
        return fail(name, 'DIRECTOR_BAD_REQUEST', 'DefineGroup "TLS_Memory_MiB" must be a whole number of MiB (0: the daemon default)');
      }
      return { ok: true, request: msg as unknown as DefineGroupRequest };
    }
    case 'LoadSource':
      return need('Group') ?? need('Source') ?? { ok: true, request: msg as unknown as LoadSourceRequest };
    case 'UnloadSource':
      return need('SourceHash') ?? { ok: true, request: msg as unknown as UnloadSourceRequest };
    case 'RetrieveAll': {
      const g = msg['Group'];
      if (g !== undefined && g !== null && typeof g !== 'string') return fail(name, 'DIRECTOR_BAD_REQUEST', 'RetrieveAll "Group" must be a string');
      return { ok: true, request: msg as unknown as RetrieveAllRequest };
    }
    case 'RetrieveRole': {
      const bad = need('Role');
      if (bad) return bad;
      const g = msg['Group'];
      if (g !== undefined && g !== null && typeof g !== 'string') return fail(name, 'DIRECTOR_BAD_REQUEST', 'RetrieveRole "Group" must be a string');
      return { ok: true, request: msg as unknown as RetrieveRoleRequest };
    }
    case 'RequestNotification':
      return { ok: true, request: { DirectorOp: 'RequestNotification' } };
    case 'Refresh': {
      const groups = msg['Groups'];
      if (!Array.isArray(groups) || groups.length === 0) return fail(name, 'DIRECTOR_BAD_REQUEST', 'Refresh needs a non-empty array "Groups"');
      const seen = new Set<string>();
      for (const [i, item] of (groups as unknown[]).entries()) {
        if (!isPlainObject(item)) return fail(name, 'DIRECTOR_BAD_REQUEST', `Refresh Groups[${i}] must be an object`);
        const define = decodeDirectorRequest(item['Define']);
        if (!define.ok || define.request.DirectorOp !== 'DefineGroup') {
          const why = define.ok ? 'is not a DefineGroup request' : (define.reply as FailureFields).message;
          return fail(name, 'DIRECTOR_BAD_REQUEST', `Refresh Groups[${i}].Define ${why}`);
        }
        if (typeof item['Source'] !== 'string' || item['Source'] === '') return fail(name, 'DIRECTOR_BAD_REQUEST', `Refresh Groups[${i}] needs a non-empty string "Source"`);
        if (seen.has(define.request.Group)) return fail(name, 'DIRECTOR_BAD_REQUEST', `Refresh names group "${define.request.Group}" twice`);
        seen.add(define.request.Group);
      }
      const by = msg['RequestedBy'];
      if (by !== undefined && typeof by !== 'string') return fail(name, 'DIRECTOR_BAD_REQUEST', 'Refresh "RequestedBy" must be a string');
      return { ok: true, request: msg as unknown as RefreshRequest };
    }
  }
}

/** True when `v` is a reply of the Director with the given name (what a waiting client matches). */
export function isDirectorReply<N extends DirectorReply['DirectorResponse']>(
  v: unknown,
  name: N,
): v is Extract<DirectorReply, { DirectorResponse: N }> {
  return isPlainObject(v) && v['DirectorResponse'] === name && typeof v['Success'] === 'boolean';
}
