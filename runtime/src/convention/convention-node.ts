/**
 * What a system does on its authenticated convention links, leader or member: route actor
 * messages for other systems, place actors on members, fetch and re-validate sources on demand,
 * pass unloads on. Links and membership are handed in ({@link Peers}); this file opens nothing.
 *
 * Over 400 lines on purpose: one request handler per convention method, all on the same link
 * state; splitting them would pass that state around without making any handler simpler.
 */
import { ActorSystemError } from '../actors/actor-system-error';
import { verifyWithKeysInDir } from '../authority/verify-package';
import { sourceHashOf } from '../util/source-hash';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import {
  CreateActor,
  Deliver,
  DeliverBatch,
  FetchSource,
  Unload,
  checkCreate,
  checkDeliver,
  checkSourceHashParams,
} from '../protocol/convention-protocol';
import { codeOf } from '../protocol/caught';
import { DirectorError } from '../protocol/errors';
import { isPlainObject } from '../protocol/plain-object';
import type { ActorSpec, ActorSystemCore, CreateActorOptions } from '../system/system-core';
import type { Link } from '../transport/link';
import { ConventionError } from './convention-error';
import { placementOrder, remoteSourcesAllowed, type MemberLoad } from './policy';
import type { SourceStore } from './source-store';
import { decodeWireValue, encodeWireValue } from './wire-value';

export type LogFn = (level: 'debug' | 'info' | 'warning' | 'error', text: string) => void;

export interface Peer {
  readonly system: string;
  readonly link: Link;
  readonly isLeader: boolean;
}

export interface Peers {
  readonly role: 'leader' | 'member';
  /** The link to use for messages to `system`: the member's own link (leader), the leader's (member). */
  routeTo(system: string): Peer | undefined;
  /** Leader: its live members with their load; member: none. */
  members(): readonly MemberLoad[];
  /** Leader: count one more actor placed on `system`. */
  placed(system: string): void;
  /** Every live peer (leader: members; member: its leader). */
  all(): readonly Peer[];
}

const CREATE_TIMEOUT_MS = 60_000;
/** Messages per `convention/deliver-batch` frame at most. */
const BATCH_MAX = 512;
const FETCH_TIMEOUT_MS = 60_000;
/** What {@link ConventionNode.decoded} returns for a message it could not decode. */
const DROPPED: unique symbol = Symbol('dropped');

export class ConventionNode {
  /** Fetches in flight by hash, so concurrent creates share one transfer. */
  private readonly fetching = new Map<string, Promise<void>>();
  /** Actor messages queued per link this turn, sent as one frame (order kept: one queue per link). */
  private readonly outbox = new Map<Link, Deliver.Params[]>();
  private flushScheduled = false;
  /** Unloads that came over a link: not passed back the way they came. */
  private readonly unloadsFrom = new Map<string, string>();

  constructor(
    private readonly system: ActorSystemCore,
    private readonly peers: Peers,
    private readonly store: SourceStore,
    private readonly directorDir: string,
    private readonly log: LogFn,
  ) {}

  get systemName(): string {
    return this.system.systemName;
  }

  // ---- outgoing ----

  /** The local system's remoteForward: a message for an address of another system. */
  /** False when no member of that name is linked: the local system makes it a dead letter. */
  forward(to: ActorAddress, message: unknown, from: ActorAddress | null): boolean {
    const peer = this.peers.routeTo(to.system);
    if (peer === undefined) {
      this.log('debug', `convention: dead letter for ${formatAddress(to)}: no link to ${to.system}`);
      return false;
    }
    this.enqueue(peer.link, { to, from, message: encodeWireValue(message) });
    return true;
  }

  private enqueue(link: Link, d: Deliver.Params): void {
    const q = this.outbox.get(link);
    if (q === undefined) this.outbox.set(link, [d]);
    else q.push(d);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const all = [...this.outbox];
    this.outbox.clear();
    for (const [link, q] of all) {
      // A big burst goes as several batches of at most BATCH_MAX, in order: the peer parses and
      // delivers the first while the next are still on the wire, instead of waiting for one huge frame.
      for (let i = 0; i < q.length; i += BATCH_MAX)
        this.send(link, q.length <= BATCH_MAX ? q : q.slice(i, i + BATCH_MAX));
    }
  }

  /** One frame: `convention/deliver` for one message, `convention/deliver-batch` for more. */
  private send(link: Link, q: Deliver.Params[]): void {
    try {
      if (q.length === 1) link.notify(Deliver.event, q[0]);
      else link.notify(DeliverBatch.event, { messages: q } satisfies DeliverBatch.Params);
    } catch (e) {
      // Too large for one frame as a batch: send them one by one (each is checked on its own).
      for (const d of q) {
        try {
          link.notify(Deliver.event, d);
        } catch (err) {
          this.log(
            'warning',
            `convention: a message for ${formatAddress(d.to)} was not sent: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
      if (q.length === 1) this.log('debug', `convention: ${String(e)}`);
    }
  }

  /**
   * Place an actor that this system's capabilities refuse: on the leader, the least-loaded member
   * that accepts it; on a member, ask the leader to place it (itself or another member).
   */
  async placeElsewhere(spec: string, options: CreateActorOptions, refusal: DirectorError): Promise<ActorAddress> {
    const params = createParams(spec, options);
    if (this.peers.role === 'member') {
      const leader = this.peers.all()[0];
      if (leader === undefined) throw withNote(refusal, 'and this member is not connected to its convention leader');
      const r = await leader.link.request<CreateActor.Result>(
        CreateActor.method,
        { ...params, placeAnywhere: true },
        CREATE_TIMEOUT_MS,
      );
      return r.address;
    }
    return this.placeOnMembers(params, new Set(), refusal);
  }

  /** Source unloaded here: tell the others (unless it came from them). */
  /** The next unload of `sourceHash` here stays here (a rollout's rollback of one member): not passed on. */
  unloadHereOnly(sourceHash: string): void {
    this.unloadsFrom.set(sourceHash, this.system.systemName);
  }

  sourceUnloaded(sourceHash: string): void {
    this.store.forget(sourceHash);
    const from = this.unloadsFrom.get(sourceHash);
    this.unloadsFrom.delete(sourceHash);
    // A member passes on only what it did not get from the leader; the leader passed it on already.
    if (from !== undefined) return;
    for (const p of this.peers.all()) p.link.notify(Unload.event, { sourceHash } satisfies Unload.Params);
  }

  // ---- incoming (an authenticated link) ----

  onEvent(peer: Peer, event: string, params: unknown): boolean {
    if (event === Deliver.event) {
      this.deliverIncoming(peer, params);
      return true;
    }
    if (event === DeliverBatch.event) {
      const c = checkBatch(params);
      if (!c.ok) this.refuseBatch(peer, c.message);
      else for (const d of c.value) this.deliverChecked(peer, d);
      return true;
    }
    if (event === Unload.event) {
      const c = checkSourceHashParams(params, Unload.event);
      if (!c.ok) {
        this.log('warning', `convention: ignored an unload from ${peer.system}: ${c.message}`);
        return true;
      }
      this.unloadFromPeer(peer, c.value.sourceHash);
      return true;
    }
    return false;
  }

  onRequest(peer: Peer, method: string, params: unknown): Promise<unknown> | undefined {
    if (method === CreateActor.method) {
      const c = checkCreate(params);
      if (!c.ok) return Promise.reject(new ConventionError('CONVENTION_BAD_REQUEST', c.message));
      return this.createFor(peer, c.value);
    }
    if (method === FetchSource.method) {
      const c = checkSourceHashParams(params, FetchSource.method);
      if (!c.ok) return Promise.reject(new ConventionError('CONVENTION_BAD_REQUEST', c.message));
      return this.supply(peer, c.value.sourceHash);
    }
    return this.extraRequest?.(peer, method, params);
  }

  /** Methods beyond the convention's own (the rollout's step, runtime/src/rollout), answered here when set. */
  extraRequest?: (peer: Peer, method: string, params: unknown) => Promise<unknown> | undefined;

  // ---- internals ----

  private deliverIncoming(peer: Peer, params: unknown): void {
    const c = checkDeliver(params);
    if (!c.ok) {
      this.log('warning', `convention: ignored a message from ${peer.system}: ${c.message}`);
      return;
    }
    this.deliverChecked(peer, c.value);
  }

  /**
   * A malformed batch is refused whole (none of its messages is delivered, so a bad entry never
   * leaves a gap in the order of the good ones): logged here, and answered to the peer with an
   * error frame (id 0) carrying CONVENTION_BAD_BATCH, which the peer logs. The link stays up.
   */
  private refuseBatch(peer: Peer, why: string): void {
    const e = new ConventionError(
      'CONVENTION_BAD_BATCH',
      `${this.systemName} refused a batch of messages from ${peer.system}: ${why}; none of them was delivered`,
    );
    this.log('warning', `convention: ${e.message} [${e.code}]`);
    peer.link.answerError(0, e);
  }

  private deliverChecked(peer: Peer, d: Deliver.Params): void {
    const { to, from } = d;
    if (to.system === this.systemName) {
      const m = this.decoded(peer, d);
      if (m !== DROPPED) this.system.tell(to, m, from ?? undefined);
    } else if (this.peers.role === 'leader') {
      const next = this.peers.routeTo(to.system);
      if (next === undefined) {
        // No such member: a dead letter, handled here at the leader (the convention protocol has no
        // way back to the sender's system); the leader's system hands it to its dead-letter handler.
        this.log(
          'debug',
          `convention: dead letter from ${peer.system} for ${formatAddress(to)}: no member ${to.system}`,
        );
        const m = this.decoded(peer, d);
        if (m !== DROPPED) this.system.tell(to, m, from ?? undefined);
      } else this.enqueue(next.link, d);
    }
  }

  /**
   * The message of `d` as actors get it, or DROPPED (logged) when it cannot be: nested deeper than
   * any actor may send. Only that message is dropped; the batch it came in goes on (its order is
   * kept for the others, as when a message's target is gone).
   */
  private decoded(peer: Peer, d: Deliver.Params): unknown {
    try {
      return decodeWireValue(d.message);
    } catch (e) {
      this.log(
        'warning',
        `convention: ignored a message from ${peer.system} for ${formatAddress(d.to)}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return DROPPED;
    }
  }

  private unloadFromPeer(peer: Peer, sourceHash: string): void {
    this.log('info', `convention: source ${sourceHash} unloaded on ${peer.system}; unloading it here too`);
    if (this.peers.role === 'leader') {
      // From a member: the leader passes it to every other member.
      for (const p of this.peers.all())
        if (p.system !== peer.system) p.link.notify(Unload.event, { sourceHash } satisfies Unload.Params);
    }
    if (this.system.loadedSources().some((s) => s.sourceHash === sourceHash)) {
      this.unloadsFrom.set(sourceHash, peer.system);
      void this.system
        .unloadActorSource(sourceHash)
        .catch((e: unknown) => this.log('warning', `convention: unloading ${sourceHash}: ${String(e)}`));
    }
  }

  private async createFor(peer: Peer, p: CreateActor.Params): Promise<CreateActor.Result> {
    if (p.sourceHash !== undefined) await this.ensureSource(peer, p.sourceHash);
    const options = optionsOf(p);
    try {
      return { address: await this.system.createActor(p.spec, options) };
    } catch (e) {
      if (p.placeAnywhere === true && this.peers.role === 'leader' && codeOf(e) === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR') {
        return {
          address: await this.placeOnMembers(
            { ...p, placeAnywhere: undefined },
            new Set([peer.system]),
            e as DirectorError,
          ),
        };
      }
      throw e;
    }
  }

  private async placeOnMembers(
    params: CreateActor.Params,
    exclude: Set<string>,
    refusal: DirectorError,
  ): Promise<ActorAddress> {
    const refusals: string[] = [`${this.systemName}: ${refusal.message}`];
    let firstOther: Error | undefined;
    for (const system of placementOrder(this.peers.members(), exclude)) {
      const peer = this.peers.routeTo(system);
      if (peer === undefined) continue;
      try {
        const r = await peer.link.request<CreateActor.Result>(CreateActor.method, params, CREATE_TIMEOUT_MS);
        this.peers.placed(system);
        this.log('info', `convention: placed ${params.spec} on ${system} as ${formatAddress(r.address)}`);
        return r.address;
      } catch (e) {
        refusals.push(`${system}: ${e instanceof Error ? e.message : String(e)}`);
        if (codeOf(e) !== 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR')
          firstOther ??= e instanceof Error ? e : new Error(String(e));
      }
    }
    if (firstOther !== undefined) throw firstOther;
    throw new ActorSystemError(
      'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
      `No actor system in the convention can host ${params.spec} with requirements ${JSON.stringify(params.targetActorRequirements ?? {})}: ${refusals.join('; ')}`,
      { data: { spec: params.spec, requirements: params.targetActorRequirements ?? {}, refusals } },
    );
  }

  /** A source this system lacks: fetch the original from the asker, verify it with our own keys, load it. */
  private ensureSource(peer: Peer, hash: string): Promise<void> {
    if (this.system.loadedSources().some((s) => s.sourceHash === hash)) return Promise.resolve();
    const running = this.fetching.get(hash);
    if (running !== undefined) return running;
    const p = this.fetchAndLoad(peer, hash).finally(() => this.fetching.delete(hash));
    this.fetching.set(hash, p);
    return p;
  }

  private async fetchAndLoad(peer: Peer, hash: string): Promise<void> {
    const decision = remoteSourcesAllowed(this.system.capabilities, peer.isLeader);
    if (!decision.allowed) {
      this.log('warning', `convention: refused to fetch source ${hash} from ${peer.system}: ${decision.why}`);
      throw new ConventionError(
        'CONVENTION_REMOTE_SOURCES_REFUSED',
        `${this.systemName} does not fetch source ${hash} from ${peer.system}: ${decision.why}. Load the source there yourself, or change AllowRemoteActorSources in its othercaps.cfg.`,
        { data: { system: this.systemName, sourceHash: hash } },
      );
    }
    const r = await peer.link.request<FetchSource.Result>(
      FetchSource.method,
      { sourceHash: hash } satisfies FetchSource.Params,
      FETCH_TIMEOUT_MS,
    );
    const bytes = new Uint8Array(Buffer.from(r.data, 'base64'));
    if (sourceHashOf(bytes) !== hash) {
      throw new ConventionError(
        'CONVENTION_SOURCE_REJECTED',
        `${this.systemName} refused source ${hash} from ${peer.system}: the bytes it sent have another hash`,
        { data: { sourceHash: hash } },
      );
    }
    try {
      // Our own keys, read afresh from our own director dir: the leader's word is not enough.
      await verifyWithKeysInDir(this.directorDir, bytes);
      await this.system.loadActorSource(bytes, `${r.info} (from ${peer.system})`);
    } catch (e) {
      const code = codeOf(e) ?? 'Error';
      const message = e instanceof Error ? e.message : String(e);
      this.log('warning', `convention: refused source ${hash} (${r.info}) from ${peer.system}: ${code}: ${message}`);
      throw new ConventionError(
        'CONVENTION_SOURCE_REJECTED',
        `${this.systemName} refused source ${hash} (${r.info}) sent by ${peer.system}: ${code}: ${message}`,
        {
          data: { system: this.systemName, sourceHash: hash, reason: code },
        },
      );
    }
    // Kept while loaded, so this member can pass the source on (the next host re-validates it).
    this.store.remember(bytes, r.info);
    this.log(
      'info',
      `convention: source ${hash} (${r.info}) fetched from ${peer.system}, validated with this host's keys, loaded`,
    );
  }

  private async supply(peer: Peer, hash: string): Promise<FetchSource.Result> {
    const loaded = this.system.loadedSources().find((s) => s.sourceHash === hash);
    const stored = loaded === undefined ? undefined : await this.store.get(hash);
    if (loaded === undefined || stored === undefined) {
      throw new ConventionError(
        'CONVENTION_SOURCE_UNAVAILABLE',
        `${this.systemName} cannot send source ${hash} to ${peer.system}: ${loaded === undefined ? 'it is not loaded here' : 'its original signed bytes are not kept here'}`,
        { data: { sourceHash: hash } },
      );
    }
    this.log('info', `convention: sending source ${hash} (${loaded.info}) to ${peer.system}`);
    return {
      data: Buffer.from(stored.bytes.buffer, stored.bytes.byteOffset, stored.bytes.byteLength).toString('base64'),
      info: loaded.info,
    };
  }
}

/** A `convention/deliver-batch`'s params: `{ messages }`, a non-empty array of well-formed deliveries, every one checked first. */
function checkBatch(p: unknown): { ok: true; value: readonly Deliver.Params[] } | { ok: false; message: string } {
  const messages = isPlainObject(p) ? p['messages'] : undefined;
  if (!Array.isArray(messages) || messages.length === 0)
    return { ok: false, message: `${DeliverBatch.event}: "messages" must be a non-empty array` };
  const extra = Object.keys(p as object).find((k) => k !== 'messages');
  if (extra !== undefined) return { ok: false, message: `${DeliverBatch.event}: unknown key "${extra}"` };
  for (let i = 0; i < messages.length; i++) {
    const c = checkDeliver(messages[i]);
    if (!c.ok) return { ok: false, message: `message ${i}: ${c.message}` };
  }
  // Every entry checked: the array itself is the value (checkDeliver hands back its argument).
  return { ok: true, value: messages as Deliver.Params[] };
}

function withNote(e: DirectorError, note: string): DirectorError {
  return new DirectorError(e.code, `${e.message} (${note})`, { data: e.data, exitCode: e.exitCode });
}

function createParams(spec: string, o: CreateActorOptions): CreateActor.Params {
  return {
    spec,
    ...(o.sourceHash !== undefined ? { sourceHash: o.sourceHash } : {}),
    ...(o.targetActorRequirements !== undefined ? { targetActorRequirements: o.targetActorRequirements } : {}),
    ...(o.globalName !== undefined ? { globalName: o.globalName } : {}),
    ...(o.parent !== undefined ? { parent: o.parent } : {}),
  };
}

function optionsOf(p: CreateActor.Params): CreateActorOptions {
  return {
    ...(p.sourceHash !== undefined ? { sourceHash: p.sourceHash } : {}),
    ...(p.targetActorRequirements !== undefined ? { targetActorRequirements: p.targetActorRequirements } : {}),
    ...(p.globalName !== undefined ? { globalName: p.globalName } : {}),
    ...(p.parent !== undefined ? { parent: p.parent } : {}),
  };
}

/** True when a create failed because this system's capabilities refuse the class. */
export function isCapabilityRefusal(e: unknown, spec: ActorSpec): e is DirectorError {
  return typeof spec === 'string' && e instanceof DirectorError && e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR';
}
