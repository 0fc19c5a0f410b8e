/**
 * The actor system as the daemon's clients and the Director see it inside a convention: the
 * local system, plus placement (a create that this system's capabilities refuse goes to a member
 * that accepts it) and a record of the original bytes of every source loaded through it, for
 * members that fetch them. Everything else passes straight through.
 */
import type { ActorAddress } from '../protocol/actor-address';
import type {
  ActorSpec,
  ActorSystemCore,
  CreateActorOptions,
  Endpoint,
  ReplyAddresses,
  SourceOptions,
  SystemEvent,
} from '../system/system-core';
import { isCapabilityRefusal, type ConventionNode } from './convention-node';
import type { SourceStore } from './source-store';

export class ConventionSystem implements ActorSystemCore {
  constructor(
    private readonly inner: ActorSystemCore,
    private readonly store: SourceStore,
    /** The node once the convention service runs (none: a daemon alone). */
    private readonly node: () => ConventionNode | undefined,
  ) {}

  get systemName(): string {
    return this.inner.systemName;
  }

  get capabilities(): ActorSystemCore['capabilities'] {
    return this.inner.capabilities;
  }

  async createActor(spec: ActorSpec, options: CreateActorOptions = {}): Promise<ActorAddress> {
    try {
      return await this.inner.createActor(spec, options);
    } catch (e) {
      const node = this.node();
      if (node === undefined || typeof spec !== 'string' || !isCapabilityRefusal(e, spec)) throw e;
      return node.placeElsewhere(spec, options, e);
    }
  }

  tell(to: ActorAddress, message: unknown, from?: ActorAddress): void {
    this.inner.tell(to, message, from);
  }

  openEndpoint(onMessage: (message: unknown, sender: ActorAddress | null) => void): Endpoint {
    return this.inner.openEndpoint(onMessage);
  }

  openReplies(onMessage: (id: string, message: unknown, sender: ActorAddress | null) => boolean): ReplyAddresses {
    return this.inner.openReplies(onMessage);
  }

  async loadActorSource(bytes: Uint8Array, info?: string, options?: SourceOptions): Promise<string> {
    const hash = this.store.remember(bytes, info ?? 'loaded source');
    try {
      return await this.inner.loadActorSource(bytes, info, options);
    } catch (e) {
      if (!this.inner.loadedSources().some((s) => s.sourceHash === hash)) this.store.forget(hash);
      throw e;
    }
  }

  unloadActorSource(sourceHash: string): Promise<void> {
    return this.inner.unloadActorSource(sourceHash);
  }

  primeWorker(): void {
    // Passed through like the rest: without it the daemon's Director (which sees this wrapper) never primed a worker.
    this.inner.primeWorker?.();
  }

  sourceStats(): ReturnType<NonNullable<ActorSystemCore['sourceStats']>> {
    return this.inner.sourceStats?.() ?? Promise.resolve([]);
  }

  loadedSources(): ReturnType<ActorSystemCore['loadedSources']> {
    return this.inner.loadedSources();
  }

  setGlobalName(name: string, address: ActorAddress | null): void {
    this.inner.setGlobalName(name, address);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  onEvent(listener: (event: SystemEvent) => void): () => void {
    return this.inner.onEvent(listener);
  }

  updateCapabilities(capabilities: ActorSystemCore['capabilities']): void {
    this.inner.updateCapabilities?.(capabilities);
  }

  systemRegistrationChanged(system: string, capabilities: ActorSystemCore['capabilities'], added: boolean): void {
    this.inner.systemRegistrationChanged?.(system, capabilities, added);
  }
}
