/**
 * The actor system of this process: main-thread actors (Director, Source Authority), a worker per
 * loaded source, and endpoints for external clients. Implements {@link ActorSystemCore}, the
 * seam the daemon and tests code against.
 */
import { observeVerification } from '../metrics/daemon-stats';
import type { SourceStats } from '../metrics/thread-stats';
import { sourceHashOf } from '../authority/verify-package';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { formatAddress, sameAddress, type ActorAddress } from '../protocol/actor-address';
import { DirectorError } from '../protocol/errors';
import type { JsonValue } from '../protocol/json-value';
import {
  actorExitRequest,
  actorSystemConventionUpdate,
  childActorExited,
  isSystemMessage,
  loadedSource,
  SYSTEM_ADMIN_ID,
  unloadedSource,
  validateSource,
} from '../protocol/system-messages';
import type { WorkerNotice, WorkerRequest } from '../protocol/worker-protocol';
import { isActorClass } from '../actors/actor';
import { ActorSystemError, errorFromWire, invalidSourceHash } from '../actors/actor-system-error';
import { stderrLoggerFactory, type Logger, type LoggerFactory } from '../actors/logger';
import { findNonPlainData } from '../actors/plain-data';
import { Realm, type CellInfo, type CreateResult, type RealmHost } from '../actors/realm';
import { readPackageEntries } from '../authority/verify-package';
import { checkCapabilities } from '../source-host/worker-realm-host';
import { WorkerLink, type TransportFactory, type WorkerLinkEvents } from '../source-host/worker-link';
import { SpareWorker, workerTransport } from '../source-host/worker-transport';
import { inThreadTransport } from '../source-host/in-thread-transport';
import * as actorApi from '../actors/index';
import type { ActorSpec, ActorSystemCore, CreateActorOptions, Endpoint, LocalSystemOptions, SourceOptions, SystemEvent } from './system-core';

type SourceState = 'pending' | 'starting' | 'valid' | 'unloading';

interface SourceRecord {
  readonly hash: string;
  readonly info: string;
  /** Heap + Buffers/ArrayBuffers its worker may hold (MiB). */
  memoryBudgetMb: number;
  state: SourceState;
  entries: Map<string, Uint8Array> | null;
  link: WorkerLink | null;
  linkStarting: Promise<WorkerLink> | null;
  /** Resolves when usable; rejects with the load's error. */
  readonly settled: Promise<void>;
  resolve(): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout> | null;
  unloading: Promise<void> | null;
}

const DEFAULT_VALIDATION_TIMEOUT_MS = 30_000;
const DEFAULT_EXIT_DEADLINE_MS = 2_000;
const DEFAULT_WORKER_LIMITS = { maxOldGenerationSizeMb: 512 };
const DEFAULT_SOURCE_MEMORY_MB = 1024;

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
  private readonly globalNames = new Map<string, ActorAddress>();
  private readonly nameOfId = new Map<string, string>();
  private readonly pendingNames = new Map<string, Promise<CreateResult>>();
  private authority: ActorAddress | null = null;
  private readonly watchers = new Map<string, ActorAddress>();
  /** Actors told about other systems of the convention (notifyOnSystemRegistrationChanges). */
  private readonly registrationWatchers = new Map<string, ActorAddress>();
  /** The actor registered with handleDeadLetters (the last to register wins). */
  private deadLetterHandler: ActorAddress | null = null;
  /** Other systems of the convention as last reported, with their capabilities. */
  private readonly remoteSystems = new Map<string, { readonly [key: string]: JsonValue }>();
  private readonly sources = new Map<string, SourceRecord>();
  private readonly links = new Map<number, WorkerLink>();
  /** Workers started per source hash (restarts = spawns - 1), for /metrics. */
  private readonly spawns = new Map<string, number>();
  private readonly sourceOfLink = new Map<WorkerLink, SourceRecord>();
  private nextWorkerIndex = 1;
  private readonly admin: CellInfo;
  private stopping: Promise<void> | null = null;
  private readonly exitWaiters = new Set<() => void>();
  private readonly spare: SpareWorker | null;

  constructor(private readonly options: LocalSystemOptions) {
    this.systemName = options.systemName;
    this.caps = options.capabilities ?? {};
    this.loggerFactory = options.loggerFactory ?? stderrLoggerFactory;
    this.log = this.loggerFactory('actor-system');
    this.realm = new Realm(this.systemName, 'a', this, this.loggerFactory);
    this.admin = this.realm.openEndpoint((m, s) => this.adminReceive(m, s), 'admin');
    // The well-known inbox actors (here or in a source worker) send their requests to.
    this.realm.openEndpoint((m, s) => this.requestReceive(m, s), 'system', SYSTEM_ADMIN_ID);
    this.spare =
      options.spareWorker === true && options.inThreadSources !== true ? new SpareWorker(this.workerScript(), this.workerLimits()) : null;
    this.spare?.fill();
  }

  // ---- ActorSystemCore ----

  get capabilities(): { readonly [key: string]: JsonValue } {
    return this.caps;
  }

  /**
   * New capabilities for checks from now on (main-thread creates, placement, AllowRemoteActorSources).
   * Workers already running keep the capabilities they started with for creates inside their
   * own source (see docs/convention.md, Limits).
   */
  updateCapabilities(capabilities: { readonly [key: string]: JsonValue }): void {
    this.caps = capabilities;
    // Running workers too, once WorkerLink has updateCapabilities (a ToWorker 'C' frame; proposed
    // to the source-host's owner). Until then they keep their boot capabilities.
    for (const l of this.links.values()) (l as WorkerLink & { updateCapabilities?: (c: { readonly [key: string]: JsonValue }) => void }).updateCapabilities?.(capabilities);
    this.log.info(`capabilities now ${JSON.stringify(capabilities)}`);
  }

  systemRegistrationChanged(system: string, capabilities: { readonly [key: string]: JsonValue }, added: boolean): void {
    if (system === this.systemName) return;
    if (added) this.remoteSystems.set(system, capabilities);
    else if (!this.remoteSystems.delete(system)) return; // never announced: nothing to take back
    const update = actorSystemConventionUpdate(system, capabilities, added);
    for (const w of this.registrationWatchers.values()) this.safeTell(w, update);
  }

  createActor(spec: ActorSpec, options: CreateActorOptions = {}): Promise<ActorAddress> {
    return this.createInternal(spec, options).then((r) => {
      // A host creating on behalf of a main-thread actor (the Director): that actor's exit ends the child too.
      if (r.created && options.parent !== undefined && options.parent.system === this.systemName) this.realm.adoptChild(options.parent.id, r.address);
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

  loadActorSource(bytes: Uint8Array, info = 'loaded source', sourceOptions: SourceOptions = {}): Promise<string> {
    if (this.stopping !== null) return Promise.reject(shutDownError());
    const hash = sourceHashOf(bytes);
    const existing = this.sources.get(hash);
    if (existing !== undefined) {
      if (existing.state === 'unloading') return existing.unloading!.then(() => this.loadActorSource(bytes, info, sourceOptions));
      this.log.info(`Source hash ${hash} (${info}) already loaded`);
      return existing.settled.then(() => hash);
    }
    if (this.authority === null) {
      const err = new ActorSystemError(
        'NoSourceAuthority',
        `Source ${info} (hash ${hash}) was not loaded: no Source Authority is registered, and nothing unverified runs. Start the Director (it registers the Director Source Authority) or register one with registerSourceAuthority().`,
        { data: { sourceHash: hash } },
      );
      this.emit({ kind: 'source-rejected', sourceHash: hash, info, code: err.code, message: err.message });
      return Promise.reject(err);
    }
    const rec = newRecord(hash, info, sourceOptions.memoryBudgetMb ?? this.options.sourceMemoryBudgetMb ?? DEFAULT_SOURCE_MEMORY_MB);
    this.sources.set(hash, rec);
    const verifyStart = performance.now();
    const verified = (): void => observeVerification((performance.now() - verifyStart) / 1000);
    rec.settled.then(verified, verified);
    const timeout = this.options.validationTimeoutMs ?? DEFAULT_VALIDATION_TIMEOUT_MS;
    rec.timer = setTimeout(() => {
      this.failSource(
        rec,
        new ActorSystemError(
          'SourceValidationTimeout',
          `The Source Authority ${formatAddress(this.authority ?? this.admin.address)} did not answer for source ${info} (hash ${hash}) within ${timeout} ms; is it alive?`,
          { data: { sourceHash: hash } },
        ),
      );
    }, timeout);
    try {
      this.realm.route(this.authority, validateSource(hash, bytes, info), this.admin.address);
    } catch (e) {
      this.failSource(rec, e instanceof Error ? e : new Error(String(e)));
    }
    return rec.settled.then(() => hash);
  }

  unloadActorSource(sourceHash: string): Promise<void> {
    const rec = this.sources.get(sourceHash);
    if (rec === undefined) {
      this.log.info(`Source hash ${sourceHash} unloaded (it was not loaded)`);
      return Promise.resolve();
    }
    if (rec.unloading !== null) return rec.unloading;
    if (rec.state === 'pending' || rec.state === 'starting') {
      // The original threw inside its Admin here (D6); we fail the pending load instead.
      this.failSource(rec, new ActorSystemError('InvalidActorSourceHash', `Source hash ${sourceHash} was unloaded before it became usable.`));
      return Promise.resolve();
    }
    rec.state = 'unloading';
    rec.unloading = this.finishUnload(rec);
    return rec.unloading;
  }

  async sourceStats(): Promise<readonly SourceStats[]> {
    const valid = [...this.sources.values()].filter((r) => r.state === 'valid');
    const all = await Promise.all(
      valid.map(async (r) => {
        // A source whose worker is not running (ended, not yet needed) has nothing queued or counted now.
        const s = r.link?.isAlive === true ? await r.link.stats() : null;
        const base = s ?? { received: 0, sent: 0, failures: 0, buckets: [], sampledSum: 0, sampledCount: 0, mailbox: 0, heapUsed: 0 };
        return { ...base, sourceHash: r.hash, info: r.info, restarts: Math.max(0, (this.spawns.get(r.hash) ?? 0) - 1) };
      }),
    );
    return all;
  }

  loadedSources(): ReadonlyArray<{ readonly sourceHash: string; readonly info: string }> {
    return [...this.sources.values()].filter((r) => r.state === 'valid').map((r) => ({ sourceHash: r.hash, info: r.info }));
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  setGlobalName(name: string, address: ActorAddress | null): void {
    const old = this.globalNames.get(name);
    if (old !== undefined) this.nameOfId.delete(old.id);
    this.globalNames.delete(name);
    if (address === null) return;
    const previous = this.nameOfId.get(address.id);
    if (previous !== undefined) this.globalNames.delete(previous);
    this.globalNames.set(name, address);
    this.nameOfId.set(address.id, name);
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
    const link = this.linkForId(to.id);
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
    const existing = this.globalNames.get(name);
    if (existing !== undefined) return Promise.resolve({ address: existing, created: false });
    const pending = this.pendingNames.get(name);
    if (pending !== undefined) return pending.then((r) => ({ address: r.address, created: false }));
    const p = this.createFresh(spec, options).then((r) => {
      this.globalNames.set(name, r.address);
      this.nameOfId.set(r.address.id, name);
      return r;
    });
    this.pendingNames.set(name, p);
    const clear = (): void => {
      this.pendingNames.delete(name);
    };
    p.then(clear, clear);
    return p;
  }

  createChild(spec: ActorSpec, options: CreateActorOptions & { parent: ActorAddress }): Promise<CreateResult> {
    return this.createOrPlace(spec, options);
  }

  /** createInternal; a capability refusal of a named class goes to the convention's placement when there is one. */
  private createOrPlace(spec: ActorSpec, options: CreateActorOptions): Promise<CreateResult> {
    const place = this.options.placeElsewhere;
    const p = this.createInternal(spec, options);
    if (place === undefined || typeof spec !== 'string') return p;
    return p.catch((e: unknown) => {
      if (!(e instanceof DirectorError) || e.code !== 'NoCompatibleSystemForActor') throw e;
      const refusal: DirectorError<string> = e as DirectorError<string>;
      return place(spec, options, refusal).then((address) => ({ address, created: true }));
    });
  }

  shutdownSystem(): void {
    void this.shutdown();
  }

  registerSourceAuthority(address: ActorAddress): void {
    if (this.authority !== null && this.options.sourceAuthority === 'pinned' && !sameAddress(this.authority, address)) {
      this.refuseAuthority(address, undefined);
      throw new ActorSystemError(
        'SOURCE_AUTHORITY_PINNED',
        `${formatAddress(address)} cannot become the Source Authority: this system's authority is pinned to ${formatAddress(this.authority)}.`,
        { data: { address } },
      );
    }
    this.authority = address;
    this.log.info(`Source Authority registered: ${formatAddress(address)}`);
  }

  /** Log and publish (for the audit log) an attempt to take the Source Authority's place. */
  private refuseAuthority(address: ActorAddress, sourceHash: string | undefined): void {
    const who = sourceHash === undefined ? formatAddress(address) : `${formatAddress(address)} of loaded source ${sourceHash}`;
    const message = `${who} tried to register as the Source Authority: refused, the authority stays ${this.authority === null ? '(none)' : formatAddress(this.authority)}`;
    this.log.warning(message);
    this.emit({ kind: 'security-refused', code: 'SOURCE_AUTHORITY_PINNED', message, ...(sourceHash === undefined ? {} : { sourceHash }) });
  }

  notifyOnSourceAvailability(address: ActorAddress, enable: boolean): void {
    if (!enable) {
      this.watchers.delete(address.id);
      return;
    }
    this.watchers.set(address.id, address);
    for (const r of this.sources.values()) if (r.state === 'valid') this.safeTell(address, loadedSource(r.hash, r.info));
  }

  started(cell: CellInfo): void {
    this.emit({ kind: 'actor-started', address: cell.address, actorClass: cell.actorClass, ...(cell.sourceHash === undefined ? {} : { sourceHash: cell.sourceHash }) });
  }

  exited(cell: CellInfo, reason: string): void {
    this.actorGone(cell.address, cell.actorClass, cell.sourceHash, reason);
  }

  flush(): void {
    // Worker links flush themselves on a microtask; nothing is batched here.
  }

  // ---- internals ----

  private createFresh(spec: ActorSpec, options: CreateActorOptions): Promise<CreateResult> {
    try {
      if (typeof spec === 'function') return Promise.resolve(this.createHere(spec, options));
      if (options.sourceHash !== undefined) return this.createInSource(options.sourceHash, spec, options);
      if (!spec.includes('.')) throw new ActorSystemError('InvalidActorSpecification', `Invalid Actor Specification: ${spec}`, { data: { spec } });
      throw new ActorSystemError(
        'ImportError',
        `No module for ${spec}: no source hash was given, and actor classes by name come only from loaded sources. Pass the sourceHash of the source that holds it.`,
        { data: { spec } },
      );
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private createHere(Cls: ActorSpec & object, options: CreateActorOptions): CreateResult {
    if (!isActorClass(Cls)) {
      throw new ActorSystemError('InvalidActorSpecification', `Invalid Actor Specification: ${Cls.name || 'the class'} is not a subclass of Actor.`);
    }
    const reqs = options.targetActorRequirements;
    if (reqs !== undefined && !checkCapabilities(Cls, this.capabilities, reqs)) {
      throw new ActorSystemError(
        'NoCompatibleSystemForActor',
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

  private async createInSource(hash: string, spec: string, options: CreateActorOptions): Promise<CreateResult> {
    const rec = this.sources.get(hash);
    if (rec === undefined || rec.state === 'unloading') throw invalidSourceHash(hash);
    if (rec.state !== 'valid') {
      try {
        await rec.settled;
      } catch (e) {
        throw new ActorSystemError(
          'InvalidActorSourceHash',
          `Source hash ${hash} does not match any loaded sources. (Its load failed: ${e instanceof Error ? e.message : String(e)})`,
          { data: { sourceHash: hash } },
        );
      }
      if (this.sources.get(hash) !== rec || (rec.state as SourceState) !== 'valid') throw invalidSourceHash(hash);
    }
    const link = await this.liveLink(rec);
    if (rec.state !== 'valid') throw invalidSourceHash(hash);
    const id = await link.create(spec, { ...options, sourceHash: hash });
    return { address: { system: this.systemName, id }, created: true };
  }

  /** The source's worker, started again if it ended (crash, exit, out of memory). */
  private liveLink(rec: SourceRecord): Promise<WorkerLink> {
    if (rec.link?.isAlive === true) return Promise.resolve(rec.link);
    rec.linkStarting ??= (async () => {
      try {
        const link = this.spawn(rec);
        await link.ready;
        return link;
      } finally {
        rec.linkStarting = null;
      }
    })();
    return rec.linkStarting;
  }

  private spawn(rec: SourceRecord): WorkerLink {
    const index = this.nextWorkerIndex++;
    this.spawns.set(rec.hash, (this.spawns.get(rec.hash) ?? 0) + 1);
    const link = new WorkerLink(
      {
        systemName: this.systemName,
        workerIndex: index,
        sourceHash: rec.hash,
        sourceInfo: rec.info,
        entries: rec.entries!,
        capabilities: this.caps,
        // 0: no accounting (the bench's comparison; an operator's explicit choice).
        ...(rec.memoryBudgetMb > 0 ? { memoryBudgetMb: rec.memoryBudgetMb } : {}),
      },
      this.transport(),
      this.linkEvents,
    );
    this.links.set(index, link);
    this.sourceOfLink.set(link, rec);
    rec.link = link;
    return link;
  }

  private transport(): TransportFactory {
    if (this.options.inThreadSources === true) return inThreadTransport(actorApi);
    return workerTransport(this.workerScript(), this.workerLimits(), this.spare);
  }

  private workerLimits(): { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number } {
    return { ...DEFAULT_WORKER_LIMITS, ...this.options.workerLimits };
  }

  private workerScript(): string {
    if (this.options.workerScript !== undefined) return this.options.workerScript;
    // Bundled (dist/daemon.js, dist/index.js): dist/source-worker.js. Compiled by tsc: ../source-host/worker-main.js.
    const bundled = path.join(__dirname, 'source-worker.js');
    return existsSync(bundled) ? bundled : path.join(__dirname, '..', 'source-host', 'worker-main.js');
  }

  private linkForId(id: string): WorkerLink | undefined {
    if (id.charCodeAt(0) !== 119 /* w */) return undefined;
    return this.links.get(Number(id.slice(1, id.indexOf('.'))));
  }

  private readonly linkEvents: WorkerLinkEvents = {
    message: (to, message, from) => {
      if (to.system === this.systemName) {
        const link = this.linkForId(to.id);
        if (link !== undefined) {
          link.deliver(to.id, message, from); // checked as plain data by the sending worker
          return;
        }
      }
      try {
        this.realm.route(to, message, from);
      } catch (e) {
        this.log.warning(`could not deliver a message from ${from === null ? 'a worker' : formatAddress(from)}: ${String(e)}`);
      }
    },
    started: (address, actorClass, _parent, link) => {
      this.emit({ kind: 'actor-started', address, actorClass, sourceHash: this.sourceOfLink.get(link)?.hash ?? '' });
    },
    exited: (address, actorClass, parent, reason, link, workerEnded) => {
      // When the worker itself ended, nobody inside it could tell a parent outside it.
      if (workerEnded && parent !== null && !parent.id.startsWith(`w${link.index}.`)) {
        this.safeTell(parent, childActorExited(address, reason), address);
      }
      this.actorGone(address, actorClass, this.sourceOfLink.get(link)?.hash, reason);
    },
    request: (request, link) => this.workerRequest(request, link),
    notice: (notice, link) => this.workerNotice(notice, link),
    log: (level, name, text) => this.loggerFactory(name)[level](text),
    peer: (peerIndex, link) => {
      const target = this.links.get(peerIndex);
      if (target === undefined || !target.isAlive) {
        link.handOver(peerIndex, 'send', null);
        return;
      }
      const { port1, port2 } = new MessageChannel();
      target.handOver(link.index, 'receive', port2);
      link.handOver(peerIndex, 'send', port1);
    },
    gone: (link, reason) => {
      this.links.delete(link.index);
      this.endOrphans(`w${link.index}.`);
      const rec = this.sourceOfLink.get(link);
      this.sourceOfLink.delete(link);
      if (rec !== undefined && rec.link === link) rec.link = null;
      if (rec !== undefined && rec.state === 'valid') this.log.warning(`the worker of source ${rec.hash} (${rec.info}) ended: ${reason}`);
    },
  };

  private workerRequest(r: WorkerRequest, link: WorkerLink): Promise<unknown> {
    switch (r.op) {
      case 'create':
        return this.createOrPlace(r.spec, r.options);
      case 'load':
        // A source loading another gets the daemon default budget, never one it picks itself.
        return this.loadActorSource(r.bytes, r.info);
      case 'unload':
        // An actor unloading its own source would wait for its own exit; let it go on.
        if (this.sourceOfLink.get(link)?.hash === r.sourceHash) {
          void this.unloadActorSource(r.sourceHash);
          return Promise.resolve(null);
        }
        return this.unloadActorSource(r.sourceHash).then(() => null);
    }
  }

  private workerNotice(n: WorkerNotice, link: WorkerLink): void {
    switch (n.op) {
      case 'register-authority':
        // Code of a loaded source never decides what else loads (its worker refused it already;
        // this holds even if the source bypassed that and posted the notice itself).
        this.refuseAuthority({ system: this.systemName, id: n.id }, this.sourceOfLink.get(link)?.hash ?? '');
        break;
      case 'notify-sources':
        this.notifyOnSourceAvailability({ system: this.systemName, id: n.id }, n.enable);
        break;
      case 'shutdown':
        if (this.options.sourceAuthority === 'pinned') {
          // The daemon: one source cannot end every other source's work.
          const hash = this.sourceOfLink.get(link)?.hash ?? '';
          const message = `loaded source ${hash} asked to shut the actor system down: refused (only an admin client may stop the daemon)`;
          this.log.warning(message);
          this.emit({ kind: 'security-refused', code: 'SOURCE_CALL_REFUSED', message, sourceHash: hash });
          break;
        }
        void this.shutdown();
        break;
    }
  }

  /** Requests from actors to their system (the original's messages to its Admin). */
  private requestReceive(message: unknown, sender: ActorAddress | null): void {
    if (this.deadLetterRequest(message, sender)) return;
    if (!isSystemMessage(message, 'NotifyOnSystemRegistration') || sender === null || sender.system !== this.systemName) {
      this.log.debug(`the system's request inbox ignores ${typeof message === 'object' && message !== null ? JSON.stringify((message as { type?: unknown }).type) : typeof message}`);
      return;
    }
    if (!message.enable) {
      this.registrationWatchers.delete(sender.id);
      return;
    }
    // As the original: once per registration, every system already present.
    const fresh = !this.registrationWatchers.has(sender.id);
    this.registrationWatchers.set(sender.id, sender);
    if (fresh) for (const [system, caps] of this.remoteSystems) this.safeTell(sender, actorSystemConventionUpdate(system, caps, true));
  }

  /** Dead letters, their handler's registration, and capability updates from actors; true when handled. */
  private deadLetterRequest(message: unknown, sender: ActorAddress | null): boolean {
    if (isSystemMessage(message, 'DeadEnvelope')) {
      const handler = this.deadLetterHandler;
      if (handler === null || sameAddress(handler, message.deadAddress)) {
        this.log.debug(`dead letter: ${describeMessage(message.deadMessage)} to ${formatAddress(message.deadAddress)}, which cannot be reached`);
      } else {
        this.safeTell(handler, message, sender);
      }
      return true;
    }
    const own = sender !== null && sender.system === this.systemName;
    if (isSystemMessage(message, 'HandleDeadLetters') && own) {
      if (message.enable) this.deadLetterHandler = sender;
      else if (sameAddress(this.deadLetterHandler, sender)) this.deadLetterHandler = null;
      return true;
    }
    if (isSystemMessage(message, 'UpdateCapability') && own) {
      const caps: { [key: string]: JsonValue } = { ...this.caps };
      if (message.capabilityValue === null) delete caps[message.capabilityName];
      else caps[message.capabilityName] = message.capabilityValue;
      this.updateCapabilities(caps);
      return true;
    }
    return false;
  }

  private adminReceive(message: unknown, sender: ActorAddress | null): void {
    if (!isSystemMessage(message, 'ValidatedSource')) {
      this.log.debug(`the system's inbox ignores ${typeof message}`);
      return;
    }
    if (!sameAddress(sender, this.authority)) {
      this.log.warning(`ValidatedSource for ${message.sourceHash} from ${sender === null ? 'nobody' : formatAddress(sender)}, which is not the Source Authority: ignored`);
      return;
    }
    const rec = this.sources.get(message.sourceHash);
    if (rec === undefined || rec.state !== 'pending') {
      this.log.warning(`ValidatedSource for ${message.sourceHash}, which is not pending validation: ignored`);
      return;
    }
    if (message.sourceZip === null) {
      const w = message.rejection ?? { code: 'SourceRejected', message: `The Source Authority rejected source ${rec.info} (hash ${rec.hash}).` };
      this.log.warning(`Source hash ${rec.hash} (${rec.info}) REJECTED by Source Authority: ${w.code}: ${w.message}`);
      this.failSource(rec, errorFromWire(w));
      return;
    }
    rec.state = 'starting';
    if (rec.timer !== null) clearTimeout(rec.timer);
    rec.timer = null;
    void this.startSource(rec, message.sourceZip);
  }

  private async startSource(rec: SourceRecord, zip: Uint8Array): Promise<void> {
    try {
      rec.entries = await readPackageEntries(zip);
    } catch (e) {
      // The extractor's own codes (ZIP_INVALID, ENTRY_UNSAFE_NAME...) say more than ours; keep them.
      if (e instanceof DirectorError) {
        this.failSource(rec, e);
        return;
      }
      this.failSource(
        rec,
        new ActorSystemError('CorruptSourceZip', `Source ${rec.info} (hash ${rec.hash}) was accepted but its ZIP does not open: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
          data: { sourceHash: rec.hash },
        }),
      );
      return;
    }
    if (rec.state !== 'starting') return; // unloaded meanwhile
    try {
      await this.liveLink(rec);
    } catch (e) {
      this.failSource(rec, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (rec.state !== 'starting') return;
    rec.state = 'valid';
    this.log.info(`Source hash ${rec.hash} (${rec.info}) validated by Source Authority; now available.`);
    rec.resolve();
    this.emit({ kind: 'source-loaded', sourceHash: rec.hash, info: rec.info });
    for (const w of this.watchers.values()) this.safeTell(w, loadedSource(rec.hash, rec.info));
  }

  private failSource(rec: SourceRecord, err: Error): void {
    if (this.sources.get(rec.hash) !== rec) return;
    this.sources.delete(rec.hash);
    if (rec.timer !== null) clearTimeout(rec.timer);
    rec.timer = null;
    rec.state = 'unloading';
    rec.entries = null;
    if (rec.link !== null) void rec.link.terminate('source load failed');
    rec.reject(err);
    const code = (err as Partial<DirectorError>).code ?? 'Error';
    this.emit({ kind: 'source-rejected', sourceHash: rec.hash, info: rec.info, code, message: err.message });
  }

  private async finishUnload(rec: SourceRecord): Promise<void> {
    const link = rec.link;
    if (link !== null && link.isAlive) {
      const deadline = this.options.exitDeadlineMs ?? DEFAULT_EXIT_DEADLINE_MS;
      const allEnded = await link.exitAll('source unloaded', deadline);
      if (!allEnded) this.log.warning(`actors of source ${rec.hash} did not end within ${deadline} ms; terminating its worker`);
      await link.terminate('source unloaded');
    }
    if (rec.linkStarting !== null) await rec.linkStarting.then((l) => l.terminate('source unloaded'), () => undefined);
    this.sources.delete(rec.hash);
    rec.entries = null;
    this.log.info(`Source hash ${rec.hash} unloaded`);
    this.emit({ kind: 'source-unloaded', sourceHash: rec.hash, info: rec.info });
    for (const w of this.watchers.values()) this.safeTell(w, unloadedSource(rec.hash, rec.info));
  }

  private async stopAll(): Promise<void> {
    const deadline = this.options.exitDeadlineMs ?? DEFAULT_EXIT_DEADLINE_MS;
    for (const rec of [...this.sources.values()]) {
      if (rec.state === 'pending' || rec.state === 'starting') this.failSource(rec, shutDownError());
    }
    const workers = [...this.links.values()].map(async (l) => {
      await l.exitAll('system shutdown', deadline);
      await l.terminate('system shutdown');
    });
    for (const a of this.realm.actors()) this.safeTell(a.address, actorExitRequest());
    await this.waitFor(() => this.realm.actors().length === 0, deadline);
    for (const a of this.realm.actors()) this.realm.kill(a.address.id, 'system shutdown');
    await Promise.all(workers);
    await this.spare?.close();
    for (const rec of this.sources.values()) rec.entries = null;
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
    const name = this.nameOfId.get(address.id);
    if (name !== undefined) {
      this.nameOfId.delete(address.id);
      if (sameAddress(this.globalNames.get(name), address)) this.globalNames.delete(name);
    }
    this.watchers.delete(address.id);
    this.registrationWatchers.delete(address.id);
    if (sameAddress(this.deadLetterHandler, address)) this.deadLetterHandler = null;
    if (sameAddress(this.authority, address)) {
      // Unlike the original, a dead authority is forgotten, so later loads fail at once instead of timing out.
      this.authority = null;
    }
    this.emit({ kind: 'actor-exited', address, actorClass, ...(sourceHash === undefined ? {} : { sourceHash }), reason });
    for (const w of [...this.exitWaiters]) w();
  }

  /**
   * Children elsewhere of actors that died with their worker: nobody inside it could send them
   * ActorExitRequest, so the system does (the same end a parent's exit gives its children).
   */
  private endOrphans(deadPrefix: string): void {
    const orphans: ActorAddress[] = [];
    for (const a of this.realm.actors()) if (a.parent?.id.startsWith(deadPrefix) === true) orphans.push(a.address);
    for (const l of this.links.values()) {
      for (const [id, a] of l.actors) if (a.parent?.id.startsWith(deadPrefix) === true) orphans.push({ system: this.systemName, id });
    }
    for (const o of orphans) this.safeTell(o, actorExitRequest());
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

function newRecord(hash: string, info: string, memoryBudgetMb: number): SourceRecord {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const settled = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  settled.catch(() => undefined); // the load's caller observes it; creates queued on it observe it too
  return { hash, info, memoryBudgetMb, state: 'pending', entries: null, link: null, linkStarting: null, settled, resolve, reject, timer: null, unloading: null };
}

function describeMessage(m: unknown): string {
  return isSystemMessage(m) ? m.type : typeof m;
}

function assertPlain(message: unknown, to: ActorAddress): void {
  const bad = findNonPlainData(message);
  if (bad !== null) {
    throw new ActorSystemError(
      'NotPlainData',
      `Cannot send to ${formatAddress(to)}: only plain data crosses a source boundary, but the ${bad}. Send plain objects, arrays, strings, numbers or Uint8Array.`,
      { data: { to } },
    );
  }
}

function shutDownError(): ActorSystemError {
  return new ActorSystemError('ActorSystemShutDown', 'The actor system is shut down; start it again to use it.');
}
