/**
 * The seam between the actor system (actors, sources, workers: runtime/src/actors,
 * runtime/src/system, runtime/src/source-host) and what hosts it (the daemon's admin server,
 * the Director, tests). Both sides code against this interface only, so a change of signature
 * here is a change for both.
 */
import type { SourceStats } from '../metrics/thread-stats';
import type { ActorAddress } from '../protocol/actor-address';
import type { DirectorError } from '../protocol/errors';
import type { JsonValue } from '../protocol/json-value';

/** `'foo.subdir2.barn.cowactor.CowActor'`, the module-only `'foo.fooactor'`, or (in-process only) a class. */
export type ActorSpec = string | (abstract new (...args: never[]) => unknown);

export interface CreateActorOptions {
  /** Return the existing actor with this name if one lives; otherwise create it under the name. */
  readonly globalName?: string;
  /** Capabilities the actor needs; checked by the class's static actorSystemCapabilityCheck. */
  readonly targetActorRequirements?: { readonly [key: string]: JsonValue };
  /** Which loaded source the class comes from. */
  readonly sourceHash?: string;
  /** Parent for ChildActorExited; default: the system itself. */
  readonly parent?: ActorAddress;
}

/** Something outside the actor world (an admin client, a test) that can be sent to and can send. */
export interface Endpoint {
  readonly address: ActorAddress;
  close(): void;
}

/** One-shot reply addresses served by one handler (the asks of a daemon): see openReplies. */
export interface ReplyAddresses {
  /** A fresh address, never handed out before. */
  next(): ActorAddress;
  close(): void;
}

export type SystemEvent =
  | { readonly kind: 'source-loaded'; readonly sourceHash: string; readonly info: string }
  | { readonly kind: 'source-unloaded'; readonly sourceHash: string; readonly info: string }
  | {
      readonly kind: 'source-rejected';
      readonly sourceHash: string;
      readonly info: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly kind: 'actor-started';
      readonly address: ActorAddress;
      readonly actorClass: string;
      readonly sourceHash?: string;
    }
  | {
      readonly kind: 'actor-exited';
      readonly address: ActorAddress;
      readonly actorClass: string;
      readonly sourceHash?: string;
      readonly reason?: string;
    }
  /** Something was refused for the system's safety (a source trying to replace the Source Authority...): logged and audited. */
  | {
      readonly kind: 'security-refused';
      readonly code: string;
      readonly message: string;
      readonly sourceHash?: string;
    };

export interface ActorSystemCore {
  /** Names this system in every address it hands out. */
  readonly systemName: string;
  readonly capabilities: { readonly [key: string]: JsonValue };

  /** Resolves with the new (or existing global-named) actor's address; rejects with a coded error. */
  createActor(spec: ActorSpec, options?: CreateActorOptions): Promise<ActorAddress>;
  /** Fire and forget. `from` is what the receiver sees as sender. */
  tell(to: ActorAddress, message: unknown, from?: ActorAddress): void;
  /** An address whose deliveries call `onMessage`; close() drops it. */
  openEndpoint(onMessage: (message: unknown, sender: ActorAddress | null) => void): Endpoint;
  /**
   * Addresses made by `next()` deliver to `onMessage` with their id, which returns false for an
   * id it does not (or no longer) expect: the message is then a dead letter, as for a closed
   * endpoint. One handler for many asks, instead of an endpoint per ask.
   */
  openReplies(onMessage: (id: string, message: unknown, sender: ActorAddress | null) => boolean): ReplyAddresses;

  /**
   * Hand the bytes to the registered Source Authority. Resolves with the source hash once it is
   * accepted and usable; rejects with the authority's code when it is rejected (never a silent wait).
   */
  loadActorSource(bytes: Uint8Array, info?: string, options?: SourceOptions): Promise<string>;
  /** Stops new creations at once, ends the source's actors, terminates its worker. */
  unloadActorSource(sourceHash: string): Promise<void>;
  /**
   * A load is about to come: boot a blank worker now, so the load finds it ready (it ends unused
   * after a few seconds). Optional: systems without workers leave it out.
   */
  primeWorker?(): void;
  /** Hashes of accepted, loaded sources with their info. */
  loadedSources(): ReadonlyArray<{ readonly sourceHash: string; readonly info: string }>;

  /**
   * Move a global name: to `address` (a new version's actor takes it over from the old one, which
   * keeps running without it), or release it with null. Later `createActor({ globalName })`
   * returns the new holder.
   */
  setGlobalName(name: string, address: ActorAddress | null): void;

  /** Every actor gets ActorExitRequest; workers end; then resolves. */
  shutdown(): Promise<void>;
  /** Subscribe to system events; returns the unsubscribe function. */
  onEvent(listener: (event: SystemEvent) => void): () => void;

  /**
   * Replace this system's capabilities (othercaps.cfg changed while running): later capability
   * checks of creates on this system and the convention's decisions use them. Optional: systems
   * without a convention need not have it.
   */
  updateCapabilities?(capabilities: { readonly [key: string]: JsonValue }): void;
  /**
   * The convention saw another system join (`added` true; also when its capabilities change) or
   * leave (`added` false): actors that asked with notifyOnSystemRegistrationChanges are told.
   */
  systemRegistrationChanged?(system: string, capabilities: { readonly [key: string]: JsonValue }, added: boolean): void;
  /** Message counters of each loaded source, pulled from its worker (for /metrics). Optional. */
  sourceStats?(): Promise<readonly SourceStats[]>;
}

/** Per-source settings given with a load (the TLI's, through the Director). */
export interface SourceOptions {
  /** Heap + Buffers/ArrayBuffers the source's worker may hold, MiB; default: the system's sourceMemoryBudgetMb. */
  readonly memoryBudgetMb?: number;
}

/** Options for the actor system that runs in this process (the daemon's, or a test's). */
export interface LocalSystemOptions {
  /** Names this system in addresses, e.g. `127.0.0.1:1900`. */
  readonly systemName: string;
  readonly capabilities?: { readonly [key: string]: JsonValue };
  /** Per-source worker limits (heap MiB etc.); default: maxOldGenerationSizeMb 512 (see docs/actors.md). */
  readonly workerLimits?: { readonly maxOldGenerationSizeMb?: number; readonly maxYoungGenerationSizeMb?: number };
  /** Logger for each actor (name = class and address) and for the system; default: warnings and errors to stderr. */
  readonly loggerFactory?: (name: string) => {
    debug(text: string): void;
    info(text: string): void;
    warning(text: string): void;
    error(text: string): void;
  };
  /** How long the Source Authority may take to answer a ValidateSource; default 30 000 ms. */
  readonly validationTimeoutMs?: number;
  /** How long actors get to end after ActorExitRequest (unload, shutdown) before their worker is terminated; default 2 000 ms. */
  readonly exitDeadlineMs?: number;
  /** The worker entry script; default: dist/source-worker.js beside the bundle, or the compiled worker-main.js. */
  readonly workerScript?: string;
  /**
   * Where messages to another system's addresses go (the convention transport). Without it they
   * are dead letters, and so are those it returns false for (no such system, no link). Called
   * with plain data only (checked before).
   */
  readonly remoteForward?: (to: ActorAddress, message: unknown, from: ActorAddress | null) => boolean | void;
  /**
   * Where a create by an actor of this system goes when this system's capabilities refuse it
   * (NO_COMPATIBLE_SYSTEM_FOR_ACTOR): the convention places it on a member that accepts it, or
   * rejects with `refusal`. Without it the refusal stands.
   */
  readonly placeElsewhere?: (
    spec: string,
    options: CreateActorOptions,
    refusal: DirectorError,
  ) => Promise<ActorAddress>;
  /**
   * Run loaded sources in this thread instead of a worker each (the simpleSystemBase). No
   * isolation: a crash or an endless loop in a source stops everything. Default false.
   */
  readonly inThreadSources?: boolean;
  /**
   * Keep one worker started ahead of need, so a load does not wait ≈ 40 ms for a thread to boot.
   * Costs one idle worker's memory (≈ 7 MiB). Default false.
   */
  readonly spareWorker?: boolean;
  /**
   * Who may register the Source Authority. Loaded sources never may (SOURCE_AUTHORITY_PINNED at
   * the caller, logged, a `security-refused` event). 'replaceable' (default, for programs that
   * embed the runtime): any actor of the program itself, the last one wins. 'pinned' (the daemon):
   * the first registration is the only one; a later one is refused the same way, and the
   * authority cannot be removed except by its own exit; and a loaded source's
   * actorSystemShutdown() is refused (SOURCE_CALL_REFUSED, a `security-refused` event).
   */
  readonly sourceAuthority?: 'pinned' | 'replaceable';
  /**
   * Default memory budget of each source's worker in MiB, counting its JS heap AND its Buffers and
   * ArrayBuffers (which the heap limit does not see); a worker over it ends (docs/security.md).
   * Default 1024; a group's TLI may set its own (TLS_Memory_MiB); 0 turns the accounting off.
   */
  readonly sourceMemoryBudgetMb?: number;
}
