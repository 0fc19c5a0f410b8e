/**
 * (Over 400 lines: one input queue and one executor of every effect kind, with the state they
 * share, and the Refresh batch that holds that queue's writes and effects; split by effect, the
 * one-input-at-a-time rule and the write-ahead rule would have to be kept in several files.)
 *
 * The Director's adapter: feeds the pure core (./core) one input at a time and carries out the
 * effects it returns, in order. It owns every side effect: reading package files, the actor
 * system calls, timers for restarts, the record and audit log, pruning files, publishing events.
 *
 * Inputs are processed strictly one after another (a promise chain), so the core never sees two
 * at once. Slow work (a package's validation, an actor's creation) is started by an effect and
 * comes back later as a new input, so a long validation never blocks `list`.
 *
 * A Refresh is one change: while its batch is open, inputs still update the state and start
 * validations, but the record is not written and every other effect is held; the batch closes
 * when its loads are validated, writes the record once and then carries out the held effects.
 * Requests of other clients that change something wait for the close; queries are answered.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import type {
  DirectorEvent,
  DirectorReply,
  LoadSourceRequest,
  RefreshRequest,
  SourceLoadedReply,
} from '../protocol/director-messages';
import { decodeDirectorRequest, isDirectorRequestShaped } from '../protocol/director-messages';
import { isWireError } from '../protocol/errors';
import type { JsonValue } from '../protocol/json-value';
import type { CoreInput } from './core/director-core';
import { step } from './core/director-core';
import { recordedHashes, toRecord } from './core/record';
import type { DirectorRecord } from './core/record';
import type { RestartPolicy } from './core/restart-policy';
import { defaultRestartPolicy } from './core/restart-policy';
import type { Decision, DirectorState, Effect } from './core/types';
import { emptyState } from './core/types';
import type { DirectorStore } from './director-store';
import type { SourceOptions } from '../system/system-core';
import { DirectorOpError } from './director-error';
import type { PackageFacts } from './package-facts';
import { checkSignedName, readPackage } from './package-facts';
import type { AuthorityError } from '../protocol/package-codes';
import { pruneGroup } from './prune';
import { notDurableReply, planRollback } from './rollback';

/** What the Director needs of the actor system. */
/** Requests that change what runs, with the name of their reply: refused to actors of loaded sources. */
const SOURCE_REFUSED_OPS: { readonly [op: string]: string | undefined } = {
  DefineGroup: 'DeclaredGroup',
  LoadSource: 'SourceLoaded',
  UnloadSource: 'SourceUnloaded',
  Refresh: 'Refreshed',
};

/**
 * An open Refresh: the record is not written and the effects of every input wait (in order), but
 * for the validations the loads start; requests of others wait for the batch to close. Closing
 * writes the record once, then carries out the effects (see closeBatch).
 */
interface Batch {
  readonly held: Exclude<Effect, { kind: 'persist' }>[];
  readonly deferred: (() => Promise<void>)[];
}

/** Package bytes a Refresh reads ahead of their validation, at most (always one at least). */
export const REFRESH_BYTES_IN_FLIGHT = 256 * 1024 * 1024;

/** Package files a Refresh reads at once, ahead of the group being applied. */
export const REFRESH_READ_AHEAD = 8;

/** The requester id of one group's load inside a Refresh (never an actor's id: it has no `.`). */
const BATCH_REQUESTER = 'refresh#';

export interface DirectorSystemPort {
  /** Create `spec` from the loaded source `sourceHash`, the Director as its parent. */
  createActor(
    spec: string,
    options: { readonly sourceHash: string; readonly globalName?: string },
  ): Promise<ActorAddress>;
  /** Send from the Director's address. */
  send(to: ActorAddress, message: unknown): void;
  /** Ask an actor to end (ActorExitRequest). */
  exitActor(address: ActorAddress): void;
  /** Resolves with the hash once accepted; rejects with the authority's coded error. */
  loadActorSource(bytes: Uint8Array, info: string, options?: SourceOptions): Promise<string>;
  unloadActorSource(sourceHash: string): Promise<void>;
  /** A load is coming: start its worker while the package is read and verified (optional). */
  primeWorker?(): void;
  /**
   * Bind (address) or release (null) a global name, for GlobalName takeover. Optional for other
   * systems: without it the new version's actor is created without the name (never resolved to
   * the old actor, as the original's version replacement could race into), and a warning is logged.
   */
  setGlobalName?(name: string, address: ActorAddress | null): void;
}

export type DirectorLogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface DirectorServiceOptions {
  readonly system: DirectorSystemPort;
  /** The director dir (for TLS_Keep_Limit pruning). */
  readonly directorDir: string;
  /** Record and audit log; without it nothing is persisted (tests). */
  readonly store?: DirectorStore;
  /** Events for subscribed clients (the daemon pushes them as `director/<kind>`). */
  readonly publish?: (event: DirectorEvent) => void;
  readonly log?: (level: DirectorLogLevel, text: string) => void;
  readonly now?: () => number;
  readonly restartPolicy?: RestartPolicy;
}

export class DirectorService {
  private state: DirectorState = emptyState;
  private chain: Promise<void> = Promise.resolve();
  private readonly packages = new Map<string, PackageFacts>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;
  /** Names a takeover could not release (no setGlobalName in the system). */
  private readonly stuckNames = new Set<string>();
  private watchers: { done: () => boolean; resolve: () => void }[] = [];
  private readonly now: () => number;
  private readonly restartPolicy: RestartPolicy;
  /** The record last written (or read at restore), as JSON, and its hashes. */
  private recordText: string | null = null;
  private recordHashes = new Set<string>();
  private recordFormat: number | null = null;
  /** Loads being rolled back because their record could not be written, with why. */
  private readonly notDurable = new Map<string, string>();
  private batch: Batch | null = null;
  /** Where the SourceLoaded replies of a Refresh's loads go (by requester id) instead of an actor. */
  private readonly collectors = new Map<string, (reply: SourceLoadedReply) => void>();
  private nextCollector = 0;

  constructor(private readonly options: DirectorServiceOptions) {
    this.now = options.now ?? Date.now;
    this.restartPolicy = options.restartPolicy ?? defaultRestartPolicy;
  }

  /** The current state (read-only view; for tests and diagnostics). */
  get current(): DirectorState {
    return this.state;
  }

  /**
   * A message sent to the Director. A message that is not a request (no `DirectorOp`: e.g. an actor
   * answering its OnLoad message) is ignored; a request with an unknown op or bad fields gets an
   * error reply naming the problem. `fromDaemon`: the daemon's own code calling directly (not a
   * message), e.g. a revocation's unload; messages never are.
   */
  receive(message: unknown, sender: ActorAddress | null, fromDaemon = false): void {
    if (!isDirectorRequestShaped(message)) {
      this.log('debug', `Director ignored a message that is not a request: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    const decoded = decodeDirectorRequest(message);
    if (!decoded.ok) {
      this.log('warning', `Director received an invalid request: ${JSON.stringify(message)?.slice(0, 200)}`);
      if (sender) this.options.system.send(sender, decoded.reply);
      return;
    }
    const request = decoded.request;
    const refusedAs = SOURCE_REFUSED_OPS[request.DirectorOp];
    if (refusedAs !== undefined && !fromDaemon && (sender === null || sender.id.startsWith('w'))) {
      // An actor of a loaded source (ids `wN.`: it lives in a source worker, and the worker
      // channel vouches for sender ids) may ask the Director, not change what runs: that is the
      // operator's, and one source must not unload, roll back or redefine another group. A
      // message with no sender may come from a source too (a raw frame on its worker channel, or
      // a convention peer's): the operator's requests always have one (the admin link's endpoint).
      const who =
        sender === null ? 'a message with no sender' : `${formatAddress(sender)}, an actor of a loaded source,`;
      const message = `${who} asked the Director to ${request.DirectorOp}: refused (only an admin client changes what runs)`;
      this.log('warning', `SOURCE_CALL_REFUSED: ${message}`);
      if (sender !== null)
        this.options.system.send(sender, {
          DirectorResponse: refusedAs,
          Success: false,
          code: 'SOURCE_CALL_REFUSED',
          message,
        });
      return;
    }
    // `load` sends DefineGroup, then LoadSource: the worker the load will need boots from here on,
    // beside the client's next round trip, the read, the hash and the authority's checks.
    if (request.DirectorOp === 'DefineGroup' || request.DirectorOp === 'LoadSource')
      this.options.system.primeWorker?.();
    if (request.DirectorOp === 'LoadSource') {
      this.enqueueRequest(() => this.load(request, sender));
    } else if (request.DirectorOp === 'Refresh') {
      void this.refresh(request, sender).catch((e: unknown) => {
        const { code, message } = describe(e);
        this.reply(sender, { DirectorResponse: 'Refreshed', Success: false, code, message });
      });
    } else if (request.DirectorOp === 'RetrieveAll' || request.DirectorOp === 'RetrieveRole') {
      this.enqueueRequest(
        () =>
          Promise.resolve(
            this.answer(step(this.state, { kind: 'request', request, from: sender }, this.now()).effects),
          ),
        true,
      );
    } else {
      this.enqueueRequest(() => this.apply({ kind: 'request', request, from: sender }));
    }
  }

  /** A query's reply, sent at once (a query changes neither the state nor the record). */
  private answer(effects: readonly Effect[]): void {
    for (const e of effects) if (e.kind === 'reply') this.reply(e.to, e.message);
  }

  /** An actor ended (ChildActorExited or the system's actor-exited event). */
  actorExited(address: ActorAddress, reason: string | null): void {
    this.enqueue(() => this.apply({ kind: 'actorExited', address, reason }));
  }

  /** A source was unloaded, by whoever. */
  sourceUnloaded(sourceHash: string): void {
    this.enqueue(() => this.apply({ kind: 'sourceUnloaded', hash: sourceHash }));
  }

  /** Restore the recorded loads (after a daemon restart). Resolves when every restored load has settled. */
  async restore(record: DirectorRecord): Promise<void> {
    // What is on disk now: a change is written only when it differs.
    this.recordText = JSON.stringify(record);
    this.recordHashes = recordedHashes(record);
    this.recordFormat = record.format;
    await new Promise<void>((resolve) =>
      this.enqueue(async () => {
        await this.apply({ kind: 'restore', record });
        resolve();
      }),
    );
    await this.settled(
      () =>
        this.state.pending.length === 0 &&
        Object.values(this.state.groups).every((g) => g.sources.every((s) => !s.starting)),
    );
  }

  /** Resolves once every queued input has been processed. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Stop restart timers; queued inputs still run. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * A request's work: waits for an open Refresh to close (so it is never part of one). Queries
   * (`list`, a role's address) are answered at once all the same: they change nothing.
   */
  private enqueueRequest(work: () => Promise<void>, query = false): void {
    this.enqueue(async () => {
      if (this.batch !== null && !query) this.batch.deferred.push(work);
      else await work();
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((e: unknown) => {
      this.log('error', `Director internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    });
  }

  /** Resolves when `done()` holds after some input (checked after each one). */
  private settled(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ done, resolve }));
  }

  private checkWatchers(): void {
    if (this.watchers.length === 0) return;
    const still: typeof this.watchers = [];
    for (const w of this.watchers) {
      if (w.done()) w.resolve();
      else still.push(w);
    }
    this.watchers = still;
  }

  /** LoadSource: read the file first (its hash is the source's identity), then let the core decide. */
  private async load(request: LoadSourceRequest, from: ActorAddress | null): Promise<void> {
    const facts = await this.readForLoad(request);
    if ('DirectorResponse' in facts) {
      this.reply(from, facts);
      return;
    }
    await this.applyLoad(request, facts, from);
  }

  /** The core's load input for a package already read; the bytes are dropped unless a validation took them. */
  private async applyLoad(request: LoadSourceRequest, facts: PackageFacts, from: ActorAddress | null): Promise<void> {
    this.packages.set(facts.hash, facts);
    // The signed version only (the name was checked against it in readForLoad).
    await this.apply({ kind: 'load', input: { request, hash: facts.hash, version: facts.version }, from });
    // A validation started by this input took the bytes already; otherwise (loaded, pending,
    // refused) nobody needs them: do not keep a package's bytes around.
    this.packages.delete(facts.hash);
  }

  /** The package of a load, read and checked by name and group; or the failure reply. Changes nothing. */
  private async readForLoad(request: LoadSourceRequest): Promise<PackageFacts | SourceLoadedReply> {
    let facts: PackageFacts;
    try {
      facts = await readPackage(request.Source);
    } catch (e) {
      const err = e instanceof DirectorOpError ? e : new DirectorOpError('DIRECTOR_PACKAGE_NOT_FOUND', String(e));
      return {
        DirectorResponse: 'SourceLoaded',
        Success: false,
        Group: request.Group,
        code: err.code,
        message: err.message,
        data: { path: request.Source },
      };
    }
    try {
      checkSignedName(request.Source, facts);
    } catch (e) {
      const err = e as AuthorityError;
      this.log('warning', `refused ${request.Source}: [${err.code}] ${err.message}`);
      void this.options.store
        ?.appendAudit({
          action: 'load-failed',
          sourceHash: facts.hash,
          group: request.Group,
          version: facts.version,
          keyId: null,
          time: new Date(this.now()).toISOString(),
          by: request.RequestedBy ?? 'unknown',
          code: err.code,
        })
        .catch((x: unknown) => this.log('error', `cannot append to the audit log: ${String(x)}`));
      return {
        DirectorResponse: 'SourceLoaded',
        Success: false,
        Group: request.Group,
        SourceHash: facts.hash,
        code: 'DIRECTOR_SOURCE_REJECTED',
        message: `${request.Source} was not loaded: ${err.message}`,
        data: { authorityCode: err.code, path: request.Source },
      };
    }
    if (facts.group !== null && facts.group !== request.Group) {
      return {
        DirectorResponse: 'SourceLoaded',
        Success: false,
        Group: request.Group,
        SourceHash: facts.hash,
        code: 'DIRECTOR_GROUP_MISMATCH',
        message: `${request.Source} is signed as a package of group "${facts.group}", not "${request.Group}"; load it as "${facts.group}" (renaming a package cannot change its group)`,
      };
    }
    return facts;
  }

  /**
   * Refresh: every group is defined and its package loaded inside one batch. Their validations
   * (the authority's checks and the worker starts) run together, up to REFRESH_BYTES_IN_FLIGHT of
   * packages at once; once none is left unvalidated the batch closes: one record write, then the
   * actors start. The reply lists each group's SourceLoaded reply.
   * The package files are read up to REFRESH_READ_AHEAD at once, ahead of the group being
   * applied: read one after another, each read waited for the main thread among the workers
   * already booting (a 20-group loop took 100 to 360 ms). A read-ahead reserves its file's size
   * (stat) first, in group order, so the bytes read and not yet validated stay within the bound.
   */
  private async refresh(request: RefreshRequest, from: ActorAddress | null): Promise<void> {
    const results: Promise<SourceLoadedReply>[] = [];
    const ids: string[] = [];
    const sizes = new Map<string, number>();
    // Bytes of the batch's packages read and not validated yet, and those reserved by reads ahead.
    const inFlight = (): number =>
      this.state.pending.reduce((n, p) => n + (!p.accepted ? (sizes.get(p.hash) ?? 0) : 0), 0);
    const reserved = new Map<number, number>();
    const reservedBytes = (): number => [...reserved.values()].reduce((n, b) => n + b, 0);
    const loads: LoadSourceRequest[] = request.Groups.map((g) => ({
      DirectorOp: 'LoadSource',
      Group: g.Define.Group,
      Source: g.Source,
      RequestedBy: request.RequestedBy ?? 'refresh',
    }));
    const reads: Promise<PackageFacts | SourceLoadedReply>[] = [];
    // Resolved once group i's bytes are reserved: reservations are made in group order.
    const reservations: Promise<void>[] = [];
    const readAhead = (i: number): void => {
      if (i >= loads.length || reads[i] !== undefined) return;
      const previous = i > 0 ? reservations[i - 1] : undefined;
      let reservedNow!: () => void;
      reservations[i] = new Promise<void>((r) => (reservedNow = r));
      reads[i] = (async () => {
        try {
          const size = await stat(loads[i].Source).then(
            (st) => st.size,
            () => 0,
          );
          // Never before an earlier group (its reservation could wait forever behind this one).
          await previous;
          await this.settled(
            () => inFlight() + reservedBytes() + size <= REFRESH_BYTES_IN_FLIGHT || inFlight() + reservedBytes() === 0,
          );
          reserved.set(i, size);
        } finally {
          reservedNow();
        }
        return this.readForLoad(loads[i]);
      })();
    };
    await new Promise<void>((opened) =>
      this.enqueueRequest(() => {
        this.batch = { held: [], deferred: [] };
        opened();
        return Promise.resolve();
      }),
    );
    try {
      for (let i = 0; i < loads.length; i++) {
        for (let k = i; k < i + REFRESH_READ_AHEAD; k++) readAhead(k);
        const load = loads[i];
        const g = request.Groups[i];
        const facts = await reads[i];
        let result: Promise<SourceLoadedReply>;
        let to: ActorAddress | null = null;
        if ('DirectorResponse' in facts) {
          result = Promise.resolve(facts);
        } else {
          const id = `${BATCH_REQUESTER}${this.nextCollector++}`;
          ids.push(id);
          to = { system: '', id };
          result = new Promise<SourceLoadedReply>((resolve) => this.collectors.set(id, resolve));
          sizes.set(facts.hash, facts.bytes.byteLength);
        }
        results.push(result);
        // The bytes now count as read and not validated (sizes), no longer as reserved.
        reserved.delete(i);
        // The batch's own inputs go straight into the queue (requests of others wait for the close).
        await new Promise<void>((applied) =>
          this.enqueue(async () => {
            try {
              await this.apply({ kind: 'request', request: g.Define, from: null });
              if (!('DirectorResponse' in facts) && to !== null) await this.applyLoad(load, facts, to);
            } finally {
              applied();
            }
          }),
        );
      }
    } finally {
      // Closed once no load of the batch is left unvalidated (checked after each input).
      void this.settled(() => inFlight() === 0).then(() => this.enqueue(() => this.closeBatch()));
    }
    try {
      const replies = await Promise.all(results);
      this.reply(from, { DirectorResponse: 'Refreshed', Success: true, Results: replies });
    } finally {
      for (const id of ids) this.collectors.delete(id);
    }
  }

  /**
   * Close the open batch: write the record once (write-ahead, as apply does for one input), then
   * carry out the held effects in order and let the waiting requests in. When the write fails, the
   * sources the batch would have added are rolled back (DIRECTOR_NOT_DURABLE to their requesters,
   * as rollback.ts decides for one load); every other change is written with the next one.
   */
  private async closeBatch(): Promise<void> {
    const b = this.batch;
    if (b === null) return;
    this.batch = null;
    try {
      await this.persist(this.state);
    } catch (err) {
      const why = this.notDurableWhy(err);
      const added = toRecord(this.state)
        .sources.filter((s) => !this.recordHashes.has(s.hash))
        .map((s) => s.hash);
      this.log(
        'error',
        added.length > 0
          ? `${why}: the load of ${added.join(', ')} is rolled back`
          : `${why}; it is written with the next change`,
      );
      for (const hash of added) this.rollBackLoad(hash, why);
    }
    for (const e of b.held) this.execute(e);
    this.checkWatchers();
    for (const work of b.deferred) this.enqueue(work);
  }

  /**
   * One input: the core decides; when the decision changes the record, the record is written
   * (fsynced, renamed) BEFORE any of its effects run (write-ahead), so no reply acknowledges a
   * change that is not on disk. When the write fails the change is rolled back (see rollBack).
   */
  private async apply(input: CoreInput): Promise<void> {
    const prev = this.state;
    const d = step(prev, input, this.now(), { restartPolicy: this.restartPolicy });
    if (this.batch !== null) {
      // Inside a Refresh: the validations start now; everything else waits for the one write.
      this.state = d.state;
      for (const e of d.effects) {
        if (e.kind === 'loadSource') this.execute(e);
        else if (e.kind !== 'persist') this.batch.held.push(e);
      }
      this.checkWatchers();
      return;
    }
    let decision: Decision = d;
    // While a restore runs, the state holds only part of the record: never write it then.
    const restoring = d.state.pending.some((p) => p.restore !== undefined);
    if (!restoring) {
      try {
        await this.persist(d.state);
      } catch (err) {
        decision = this.rollBack(prev, d, input, err);
      }
    }
    this.state = decision.state;
    for (const e of decision.effects) if (e.kind !== 'persist') this.execute(e);
    this.checkWatchers();
  }

  /**
   * Write the record of `state` when it differs from the one on disk; rejects when it cannot be
   * written (the old one stays). Once written, copies no longer recorded go.
   */
  private async persist(state: DirectorState): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const record = toRecord(state);
    const text = JSON.stringify(record);
    if (text === this.recordText) return;
    await store.writeRecord(record);
    const gone = [...this.recordHashes].filter((h) => !record.sources.some((s) => s.hash === h));
    this.recordText = text;
    this.recordHashes = new Set(record.sources.map((s) => s.hash));
    // A source no longer recorded is never restored: its copy can go.
    for (const h of gone)
      store
        .removeCopy(h)
        .catch((err: unknown) => this.log('warning', `cannot remove the copy of ${h}: ${String(err)}`));
  }

  /** Says what to do too: every DIRECTOR_NOT_DURABLE reply and log line is built on this text. */
  private notDurableWhy(err: unknown): string {
    return `the Director record could not be written (${err instanceof Error ? err.message : String(err)}); free space on its disk or fix the permissions of the daemon's private folder, then try again`;
  }

  /** A load whose record could not be written: its requesters hear why, and it is unloaded again. */
  private rollBackLoad(hash: string, why: string): void {
    this.notDurable.set(hash, why);
    this.enqueue(() =>
      this.apply({
        kind: 'request',
        request: { DirectorOp: 'UnloadSource', SourceHash: hash, RequestedBy: 'rollback (record not written)' },
        from: null,
      }),
    );
  }

  /** The record could not be written: roll back as rollback.ts decides. */
  private rollBack(prev: DirectorState, d: Decision, input: CoreInput, err: unknown): Decision {
    const why = this.notDurableWhy(err);
    const plan = planRollback(prev, d, input, why, this.recordHashes, new Set(this.notDurable.keys()));
    this.log('error', plan.log);
    for (const hash of plan.rollBack) this.rollBackLoad(hash, why);
    return plan.decision;
  }

  private execute(e: Exclude<Effect, { kind: 'persist' }>): void {
    const sys = this.options.system;
    switch (e.kind) {
      case 'reply':
        this.reply(e.to, e.message);
        break;
      case 'send':
        this.trySend(e.to, e.message);
        break;
      case 'exitActor':
        sys.exitActor(e.address);
        break;
      case 'loadSource':
        this.startValidation(e.hash, e.path);
        break;
      case 'unloadSource':
        sys.unloadActorSource(e.hash).then(
          () => {
            this.sourceUnloaded(e.hash);
            this.enqueue(async () => {
              // A rolled-back load: its copy was never recorded, so nobody needs it.
              if (this.notDurable.delete(e.hash) && !this.recordHashes.has(e.hash))
                await this.options.store?.removeCopy(e.hash).catch(() => undefined);
            });
          },
          (err: unknown) => {
            this.log('error', `unloading ${e.hash} failed: ${String(err)}`);
            this.sourceUnloaded(e.hash);
          },
        );
        break;
      case 'createActor': {
        // Without setGlobalName the old holder keeps the name, and a create under it would return
        // the OLD actor (the original's replacement race): create the new one unnamed instead.
        const named = e.globalName !== null && !this.stuckNames.delete(e.globalName);
        const options =
          named && e.globalName !== null ? { sourceHash: e.hash, globalName: e.globalName } : { sourceHash: e.hash };
        sys.createActor(e.actorClass, options).then(
          (address) => this.enqueue(() => this.apply({ kind: 'actorCreated', hash: e.hash, index: e.index, address })),
          (err: unknown) => {
            const { code, message } = describe(err);
            this.enqueue(() => this.apply({ kind: 'actorCreateFailed', hash: e.hash, index: e.index, code, message }));
          },
        );
        break;
      }
      case 'setGlobalName':
        if (sys.setGlobalName) {
          sys.setGlobalName(e.name, e.address);
        } else {
          if (e.address === null) this.stuckNames.add(e.name);
          this.log(
            'warning',
            `cannot move the global name "${e.name}": the actor system has no setGlobalName; the new actor runs without it`,
          );
        }
        break;
      case 'scheduleRestart': {
        if (this.closed) break;
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.enqueue(() => this.apply({ kind: 'restartDue', hash: e.hash, index: e.index }));
        }, e.delayMs);
        this.timers.add(t);
        break;
      }
      case 'prune':
        void pruneGroup(this.options.directorDir, e.group, e.keepLimit, e.loadedPaths, (level, text) =>
          this.log(level, text),
        );
        break;
      case 'audit':
        this.options.store
          ?.appendAudit(e.entry)
          .catch((err: unknown) => this.log('error', `cannot append to the audit log: ${String(err)}`));
        break;
      case 'publish':
        try {
          this.options.publish?.(e.event);
        } catch (err) {
          this.log('warning', `an event subscriber failed: ${String(err)}`);
        }
        break;
      case 'log':
        this.log(e.level, e.text);
        break;
    }
  }

  private startValidation(hash: string, file: string): void {
    const run = async (): Promise<void> => {
      let facts = this.packages.get(hash);
      this.packages.delete(hash);
      if (!facts) {
        // A restore reads the daemon's own copy (never the director dir, whose files others
        // prune); checked again by hash and, below, by the Source Authority.
        const store = this.options.store;
        facts = store
          ? await store.readRestoreCopy(hash, file, this.recordFormat === 1, (text) => this.log('warning', text))
          : await readPackage(file);
        if (facts.hash !== hash) {
          throw new DirectorOpError(
            'DIRECTOR_RESTORE_MISMATCH',
            `the copy of source ${hash} changed since it was loaded (it now hashes to ${facts.hash}); it cannot be restored`,
          );
        }
      }
      const group = this.state.pending.find((p) => p.hash === hash)?.group;
      const memoryMiB = group === undefined ? undefined : this.state.groups[group]?.def.memoryMiB;
      const store = this.options.store;
      // The daemon's copy is written while the authority verifies the same bytes (both take a
      // while: an fsync, a signature and a worker start); an unverified copy is removed again, and
      // a restore verifies whatever copy it reads anyway.
      const bytes = facts.bytes;
      const copying = store
        ? store.writeCopy(hash, bytes).then(
            () => null,
            (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
          )
        : Promise.resolve(null);
      let accepted: string;
      try {
        accepted = await this.options.system.loadActorSource(
          bytes,
          path.basename(file),
          memoryMiB === undefined ? undefined : { memoryBudgetMb: memoryMiB },
        );
        if (accepted !== hash)
          throw new DirectorOpError(
            'DIRECTOR_RESTORE_MISMATCH',
            `the actor system hashed ${file} as ${accepted}, not ${hash}`,
          );
      } catch (e) {
        if ((await copying) === null && store && !this.recordHashes.has(hash))
          await store.removeCopy(hash).catch(() => undefined);
        throw e;
      }
      // The verified bytes are kept before the load can be recorded: the record never names a
      // source the daemon cannot restore.
      const copyFailed = await copying;
      if (copyFailed !== null) {
        // Unloaded from the actor system before the refusal goes out (the inputs wait): the
        // system's unload event is then queued before any retry of the same load can be.
        this.enqueue(async () => {
          await this.options.system.unloadActorSource(hash).catch(() => undefined);
        });
        this.enqueue(() =>
          this.apply({
            kind: 'sourceRejected',
            hash,
            code: 'DIRECTOR_NOT_DURABLE',
            message: `the daemon's copy of the source could not be written (${copyFailed.message}); free space on its disk or fix the permissions of the daemon's private folder, then load again`,
          }),
        );
        return;
      }
      const keyId = facts.keyId;
      this.enqueue(() => this.apply({ kind: 'sourceAccepted', hash, keyId }));
    };
    run().catch((err: unknown) => {
      const { code, message } = describe(err);
      this.enqueue(() => this.apply({ kind: 'sourceRejected', hash, code, message }));
    });
  }

  private reply(to: ActorAddress | null, message: DirectorReply): void {
    if (!to) return;
    // A load being rolled back (its record could not be written) fails, whatever stage it reached.
    const why =
      message.DirectorResponse === 'SourceLoaded' && message.SourceHash !== undefined
        ? this.notDurable.get(message.SourceHash)
        : undefined;
    if (why !== undefined) message = notDurableReply(message, why);
    const collect = to.system === '' ? this.collectors.get(to.id) : undefined;
    if (collect !== undefined) {
      if (message.DirectorResponse === 'SourceLoaded') collect(message);
      return;
    }
    this.trySend(to, message);
  }

  private trySend(to: ActorAddress, message: JsonValue | DirectorReply): void {
    try {
      this.options.system.send(to, message);
    } catch (err) {
      this.log('error', `cannot send to ${to.system}|${to.id}: ${String(err)}`);
    }
  }

  private log(level: DirectorLogLevel, text: string): void {
    this.options.log?.(level, text);
  }
}

function describe(err: unknown): { code: string; message: string } {
  if (isWireError(err)) return { code: err.code, message: err.message };
  return { code: 'DIRECTOR_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
