/**
 * The base class of every actor. Subclass it and override `receiveMessage`; create actors only
 * through `createActor` (of a system or of another actor), never with `new`.
 *
 * An actor handles one message at a time: when `receiveMessage` returns a promise, the next
 * message waits until it settles. A handler that throws (or rejects) is retried once; if it
 * fails again the message goes back to its sender wrapped in a PoisonMessage.
 */
import type { ActorAddress } from '../protocol/actor-address';
import type { JsonValue } from '../protocol/json-value';
import type { ActorSpec, CreateActorOptions } from '../system/system-core';
import { ActorSystemError } from './actor-system-error';
import type { Logger } from './logger';

/** What an actor's methods do, supplied by the realm (main thread or source worker) that hosts it. */
export interface ActorContext {
  readonly address: ActorAddress;
  readonly logger: Logger;
  readonly globalName: string | null;
  send(to: ActorAddress, message: unknown): void;
  createActor(spec: ActorSpec, options: ActorCreateOptions): Promise<ActorAddress>;
  wakeupAfter(ms: number, payload: unknown): void;
  loadActorSource(bytes: Uint8Array, info: string): Promise<string>;
  unloadActorSource(sourceHash: string): Promise<void>;
  registerSourceAuthority(): void;
  notifyOnSourceAvailability(enable: boolean): void;
  notifyOnSystemRegistrationChanges(enable: boolean): void;
  handleDeadLetters(enable: boolean): void;
  updateCapability(name: string, value: JsonValue): void;
  actorSystemShutdown(): void;
}

/** `createActor` options as an actor gives them (the parent is always the creating actor). */
export type ActorCreateOptions = Omit<CreateActorOptions, 'parent'>;

export type Capabilities = { readonly [key: string]: JsonValue };

let constructing: ActorContext | null = null;

/** Used by realms: runs `make` (which calls `new Cls()`) with `ctx` as the new actor's context. */
export function constructWithContext<T>(ctx: ActorContext, make: () => T): T {
  const previous = constructing;
  constructing = ctx;
  try {
    return make();
  } finally {
    constructing = previous;
  }
}

export abstract class Actor {
  readonly #ctx: ActorContext;

  /**
   * Only for troupe workers (a class with `static troupe`): leave it true after a message to stay
   * reserved (e.g. while waiting for another actor's answer); set it false when done. The
   * original's `troupe_work_in_progress`.
   */
  troupeWorkInProgress = false;

  constructor() {
    if (constructing === null) {
      throw new ActorSystemError(
        'INVALID_ACTOR_SPECIFICATION',
        `${new.target.name} was constructed with new; create actors with createActor(...) of an actor system or of another actor.`,
      );
    }
    this.#ctx = constructing;
    constructing = null; // a nested `new OtherActor()` inside this constructor must fail the same way
  }

  /**
   * Handle one message. `sender` is null for messages from outside the actor world without a
   * return address. May be async: the next message waits for the promise.
   */
  receiveMessage(_message: unknown, _sender: ActorAddress | null): void | Promise<void> {}

  /** This actor's address: plain data, safe to send anywhere. */
  get myAddress(): ActorAddress {
    return this.#ctx.address;
  }

  get logger(): Logger {
    return this.#ctx.logger;
  }

  /** The name this actor was created under (`createActor(spec, { globalName })`), or null. */
  get globalName(): string | null {
    return this.#ctx.globalName;
  }

  /**
   * Fire and forget. Throws at once: `INVALID_ACTOR_ADDRESS` when `to` is not an address (a name,
   * null), `NOT_PLAIN_DATA` when the message must cross a source boundary and is not plain data.
   * Inside `receiveMessage` such a throw fails the handler like any other: retried once, then the
   * message goes back to its sender as PoisonMessage (as the original does).
   */
  send(to: ActorAddress, message: unknown): void {
    this.#ctx.send(to, message);
  }

  /**
   * Create a child actor. Inside a loaded source, `spec` names a class of this same source unless
   * `sourceHash` says otherwise. Resolves with its address; rejects with a coded error.
   */
  createActor(spec: ActorSpec, options: ActorCreateOptions = {}): Promise<ActorAddress> {
    return this.#ctx.createActor(spec, options);
  }

  /** After `ms` milliseconds this actor receives `WakeupMessage { delayMs: ms, payload }` from itself. */
  wakeupAfter(ms: number, payload?: unknown): void {
    this.#ctx.wakeupAfter(ms, payload);
  }

  /** Resolves with the source hash once the Source Authority accepted it and it is usable. */
  loadActorSource(bytes: Uint8Array, info = 'actor-loaded source'): Promise<string> {
    return this.#ctx.loadActorSource(bytes, info);
  }

  unloadActorSource(sourceHash: string): Promise<void> {
    return this.#ctx.unloadActorSource(sourceHash);
  }

  /** This actor becomes the system's Source Authority (the last to register wins). */
  registerSourceAuthority(): void {
    this.#ctx.registerSourceAuthority();
  }

  /** With true, this actor gets LoadedSource for every usable source now and later, and UnloadedSource. */
  notifyOnSourceAvailability(enable = true): void {
    this.#ctx.notifyOnSourceAvailability(enable);
  }

  /**
   * With true, this actor gets ActorSystemConventionUpdate for every other system of the
   * convention now present (one each) and later whenever one joins, leaves, or changes its
   * capabilities; false stops them. Without a convention nothing arrives.
   */
  notifyOnSystemRegistrationChanges(enable = true): void {
    this.#ctx.notifyOnSystemRegistrationChanges(enable);
  }

  /**
   * With true, this actor becomes the system's dead-letter handler: every message to an actor
   * that no longer exists (or to a system that cannot be reached) arrives as
   * `DeadEnvelope { deadAddress, deadMessage }` from the original sender. The last actor to
   * register wins; false from the current handler stops it (from another actor it changes
   * nothing); when the handler ends, dead letters are only logged again.
   */
  handleDeadLetters(enable = true): void {
    this.#ctx.handleDeadLetters(enable);
  }

  /**
   * Set one capability of this actor's system (null removes it). Later capability checks on this
   * system use the new set; actors already running are not moved or ended.
   */
  updateCapability(name: string, value: JsonValue = null): void {
    this.#ctx.updateCapability(name, value);
  }

  /** Shuts the whole actor system down. */
  actorSystemShutdown(): void {
    this.#ctx.actorSystemShutdown();
  }

  /**
   * May this class run on a system with these capabilities, given the creator's requirements?
   * Default: every requirement key is present with an equal value (deep equality for JSON values).
   */
  static actorSystemCapabilityCheck(capabilities: Capabilities, requirements: Capabilities): boolean {
    return Object.keys(requirements).every((k) => jsonEqual(capabilities[k], requirements[k]));
  }
}

function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, JsonValue>)[k], (b as Record<string, JsonValue>)[k]));
}

/** True when `v` is a class deriving from this realm's Actor. */
export function isActorClass(v: unknown): v is new () => Actor {
  return typeof v === 'function' && v.prototype instanceof Actor;
}
