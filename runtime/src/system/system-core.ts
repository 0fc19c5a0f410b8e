/**
 * The seam between the actor system (actors, sources, workers: runtime/src/actors,
 * runtime/src/system, runtime/src/source-host) and what hosts it (the daemon's admin server,
 * the Director, tests). Both sides code against this interface only.
 *
 * OWNER: the actor-core work. Changing a signature here means telling the daemon's owner.
 */
import type { ActorAddress } from '../protocol/actor-address';
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

export type SystemEvent =
  | { readonly kind: 'source-loaded'; readonly sourceHash: string; readonly info: string }
  | { readonly kind: 'source-unloaded'; readonly sourceHash: string; readonly info: string }
  | { readonly kind: 'source-rejected'; readonly sourceHash: string; readonly info: string; readonly code: string; readonly message: string }
  | { readonly kind: 'actor-started'; readonly address: ActorAddress; readonly actorClass: string; readonly sourceHash?: string }
  | { readonly kind: 'actor-exited'; readonly address: ActorAddress; readonly actorClass: string; readonly sourceHash?: string; readonly reason?: string };

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
   * Hand the bytes to the registered Source Authority. Resolves with the source hash once it is
   * accepted and usable; rejects with the authority's code when it is rejected (never a silent wait).
   */
  loadActorSource(bytes: Uint8Array, info?: string): Promise<string>;
  /** Stops new creations at once, ends the source's actors, terminates its worker. */
  unloadActorSource(sourceHash: string): Promise<void>;
  /** Hashes of accepted, loaded sources with their info. */
  loadedSources(): ReadonlyArray<{ readonly sourceHash: string; readonly info: string }>;

  /** Every actor gets ActorExitRequest; workers end; then resolves. */
  shutdown(): Promise<void>;
  /** Subscribe to system events; returns the unsubscribe function. */
  onEvent(listener: (event: SystemEvent) => void): () => void;
}

/** Options for the actor system that runs in this process (the daemon's, or a test's). */
export interface LocalSystemOptions {
  /** Names this system in addresses, e.g. `127.0.0.1:1900`. */
  readonly systemName: string;
  readonly capabilities?: { readonly [key: string]: JsonValue };
  /** Per-source worker limits (heap MiB etc.); defaults documented by the actor-core work. */
  readonly workerLimits?: { readonly maxOldGenerationSizeMb?: number; readonly maxYoungGenerationSizeMb?: number };
}
