/**
 * `ActorSystem`: the public client of an actor system, with the original's two bases.
 *
 * - The daemon base (the default): `await ActorSystem.connect({ directorDir?, adminPort? })` reaches
 *   the running daemon of a director dir over the admin WebSocket, with the token from its private
 *   folder. `close()` drops this client; `shutdown()` stops the daemon.
 * - The simple base: `await ActorSystem.simple()` runs everything in this thread (tests, small
 *   programs); actor classes may be passed directly.
 *
 * Both have the same methods. `ask` resolves with the first message sent back to the asker that
 * is not a system message (PoisonMessage excepted, as in the original) and rejects with code
 * `ASK_TIMEOUT` when none arrives in time (the original returned None). `tell`/`ask` to something
 * that is not an address reject with `INVALID_ACTOR_ADDRESS`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AdminClient } from './client/admin-client';
import { connectDaemon } from './client/connect-daemon';
import { resolveDirectorDir } from './config/director-dir';
import { askOnce } from './daemon/ask-once';
import { DaemonError } from './daemon/daemon-error';
import type { AdminEvent } from './protocol/admin-protocol';
import type { ActorAddress } from './protocol/actor-address';
import type { JsonValue } from './protocol/json-value';
import { createSimpleSystem } from './system/simple-system';
import type { ActorSpec, ActorSystemCore, Endpoint } from './system/system-core';
import { assertPlainData } from './transport/plain-data';
import { assertActorAddress } from './actors/actor-system-error';
import { isReplyMessage } from './protocol/system-messages';
import type { LoggerFactory } from './actors/logger';

export interface ActorCreateRequest {
  readonly globalName?: string;
  readonly targetActorRequirements?: { readonly [key: string]: JsonValue };
  readonly sourceHash?: string;
}

export interface ConnectOptions {
  /** Default: THESPIAN_DIRECTOR_DIR or the platform default. */
  readonly directorDir?: string;
  /** Default: adminport.cfg of the director dir, or 1900. */
  readonly adminPort?: number;
  /** Shown in the daemon's log. */
  readonly clientName?: string;
}

export interface SimpleOptions {
  readonly capabilities?: { readonly [key: string]: JsonValue };
  /** Names the system in addresses; default `simple`. */
  readonly systemName?: string;
  /** Logger for each actor and the system; default: warnings and errors to stderr. */
  readonly loggerFactory?: LoggerFactory;
}

/** A message sent to this client (the sender of its `tell`s). */
export interface Delivered {
  readonly message: unknown;
  readonly sender: ActorAddress | null;
}

const DEFAULT_ASK_SECONDS = 30;

async function sourceBytes(pathOrBytes: string | Uint8Array): Promise<{ bytes: Uint8Array; info: string }> {
  if (typeof pathOrBytes !== 'string') return { bytes: pathOrBytes, info: `${pathOrBytes.byteLength} bytes` };
  return { bytes: await readFile(pathOrBytes), info: path.basename(pathOrBytes) };
}

function askMs(timeoutSeconds: number | undefined): number {
  const s = timeoutSeconds ?? DEFAULT_ASK_SECONDS;
  if (!(s > 0) || !Number.isFinite(s))
    throw new RangeError(`ask: timeoutSeconds must be a positive number of seconds, got ${s}`);
  return Math.ceil(s * 1000);
}

export abstract class ActorSystem {
  /** Which base this is: `daemon` (a client of the daemon) or `simple` (in this thread). */
  abstract readonly base: 'daemon' | 'simple';

  /** Connect to the running daemon of a director dir. Rejects with DAEMON_NOT_RUNNING when none answers. */
  static async connect(options: ConnectOptions = {}): Promise<ActorSystem> {
    const directorDir = options.directorDir ?? resolveDirectorDir(process.env);
    const client = await connectDaemon({
      directorDir,
      ...(options.adminPort !== undefined ? { adminPort: options.adminPort } : {}),
      clientName: options.clientName ?? `ActorSystem client (pid ${process.pid})`,
    });
    return new DaemonActorSystem(client);
  }

  /** An actor system in this thread (the original's simpleSystemBase). */
  static simple(options: SimpleOptions = {}): Promise<ActorSystem> {
    const core = createSimpleSystem({
      systemName: options.systemName ?? 'simple',
      ...(options.capabilities !== undefined ? { capabilities: options.capabilities } : {}),
      ...(options.loggerFactory !== undefined ? { loggerFactory: options.loggerFactory } : {}),
    });
    return Promise.resolve(new SimpleActorSystem(core));
  }

  /**
   * Create an actor (or find the live one registered under `globalName`). `spec` is a dotted
   * class path (`foo.fooactor.FooActor`) or a module path; the simple base also takes a class.
   */
  abstract createActor(spec: ActorSpec, options?: ActorCreateRequest): Promise<ActorAddress>;
  /** Send `message` (plain data); replies arrive through {@link onDelivery}. */
  abstract tell(to: ActorAddress, message: JsonValue): Promise<void>;
  /** Send and wait for the first message back; rejects with ASK_TIMEOUT (default 30 s). */
  abstract ask<T = unknown>(to: ActorAddress, message: JsonValue, timeoutSeconds?: number): Promise<T>;
  /** Hand a signed package (file path or bytes) to the Source Authority; resolves with its hash once accepted. */
  abstract loadActorSource(pathOrBytes: string | Uint8Array): Promise<string>;
  abstract unloadActorSource(sourceHash: string): Promise<void>;
  /** Stop the actor system: every actor gets ActorExitRequest. For the daemon base, the daemon exits. */
  abstract shutdown(): Promise<void>;
  /** Drop this client only (the daemon carries on). */
  abstract close(): Promise<void>;
  /** Messages actors send to this client's address. Returns the function that removes the listener. */
  abstract onDelivery(listener: (d: Delivered) => void): () => void;
}

/** The daemon base: every call is an admin request. */
export class DaemonActorSystem extends ActorSystem {
  readonly base = 'daemon' as const;

  constructor(readonly client: AdminClient) {
    super();
  }

  createActor(spec: ActorSpec, options: ActorCreateRequest = {}): Promise<ActorAddress> {
    if (typeof spec !== 'string') {
      return Promise.reject(
        new TypeError(
          `createActor: the daemon base takes the class by name ("module.path.${spec.name || 'Class'}"), not the class itself`,
        ),
      );
    }
    return this.client.createActor(spec, options);
  }

  async tell(to: ActorAddress, message: JsonValue): Promise<void> {
    assertActorAddress(to, 'tell');
    return this.client.tell(to, message);
  }

  async ask<T = unknown>(to: ActorAddress, message: JsonValue, timeoutSeconds?: number): Promise<T> {
    assertActorAddress(to, 'ask');
    return (await this.client.ask(to, message, askMs(timeoutSeconds))).reply as T;
  }

  async loadActorSource(pathOrBytes: string | Uint8Array): Promise<string> {
    // A path: the daemon reads it itself when it can (same machine, director dir).
    if (typeof pathOrBytes === 'string') return this.client.loadSourceFile(pathOrBytes);
    const { bytes, info } = await sourceBytes(pathOrBytes);
    return this.client.loadSource(bytes, info);
  }

  unloadActorSource(sourceHash: string): Promise<void> {
    return this.client.unloadSource(sourceHash);
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
    await this.client.closed;
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  onDelivery(listener: (d: Delivered) => void): () => void {
    return this.client.onDelivery(listener);
  }

  /** Daemon events (source loaded, actor exited, director activated...), after subscribing. */
  async onEvent(listener: (e: AdminEvent) => void, kinds?: readonly string[]): Promise<() => void> {
    const off = this.client.onEvent(listener);
    await this.client.subscribe(kinds);
    return off;
  }
}

/** The simple base: the actor system runs in this thread. */
export class SimpleActorSystem extends ActorSystem {
  readonly base = 'simple' as const;
  private endpoint: Endpoint | undefined;
  private readonly listeners = new Set<(d: Delivered) => void>();
  private ended = false;

  constructor(readonly core: ActorSystemCore) {
    super();
  }

  private live(): void {
    if (this.ended) throw new DaemonError('ADMIN_SHUTTING_DOWN', 'this actor system was shut down or closed');
  }

  async createActor(spec: ActorSpec, options: ActorCreateRequest = {}): Promise<ActorAddress> {
    this.live();
    return this.core.createActor(spec, options);
  }

  tell(to: ActorAddress, message: JsonValue): Promise<void> {
    try {
      this.live();
      assertPlainData(message, 'a message');
      this.endpoint ??= this.core.openEndpoint((m, sender) => {
        if (!isReplyMessage(m)) return; // system messages are not replies (PoisonMessage is)
        for (const l of this.listeners) l({ message: m, sender });
      });
      this.core.tell(to, message, this.endpoint.address);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async ask<T = unknown>(to: ActorAddress, message: JsonValue, timeoutSeconds?: number): Promise<T> {
    this.live();
    assertPlainData(message, 'a message');
    return (await askOnce(this.core, to, message, askMs(timeoutSeconds))).reply as T;
  }

  /**
   * Set one capability of this system (null removes it), as the original's `updateCapability`.
   * Only the simple base: the daemon's capabilities come from othercaps.cfg (see docs/convention.md).
   */
  updateCapability(name: string, value: JsonValue = null): void {
    this.live();
    const caps: { [key: string]: JsonValue } = { ...this.core.capabilities };
    if (value === null) delete caps[name];
    else caps[name] = value;
    this.core.updateCapabilities?.(caps);
  }

  async loadActorSource(pathOrBytes: string | Uint8Array): Promise<string> {
    this.live();
    const { bytes, info } = await sourceBytes(pathOrBytes);
    return this.core.loadActorSource(bytes, info);
  }

  async unloadActorSource(sourceHash: string): Promise<void> {
    this.live();
    return this.core.unloadActorSource(sourceHash);
  }

  async shutdown(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.endpoint?.close();
    await this.core.shutdown();
  }

  /** The simple base has no other clients: closing it shuts it down. */
  close(): Promise<void> {
    return this.shutdown();
  }

  onDelivery(listener: (d: Delivered) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
