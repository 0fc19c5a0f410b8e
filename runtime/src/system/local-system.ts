/**
 * The actor system of this process: main-thread actors (Director, Source Authority), a worker per
 * loaded source, and endpoints for external clients. Implements {@link ActorSystemCore}, the
 * seam the daemon and tests code against.
 *
 * A thin facade over its rooms, each holding one concern: the source registry (sources and their
 * states), the worker pool (workers, the spare, peer channels), the name registry (global names),
 * the watcher hub (who is told what), the authority slot (who verifies sources), the worker
 * reports (what a worker's word makes the system do). What stays here is what joins them: routing
 * from the main thread, creating actors, the requests actors send their system, capabilities, and
 * shutdown.
 *
 * Just over 400 lines since formatting: the facade's delegations, one per ActorSystemCore method,
 * are short and read best in one place.
 */
import type { SourceStats } from '../metrics/thread-stats';
import { sourceHashOf } from '../util/source-hash';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import { DirectorError } from '../protocol/errors';
import type { JsonValue } from '../protocol/json-value';
import { actorExitRequest, isSystemMessage, SYSTEM_ADMIN_ID } from '../protocol/system-messages';
import { isActorClass } from '../actors/actor';
import { ActorSystemError } from '../actors/actor-system-error';
import { stderrLoggerFactory, type Logger, type LoggerFactory } from '../actors/logger';
import { findNonPlainData } from '../actors/plain-data';
import { Realm, type CellInfo, type CreateResult, type RealmHost } from '../actors/realm';
import { checkCapabilities } from '../source-host/worker-realm-host';
import { AuthoritySlot } from './authority-slot';
import { NameRegistry } from './name-registry';
import { SourceRegistry } from './source-registry';
import { shutDownError, type SystemContext } from './system-context';
import type {
  ActorSpec,
  ActorSystemCore,
  CreateActorOptions,
  Endpoint,
  LocalSystemOptions,
  ReplyAddresses,
  SourceOptions,
  SystemEvent,
} from './system-core';
import { WatcherHub } from './watcher-hub';
import { WorkerPool } from './worker-pool';
import { workerReports } from './worker-reports';

const DEFAULT_EXIT_DEADLINE_MS = 2_000;

export function createLocalSystem(options: LocalSystemOptions): Promise<ActorSystemCore> {
  return Promise.resolve(new LocalSystem(options));
}

export { sourceHashOf };

export class LocalSystem implements ActorSystemCore, RealmHost {
  readonly systemName: string;
  private caps: { readonly [key: string]: JsonValue };
  private readonly realm: Realm;
  private readonly loggerFactory: LoggerFactory;
  private readonly log: Logger;
  private readonly listeners = new Set<(e: SystemEvent) => void>();
  private readonly names = new NameRegistry();
  private readonly authority: AuthoritySlot;
  private readonly watchers: WatcherHub;
  private readonly pool: WorkerPool;
  private readonly sources: SourceRegistry;
  private stopping: Promise<void> | null = null;
  private readonly exitWaiters = new Set<() => void>();

  constructor(private readonly options: LocalSystemOptions) {
    this.systemName = options.systemName;
    this.caps = options.capabilities ?? {};
    this.loggerFactory = options.loggerFactory ?? stderrLoggerFactory;
    this.log = this.loggerFactory('actor-system');
    this.realm = new Realm(this.systemName, 'a', this, this.loggerFactory);
    const inbox = this.realm.openEndpoint((m, s) => this.adminReceive(m, s), 'admin');
    // The well-known inbox actors (here or in a source worker) send their requests to.
    this.realm.openEndpoint((m, s) => this.requestReceive(m, s), 'system', SYSTEM_ADMIN_ID);
    const ctx: SystemContext = {
      systemName: this.systemName,
      options,
      log: this.log,
      tell: (to, message, from = null) => this.safeTell(to, message, from),
      emit: (e) => this.emit(e),
      isStopping: () => this.stopping !== null,
    };
    this.authority = new AuthoritySlot(ctx);
    this.watchers = new WatcherHub(ctx);
    const reports = workerReports(ctx, {
      realm: this.realm,
      loggerFactory: this.loggerFactory,
      authority: this.authority,
      pool: () => this.pool,
      createOrPlace: (spec, o) => this.createOrPlace(spec, o),
      loadActorSource: (bytes, info) => this.loadActorSource(bytes, info),
      unloadActorSource: (hash) => this.unloadActorSource(hash),
      notifyOnSourceAvailability: (address, enable) => this.notifyOnSourceAvailability(address, enable),
      shutdown: () => this.shutdown(),
      actorGone: (address, actorClass, hash, reason) => this.actorGone(address, actorClass, hash, reason),
    });
    this.pool = new WorkerPool(this.systemName, options, () => this.caps, reports);
    this.sources = new SourceRegistry(ctx, this.authority, this.pool, this.watchers, inbox.address, (to, m, from) =>
      this.realm.route(to, m, from),
    );
  }

  // ---- ActorSystemCore ----

  get capabilities(): { readonly [key: string]: JsonValue } {
    return this.caps;
  }

  /**
   * New capabilities for checks from now on: main-thread creates, placement,
   * AllowRemoteActorSources, and the running workers' creates inside their own source.
   */
  updateCapabilities(capabilities: { readonly [key: string]: JsonValue }): void {
    this.caps = capabilities;
    for (const l of this.pool.workers()) l.updateCapabilities(capabilities);
    this.log.info(`capabilities now ${JSON.stringify(capabilities)}`);
  }

  systemRegistrationChanged(system: string, capabilities: { readonly [key: string]: JsonValue }, added: boolean): void {
    this.watchers.systemRegistrationChanged(system, capabilities, added);
  }

  createActor(spec: ActorSpec, options: CreateActorOptions = {}): Promise<ActorAddress> {
    return this.createInternal(spec, options).then((r) => {
      // A host creating on behalf of a main-thread actor (the Director): that actor's exit ends the child too.
      if (r.created && options.parent !== undefined && options.parent.system === this.systemName)
        this.realm.adoptChild(options.parent.id, r.address);
      return r.address;
    });
  }

  tell(to: ActorAddress, message: unknown, from?: ActorAddress): void {
    this.realm.route(to, message, from ?? null);
  }

  openEndpoint(onMessage: (message: unknown, sender: ActorAddress | null) => void): Endpoint {
    const cell = this.realm.openEndpoint(onMessage);
    return { address: cell.address, close: () => this.realm.closeEndpoint(cell.address.id) };
  }

  openReplies(onMessage: (id: string, message: unknown, sender: ActorAddress | null) => boolean): ReplyAddresses {
    return this.realm.openReplies(onMessage);
  }

  loadActorSource(bytes: Uint8Array, info = 'loaded source', sourceOptions: SourceOptions = {}): Promise<string> {
    return this.sources.load(bytes, info, sourceOptions);
  }

  unloadActorSource(sourceHash: string): Promise<void> {
    return this.sources.unload(sourceHash);
  }

  primeWorker(): void {
    this.pool.primeSpare();
  }

  sourceStats(): Promise<readonly SourceStats[]> {
    return this.sources.stats();
  }

  loadedSources(): ReadonlyArray<{ readonly sourceHash: string; readonly info: string }> {
    return this.sources.valid().map((r) => ({ sourceHash: r.hash, info: r.info }));
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  setGlobalName(name: string, address: ActorAddress | null): void {
    this.names.set(name, address);
  }

  onEvent(listener: (event: SystemEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- RealmHost (for main-thread actors) ----

  forward(to: ActorAddress, message: unknown, from: ActorAddress | null): void {
    if (to.system !== this.systemName) {
      if (this.options.remoteForward === undefined) {
        this.log.debug(`dead letter: no route to system ${to.system} (${formatAddress(to)})`);
        this.realm.deadLetter(to, message, from);
        return;
      }
      assertPlain(message, to);
      // false: the convention knows no such system (or is not up): a dead letter, like a gone actor.
      if (this.options.remoteForward(to, message, from) === false) this.realm.deadLetter(to, message, from);
      return;
    }
    const link = this.pool.linkForId(to.id);
    if (link === undefined) {
      // An actor of a worker that ended (its source unloaded, a crash), or an id never handed out.
      this.realm.deadLetter(to, message, from);
      return;
    }
    assertPlain(message, to);
    link.deliver(to.id, message, from);
  }

  createInternal(spec: ActorSpec, options: CreateActorOptions): Promise<CreateResult> {
    if (this.stopping !== null) return Promise.reject(shutDownError());
    const name = options.globalName;
    if (name === undefined) return this.createFresh(spec, options);
    return this.names.claim(name, () => this.createFresh(spec, options));
  }

  createChild(spec: ActorSpec, options: CreateActorOptions & { parent: ActorAddress }): Promise<CreateResult> {
    return this.createOrPlace(spec, options);
  }

  shutdownSystem(): void {
    void this.shutdown();
  }

  registerSourceAuthority(address: ActorAddress): void {
    this.authority.register(address);
  }

  notifyOnSourceAvailability(address: ActorAddress, enable: boolean): void {
    this.watchers.watchSources(address, enable, enable ? this.sources.valid() : []);
  }

  started(cell: CellInfo): void {
    this.emit({
      kind: 'actor-started',
      address: cell.address,
      actorClass: cell.actorClass,
      ...(cell.sourceHash === undefined ? {} : { sourceHash: cell.sourceHash }),
    });
  }

  exited(cell: CellInfo, reason: string): void {
    this.actorGone(cell.address, cell.actorClass, cell.sourceHash, reason);
  }

  flush(): void {
    // Worker links flush themselves on a microtask; nothing is batched here.
  }

  // ---- creating actors ----

  /** createInternal; a capability refusal of a named class goes to the convention's placement when there is one. */
  private createOrPlace(spec: ActorSpec, options: CreateActorOptions): Promise<CreateResult> {
    const place = this.options.placeElsewhere;
    const p = this.createInternal(spec, options);
    if (place === undefined || typeof spec !== 'string') return p;
    return p.catch((e: unknown) => {
      if (!(e instanceof DirectorError) || e.code !== 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR') throw e;
      const refusal: DirectorError<string> = e as DirectorError<string>;
      return place(spec, options, refusal).then((address) => ({ address, created: true }));
    });
  }

  private createFresh(spec: ActorSpec, options: CreateActorOptions): Promise<CreateResult> {
    try {
      if (typeof spec === 'function') return Promise.resolve(this.createHere(spec, options));
      if (options.sourceHash !== undefined) return this.sources.createIn(options.sourceHash, spec, options);
      if (!spec.includes('.'))
        throw new ActorSystemError('INVALID_ACTOR_SPECIFICATION', `Invalid Actor Specification: ${spec}`, {
          data: { spec },
        });
      throw new ActorSystemError(
        'IMPORT_ERROR',
        `No module for ${spec}: no source hash was given, and actor classes by name come only from loaded sources. Pass the sourceHash of the source that holds it.`,
        { data: { spec } },
      );
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private createHere(Cls: ActorSpec & object, options: CreateActorOptions): CreateResult {
    if (!isActorClass(Cls)) {
      throw new ActorSystemError(
        'INVALID_ACTOR_SPECIFICATION',
        `Invalid Actor Specification: ${Cls.name || 'the class'} is not a subclass of Actor.`,
      );
    }
    const reqs = options.targetActorRequirements;
    if (reqs !== undefined && !checkCapabilities(Cls, this.capabilities, reqs)) {
      throw new ActorSystemError(
        'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
        `No actor system can host ${Cls.name}: its capability check refuses this system's capabilities for requirements ${JSON.stringify(reqs)}.`,
        { data: { actorClass: Cls.name, requirements: reqs } },
      );
    }
    const cell = this.realm.createLocal(Cls, {
      actorClass: Cls.name,
      parent: options.parent ?? null,
      ...(options.globalName === undefined ? {} : { globalName: options.globalName }),
    });
    return { address: cell.address, created: true };
  }

  // ---- the system's own inboxes ----

  /** Requests from actors to their system (the original's messages to its Admin). */
  private requestReceive(message: unknown, sender: ActorAddress | null): void {
    if (this.watchers.deadLetterRequest(message, sender)) return;
    if (isSystemMessage(message, 'UpdateCapability') && sender !== null && sender.system === this.systemName) {
      const caps: { [key: string]: JsonValue } = { ...this.caps };
      if (message.capabilityValue === null) delete caps[message.capabilityName];
      else caps[message.capabilityName] = message.capabilityValue;
      this.updateCapabilities(caps);
      return;
    }
    if (this.watchers.registrationRequest(message, sender)) return;
    this.log.debug(
      `the system's request inbox ignores ${typeof message === 'object' && message !== null ? JSON.stringify((message as { type?: unknown }).type) : typeof message}`,
    );
  }

  /** The system's own address: the Source Authority's verdicts arrive here. */
  private adminReceive(message: unknown, sender: ActorAddress | null): void {
    if (!isSystemMessage(message, 'ValidatedSource')) {
      this.log.debug(`the system's inbox ignores ${typeof message}`);
      return;
    }
    this.sources.validated(message, sender);
  }

  // ---- ends ----

  private async stopAll(): Promise<void> {
    const deadline = this.options.exitDeadlineMs ?? DEFAULT_EXIT_DEADLINE_MS;
    this.sources.failPending(shutDownError());
    const workers = [...this.pool.workers()].map(async (l) => {
      await l.exitAll('system shutdown', deadline);
      await l.terminate('system shutdown');
    });
    for (const a of this.realm.actors()) this.safeTell(a.address, actorExitRequest());
    await this.waitFor(() => this.realm.actors().length === 0, deadline);
    for (const a of this.realm.actors()) this.realm.kill(a.address.id, 'system shutdown');
    await Promise.all(workers);
    await this.pool.close();
    this.sources.clear();
  }

  private waitFor(cond: () => boolean, ms: number): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!cond()) return;
        clearTimeout(timer);
        this.exitWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.exitWaiters.delete(check);
        resolve();
      }, ms);
      this.exitWaiters.add(check);
    });
  }

  private actorGone(address: ActorAddress, actorClass: string, sourceHash: string | undefined, reason: string): void {
    this.names.actorGone(address);
    this.watchers.actorGone(address);
    // Unlike the original, a dead authority is forgotten, so later loads fail at once instead of timing out.
    this.authority.actorGone(address);
    this.emit({
      kind: 'actor-exited',
      address,
      actorClass,
      ...(sourceHash === undefined ? {} : { sourceHash }),
      reason,
    });
    for (const w of [...this.exitWaiters]) w();
  }

  private safeTell(to: ActorAddress, message: unknown, from: ActorAddress | null = null): void {
    try {
      this.realm.route(to, message, from);
    } catch (e) {
      this.log.warning(`could not send to ${formatAddress(to)}: ${String(e)}`);
    }
  }

  private emit(e: SystemEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.log.error(`a system event listener threw: ${String(err)}`);
      }
    }
  }
}

function assertPlain(message: unknown, to: ActorAddress): void {
  const bad = findNonPlainData(message);
  if (bad !== null) {
    throw new ActorSystemError(
      'NOT_PLAIN_DATA',
      `Cannot send to ${formatAddress(to)}: only plain data crosses a source boundary, but the ${bad}. Send plain objects, arrays, strings, numbers or Uint8Array.`,
      { data: { to } },
    );
  }
}
