/**
 * The Director's state and the decisions its core returns. Everything here is plain data (JSON
 * safe), so the state can be snapshotted for persistence and compared in tests. The core never
 * performs I/O: each handler takes the state, an input and `now`, and returns the next state with
 * the effects the adapter must carry out, in order.
 */
import type { ActorAddress } from '../../protocol/actor-address';
import type { DirectorEvent, DirectorReply } from '../../protocol/director-messages';
import type { JsonValue } from '../../protocol/json-value';
import type { RecordedActorState } from './record';

/** A TLI message: present (whatever its value, 0 and "" included) or absent (undefined). */
export interface PresentMessage {
  readonly value: JsonValue;
}

/** One actor of a group's TLI, normalised. */
export interface ActorDef {
  readonly actorClass: string;
  readonly role: string | null;
  readonly globalName: string | null;
  readonly onLoad?: PresentMessage;
  readonly onDeactivate?: PresentMessage;
  readonly onReactivate?: PresentMessage;
}

export interface GroupDef {
  readonly actors: readonly ActorDef[];
  /** false: keep older sources; true: unload them all; n: keep n loaded sources, the new one included. */
  readonly autoUnload: boolean | number;
  /** Keep at most this many .tls files of the group in the director dir; null: no pruning. */
  readonly keepLimit: number | null;
  /** TLS_Memory_MiB: memory budget of each source (heap + Buffers/ArrayBuffers); absent: the daemon default. */
  readonly memoryMiB?: number;
}

export type ActorStatus = 'starting' | 'running' | 'restarting' | 'exited' | 'failed' | 'stopped';

/** An actor the Director started for a loaded source (copied from the TLI at load time). */
export interface RunningActor {
  readonly def: ActorDef;
  readonly address: ActorAddress | null;
  readonly status: ActorStatus;
  /** ISO 8601 of the latest (re)start; null before the first. */
  readonly startTime: string | null;
  readonly restarts: number;
  /** Exit times (ms since epoch) inside the crash-budget window. */
  readonly recentExits: readonly number[];
  readonly error?: string;
}

export interface LoadedSource {
  readonly hash: string;
  readonly group: string;
  readonly path: string;
  readonly version: string | null;
  readonly keyId: string | null;
  /** ISO 8601. */
  readonly loadedAt: string;
  /** The group's AutoUnload at load time (a later DefineGroup does not change it). */
  readonly autoUnload: boolean | number;
  readonly actors: readonly RunningActor[];
  /** True until every OnLoad actor of the load has started or failed. */
  readonly starting: boolean;
  /** True once its unload has begun: its actors are not restarted any more. */
  readonly unloading: boolean;
}

/** Who asked for something: an address replies go to (null: nobody waits). */
export type Requester = ActorAddress | null;

/** A load asked for and not yet activated (waiting for validation, or for the group's previous activation). */
export interface PendingLoad {
  readonly hash: string;
  readonly group: string;
  readonly path: string;
  readonly version: string | null;
  readonly requesters: readonly Requester[];
  readonly requestedBy: string;
  /** Validated by the Source Authority. */
  readonly accepted: boolean;
  readonly keyId: string | null;
  /** Set when restoring after a daemon restart: activate it or only record it. */
  readonly restore?: {
    readonly activate: boolean;
    readonly loadedAt: string;
    /** The definition the source was loaded with (not the group's current one). */
    readonly actors: readonly ActorDef[];
    readonly autoUnload: boolean | number;
    /** Per actor: ran (start it again), exited, failed, stopped; restart count and crash window. */
    readonly actorStates?: readonly RecordedActorState[];
  };
}

export interface GroupState {
  readonly def: GroupDef;
  /** Load order, oldest first. */
  readonly sources: readonly LoadedSource[];
  readonly active: string | null;
}

export interface UnloadWaiter {
  readonly hash: string;
  readonly requesters: readonly Requester[];
  readonly requestedBy: string;
}

export interface DirectorState {
  /** Insertion order is definition order (group names cannot look like array indexes). */
  readonly groups: { readonly [group: string]: GroupState };
  readonly pending: readonly PendingLoad[];
  readonly unloading: readonly UnloadWaiter[];
  /** RequestNotification waiters (one-shot). */
  readonly waiters: readonly ActorAddress[];
}

export const emptyState: DirectorState = { groups: {}, pending: [], unloading: [], waiters: [] };

/** An entry of the append-only audit log. */
export interface AuditEntry {
  /** `rollback`: an explicit load of a version older than the group's active one. `refused`: a security refusal (docs/security.md). */
  readonly action: 'load' | 'unload' | 'load-failed' | 'rollback' | 'refused';
  readonly sourceHash: string;
  readonly group: string;
  readonly version: string | null;
  readonly keyId: string | null;
  readonly time: string;
  readonly by: string;
  readonly code?: string;
  /** For `rollback`: the newer signed version still loaded when the older one was loaded. */
  readonly rollbackFrom?: string | null;
}

/**
 * What the adapter must do, in order. Order matters: e.g. a takeover's `setGlobalName(null)` runs
 * before the `createActor` that claims the name, so the new actor can never resolve to the old one.
 */
export type Effect =
  | { readonly kind: 'reply'; readonly to: ActorAddress; readonly message: DirectorReply }
  | { readonly kind: 'send'; readonly to: ActorAddress; readonly message: JsonValue }
  /** Ask an actor to end (the actor system's ActorExitRequest). */
  | { readonly kind: 'exitActor'; readonly address: ActorAddress }
  | { readonly kind: 'loadSource'; readonly hash: string; readonly path: string }
  | { readonly kind: 'unloadSource'; readonly hash: string }
  /** Create actor `index` of source `hash`; report back actorCreated / actorCreateFailed. */
  | {
      readonly kind: 'createActor';
      readonly hash: string;
      readonly index: number;
      readonly actorClass: string;
      readonly globalName: string | null;
    }
  /** Bind (address) or release (null) a global name in the actor system's registry. */
  | { readonly kind: 'setGlobalName'; readonly name: string; readonly address: ActorAddress | null }
  | { readonly kind: 'scheduleRestart'; readonly hash: string; readonly index: number; readonly delayMs: number }
  /** Keep at most `keepLimit` .tls files of the group, never one of `loadedPaths`. */
  | {
      readonly kind: 'prune';
      readonly group: string;
      readonly keepLimit: number;
      readonly loadedPaths: readonly string[];
    }
  | { readonly kind: 'persist' }
  | { readonly kind: 'audit'; readonly entry: AuditEntry }
  | { readonly kind: 'publish'; readonly event: DirectorEvent }
  | { readonly kind: 'log'; readonly level: 'info' | 'warning' | 'error'; readonly text: string };

export interface Decision {
  readonly state: DirectorState;
  readonly effects: readonly Effect[];
}
