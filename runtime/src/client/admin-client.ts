/**
 * A client of the daemon's admin port: one authenticated link, typed methods for every request,
 * events and deliveries as callbacks. `close()` drops this client only.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ADMIN_PROTOCOL_VERSION,
  AdminEventNotice,
  Ask,
  CreateActor,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_PAYLOAD,
  DEFAULT_REQUEST_TIMEOUT_MS,
  Delivery,
  Hello,
  ListSources,
  LoadSource,
  Shutdown,
  Status,
  Subscribe,
  Tell,
  UnloadSource,
  Unsubscribe,
  type AdminEvent,
  type CreateActorOptionsWire,
} from '../protocol/admin-protocol';
import type { ActorAddress } from '../protocol/actor-address';
import { codeOf } from '../protocol/caught';
import type { JsonValue } from '../protocol/json-value';
import { Link } from '../transport/link';
import { openSocket } from '../transport/open-socket';
import { assertPlainData } from '../transport/plain-data';
import type { TransportError } from '../transport/transport-error';

/** localhost, 127.0.0.0/8 or ::1: the daemon runs on this machine. */
function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface AdminClientOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** Shown in the daemon's log: `director-cli`, `vscode`... */
  readonly clientName?: string;
  readonly maxPayload?: number;
  readonly heartbeatMs?: number;
  /** Deadline for connect + hello. */
  readonly connectTimeoutMs?: number;
  /** Deadline of requests that name none. */
  readonly requestTimeoutMs?: number;
}

/** Time a daemon may take beyond an ask's own wait before the client gives up on the link. */
const ASK_GRACE_MS = 2_000;
/** Loading waits for the Source Authority's verdict (validation deadline 30 s). */
const LOAD_TIMEOUT_MS = 90_000;
/** Shutdown answers first and stops after; generous so that slow actors can end. */
const SHUTDOWN_TIMEOUT_MS = 60_000;

export class AdminClient {
  private readonly eventListeners = new Set<(e: AdminEvent) => void>();
  private readonly deliveryListeners = new Set<(d: Delivery.Params) => void>();

  private constructor(
    private readonly link: Link,
    readonly hello: Hello.Result,
    readonly address: string,
    /** Connected to a loopback address: the daemon shares this machine's files. */
    private readonly local: boolean,
  ) {}

  static async connect(options: AdminClientOptions): Promise<AdminClient> {
    const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const address = `${options.host}:${options.port}`;
    const ws = await openSocket(`ws://${host}:${options.port}/`, { maxPayload, timeoutMs });
    let client: AdminClient | undefined;
    const link = new Link(ws, {
      peer: `the daemon at ${address}`,
      maxPayload,
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      defaultTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      onEvent: (event, params) => client?.dispatch(event, params),
    });
    const params: Hello.Params = {
      token: options.token,
      protocolVersion: ADMIN_PROTOCOL_VERSION,
      client: options.clientName ?? `pid ${process.pid}`,
    };
    try {
      const hello = await link.request<Hello.Result>(Hello.method, params, timeoutMs);
      // Pipelined requests then leave in batch frames (an older daemon does not say so: never to it).
      if (hello.frameBatches === true) link.allowBatches();
      client = new AdminClient(link, hello, address, isLoopbackHost(options.host));
      return client;
    } catch (e) {
      link.close();
      throw e;
    }
  }

  /** Resolves (never rejects) with the reason once the link has ended. */
  get closed(): Promise<TransportError> {
    return this.link.closed;
  }

  get isClosed(): boolean {
    return this.link.isClosed;
  }

  /** Any request by method name (for methods newer than this client's typed API). */
  request<R = unknown>(method: string, params?: unknown, timeoutMs?: number): Promise<R> {
    return this.link.request<R>(method, params, timeoutMs);
  }

  async createActor(spec: string, options: CreateActorOptionsWire = {}, timeoutMs?: number): Promise<ActorAddress> {
    const params: CreateActor.Params = { spec, ...options };
    return (await this.link.request<CreateActor.Result>(CreateActor.method, params, timeoutMs)).address;
  }

  /** Send `message` from this client's endpoint; replies arrive through {@link onDelivery}. */
  async tell(to: ActorAddress, message: JsonValue): Promise<void> {
    assertPlainData(message, 'a message');
    const params: Tell.Params = { to, message };
    await this.link.request<Tell.Result>(Tell.method, params);
  }

  /** Rejects with code ASK_TIMEOUT when the actor does not reply within `timeoutMs`. */
  ask(to: ActorAddress, message: JsonValue, timeoutMs: number): Promise<Ask.Result> {
    // Not `async`: the link's promise itself, one promise and one microtask hop less per ask.
    try {
      assertPlainData(message, 'a message');
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const params: Ask.Params = { to, message };
    return this.link.request<Ask.Result>(Ask.method, params, timeoutMs, ASK_GRACE_MS);
  }

  /** Resolves with the source hash once the Source Authority accepted it; rejects with its code. */
  async loadSource(bytes: Uint8Array, info?: string, timeoutMs = LOAD_TIMEOUT_MS): Promise<string> {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    const params: LoadSource.Params = info === undefined ? { data } : { data, info };
    return (await this.link.request<LoadSource.Result>(LoadSource.method, params, timeoutMs)).sourceHash;
  }

  /**
   * Load the package in `file`. To a daemon on this machine only the path crosses the link and
   * the daemon reads the file itself (a 1 MiB package no longer travels as 1.4 MiB of base64);
   * when the daemon refuses that (it is remote, or the file is outside its director dir) the
   * bytes are sent instead. Either way the daemon verifies every byte.
   */
  async loadSourceFile(file: string, info = path.basename(file), timeoutMs = LOAD_TIMEOUT_MS): Promise<string> {
    const abs = path.resolve(file);
    if (this.local && abs.endsWith('.tls')) {
      try {
        const params: LoadSource.Params = { file: abs, info };
        return (await this.link.request<LoadSource.Result>(LoadSource.method, params, timeoutMs)).sourceHash;
      } catch (e) {
        // ADMIN_BAD_PARAMS: a daemon older than the `file` param.
        const code = codeOf(e);
        if (code !== 'ADMIN_SOURCE_FILE_REFUSED' && code !== 'ADMIN_BAD_PARAMS') throw e;
      }
    }
    return this.loadSource(await readFile(abs), info, timeoutMs);
  }

  async unloadSource(sourceHash: string, timeoutMs?: number): Promise<void> {
    const params: UnloadSource.Params = { sourceHash };
    await this.link.request<UnloadSource.Result>(UnloadSource.method, params, timeoutMs);
  }

  async listSources(): Promise<ListSources.Result['sources']> {
    return (await this.link.request<ListSources.Result>(ListSources.method, {})).sources;
  }

  status(timeoutMs?: number): Promise<Status.Result> {
    return this.link.request<Status.Result>(Status.method, {}, timeoutMs);
  }

  /** Ask the daemon to stop. Resolves with its pid once it accepted; {@link closed} resolves when it is gone. */
  shutdown(timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<Shutdown.Result> {
    return this.link.request<Shutdown.Result>(Shutdown.method, {}, timeoutMs);
  }

  /** Start receiving events (all kinds, or the `kinds` given; `family/` selects a family). */
  async subscribe(kinds?: readonly string[]): Promise<void> {
    const params: Subscribe.Params = kinds === undefined ? {} : { kinds };
    await this.link.request<Subscribe.Result>(Subscribe.method, params);
  }

  async unsubscribe(): Promise<void> {
    await this.link.request<Unsubscribe.Result>(Unsubscribe.method, {});
  }

  /** Called for each event after {@link subscribe}. Returns the function that removes the listener. */
  onEvent(listener: (e: AdminEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called for each message actors send to this client's endpoint (the sender of its tells). */
  onDelivery(listener: (d: Delivery.Params) => void): () => void {
    this.deliveryListeners.add(listener);
    return () => this.deliveryListeners.delete(listener);
  }

  /** Drop this client's link; pending requests fail with TRANSPORT_CLOSED. The daemon carries on. */
  close(): void {
    this.link.close();
  }

  private dispatch(event: string, params: unknown): void {
    if (event === AdminEventNotice.event) {
      for (const l of this.eventListeners) l(params as AdminEvent);
    } else if (event === Delivery.event) {
      for (const l of this.deliveryListeners) l(params as Delivery.Params);
    }
    // Other events: a newer daemon; ignored by design.
  }
}
