/**
 * The loaded sources and their states (see source-record.ts): a load goes to the Source Authority,
 * waits for its verdict within the validation timeout, opens the accepted ZIP and boots the
 * worker; an unload ends the source's actors, then its worker. Creates by name wait here until
 * their source is usable. Separate from the worker pool as piscina keeps its queue apart from its
 * workers: this room decides what may run; the pool runs it.
 */
import { observeVerification } from '../metrics/daemon-stats';
import type { SourceStats } from '../metrics/thread-stats';
import { readPackageEntries } from '../authority/verify-package';
import { sourceHashOf } from '../util/source-hash';
import { formatAddress, sameAddress, type ActorAddress } from '../protocol/actor-address';
import { DirectorError } from '../protocol/errors';
import { validateSource, type ValidatedSource } from '../protocol/system-messages';
import { ActorSystemError, errorFromWire, invalidSourceHash } from '../actors/actor-system-error';
import type { CreateResult } from '../actors/realm';
import type { AuthoritySlot } from './authority-slot';
import { newSourceRecord, type SourceRecord, type SourceState } from './source-record';
import { shutDownError, type SystemContext } from './system-context';
import type { CreateActorOptions, SourceOptions } from './system-core';
import type { WatcherHub } from './watcher-hub';
import type { WorkerPool } from './worker-pool';

const DEFAULT_VALIDATION_TIMEOUT_MS = 30_000;
const DEFAULT_EXIT_DEADLINE_MS = 2_000;
const DEFAULT_SOURCE_MEMORY_MB = 1024;

export class SourceRegistry {
  private readonly sources = new Map<string, SourceRecord>();

  /**
   * @param inbox the system's own address: the authority answers there
   * @param send routes a message and throws when it cannot (a load then fails with that error)
   */
  constructor(
    private readonly ctx: SystemContext,
    private readonly authority: AuthoritySlot,
    private readonly pool: WorkerPool,
    private readonly watchers: WatcherHub,
    private readonly inbox: ActorAddress,
    private readonly send: (to: ActorAddress, message: unknown, from: ActorAddress | null) => void,
  ) {}

  load(bytes: Uint8Array, info: string, sourceOptions: SourceOptions): Promise<string> {
    if (this.ctx.isStopping()) return Promise.reject(shutDownError());
    const hash = sourceHashOf(bytes);
    const existing = this.sources.get(hash);
    if (existing !== undefined) {
      if (existing.state === 'unloading') return existing.unloading!.then(() => this.load(bytes, info, sourceOptions));
      this.ctx.log.info(`Source hash ${hash} (${info}) already loaded`);
      return existing.settled.then(() => hash);
    }
    const authority = this.authority.current;
    if (authority === null) {
      const err = new ActorSystemError(
        'NO_SOURCE_AUTHORITY',
        `Source ${info} (hash ${hash}) was not loaded: no Source Authority is registered, and nothing unverified runs. Start the Director (it registers the Director Source Authority) or register one with registerSourceAuthority().`,
        { data: { sourceHash: hash } },
      );
      this.ctx.emit({ kind: 'source-rejected', sourceHash: hash, info, code: err.code, message: err.message });
      return Promise.reject(err);
    }
    const rec = newSourceRecord(
      hash,
      info,
      sourceOptions.memoryBudgetMb ?? this.ctx.options.sourceMemoryBudgetMb ?? DEFAULT_SOURCE_MEMORY_MB,
    );
    this.sources.set(hash, rec);
    const verifyStart = performance.now();
    const verified = (): void => observeVerification((performance.now() - verifyStart) / 1000);
    rec.settled.then(verified, verified);
    const timeout = this.ctx.options.validationTimeoutMs ?? DEFAULT_VALIDATION_TIMEOUT_MS;
    rec.timer = setTimeout(() => {
      this.fail(
        rec,
        new ActorSystemError(
          'SOURCE_VALIDATION_TIMEOUT',
          `The Source Authority ${formatAddress(this.authority.current ?? this.inbox)} did not answer for source ${info} (hash ${hash}) within ${timeout} ms; is it alive?`,
          { data: { sourceHash: hash } },
        ),
      );
    }, timeout);
    try {
      this.send(authority, validateSource(hash, bytes, info), this.inbox);
    } catch (e) {
      this.fail(rec, e instanceof Error ? e : new Error(String(e)));
    }
    return rec.settled.then(() => hash);
  }

  unload(sourceHash: string): Promise<void> {
    const rec = this.sources.get(sourceHash);
    if (rec === undefined) {
      this.ctx.log.info(`Source hash ${sourceHash} unloaded (it was not loaded)`);
      return Promise.resolve();
    }
    if (rec.unloading !== null) return rec.unloading;
    if (rec.state === 'pending' || rec.state === 'starting') {
      // The original threw inside its admin here (docs/compatibility.md); this fails the pending load instead.
      this.fail(
        rec,
        new ActorSystemError(
          'INVALID_ACTOR_SOURCE_HASH',
          `Source hash ${sourceHash} was unloaded before it became usable.`,
        ),
      );
      return Promise.resolve();
    }
    rec.state = 'unloading';
    rec.unloading = this.finishUnload(rec);
    return rec.unloading;
  }

  /** The Source Authority's verdict (ValidatedSource) on a pending source. */
  validated(message: ValidatedSource, sender: ActorAddress | null): void {
    if (!sameAddress(sender, this.authority.current)) {
      this.ctx.log.warning(
        `ValidatedSource for ${message.sourceHash} from ${sender === null ? 'nobody' : formatAddress(sender)}, which is not the Source Authority: ignored`,
      );
      return;
    }
    const rec = this.sources.get(message.sourceHash);
    if (rec === undefined || rec.state !== 'pending') {
      this.ctx.log.warning(`ValidatedSource for ${message.sourceHash}, which is not pending validation: ignored`);
      return;
    }
    if (message.sourceZip === null) {
      const w = message.rejection ?? {
        code: 'SourceRejected',
        message: `The Source Authority rejected source ${rec.info} (hash ${rec.hash}).`,
      };
      this.ctx.log.warning(
        `Source hash ${rec.hash} (${rec.info}) REJECTED by Source Authority: ${w.code}: ${w.message}`,
      );
      this.fail(rec, errorFromWire(w));
      return;
    }
    rec.state = 'starting';
    if (rec.timer !== null) clearTimeout(rec.timer);
    rec.timer = null;
    void this.start(rec, message.sourceZip);
  }

  /** Create `spec` in the source `hash`'s worker, once the source is usable (waiting for a load under way). */
  async createIn(hash: string, spec: string, options: CreateActorOptions): Promise<CreateResult> {
    const rec = this.sources.get(hash);
    if (rec === undefined || rec.state === 'unloading') throw invalidSourceHash(hash);
    if (rec.state !== 'valid') {
      try {
        await rec.settled;
      } catch (e) {
        throw new ActorSystemError(
          'INVALID_ACTOR_SOURCE_HASH',
          `Source hash ${hash} does not match any loaded sources. (Its load failed: ${e instanceof Error ? e.message : String(e)})`,
          { data: { sourceHash: hash } },
        );
      }
      if (this.sources.get(hash) !== rec || (rec.state as SourceState) !== 'valid') throw invalidSourceHash(hash);
    }
    const link = await this.pool.liveLink(rec);
    if (rec.state !== 'valid') throw invalidSourceHash(hash);
    const id = await link.create(spec, { ...options, sourceHash: hash });
    return { address: { system: this.ctx.systemName, id }, created: true };
  }

  /** The usable sources. */
  valid(): SourceRecord[] {
    return [...this.sources.values()].filter((r) => r.state === 'valid');
  }

  async stats(): Promise<readonly SourceStats[]> {
    const all = await Promise.all(
      this.valid().map(async (r) => {
        // A source whose worker is not running (ended, not yet needed) has nothing queued or counted now.
        const s = r.link?.isAlive === true ? await r.link.stats() : null;
        const base = s ?? {
          received: 0,
          sent: 0,
          failures: 0,
          buckets: [],
          sampledSum: 0,
          sampledCount: 0,
          mailbox: 0,
          heapUsed: 0,
        };
        return { ...base, sourceHash: r.hash, info: r.info, restarts: this.pool.restarts(r.hash) };
      }),
    );
    return all;
  }

  /** Shutdown, first step: loads still under way fail with `err`. */
  failPending(err: Error): void {
    for (const rec of [...this.sources.values()]) {
      if (rec.state === 'pending' || rec.state === 'starting') this.fail(rec, err);
    }
  }

  /** Shutdown, last step: forget every source (their workers have ended). */
  clear(): void {
    for (const rec of this.sources.values()) rec.entries = null;
    this.sources.clear();
  }

  private async start(rec: SourceRecord, zip: Uint8Array): Promise<void> {
    try {
      rec.entries = await readPackageEntries(zip);
    } catch (e) {
      // The extractor's own codes (ZIP_INVALID, ENTRY_UNSAFE_NAME...) say more than ours; keep them.
      if (e instanceof DirectorError) {
        this.fail(rec, e);
        return;
      }
      this.fail(
        rec,
        new ActorSystemError(
          'CORRUPT_SOURCE_ZIP',
          `Source ${rec.info} (hash ${rec.hash}) was accepted but its ZIP does not open: ${e instanceof Error ? e.message : String(e)}`,
          {
            cause: e,
            data: { sourceHash: rec.hash },
          },
        ),
      );
      return;
    }
    if (rec.state !== 'starting') return; // unloaded meanwhile
    try {
      await this.pool.liveLink(rec);
    } catch (e) {
      this.fail(rec, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (rec.state !== 'starting') return;
    rec.state = 'valid';
    this.ctx.log.info(`Source hash ${rec.hash} (${rec.info}) validated by Source Authority; now available.`);
    rec.resolve();
    this.ctx.emit({ kind: 'source-loaded', sourceHash: rec.hash, info: rec.info });
    this.watchers.sourceLoaded(rec.hash, rec.info);
  }

  private fail(rec: SourceRecord, err: Error): void {
    if (this.sources.get(rec.hash) !== rec) return;
    this.sources.delete(rec.hash);
    this.pool.sourceGone(rec.hash);
    if (rec.timer !== null) clearTimeout(rec.timer);
    rec.timer = null;
    rec.state = 'unloading';
    rec.entries = null;
    if (rec.link !== null) void rec.link.terminate('source load failed');
    rec.reject(err);
    const code = (err as Partial<DirectorError>).code ?? 'Error';
    this.ctx.emit({ kind: 'source-rejected', sourceHash: rec.hash, info: rec.info, code, message: err.message });
  }

  private async finishUnload(rec: SourceRecord): Promise<void> {
    const link = rec.link;
    if (link !== null && link.isAlive) {
      const deadline = this.ctx.options.exitDeadlineMs ?? DEFAULT_EXIT_DEADLINE_MS;
      const allEnded = await link.exitAll('source unloaded', deadline);
      if (!allEnded)
        this.ctx.log.warning(`actors of source ${rec.hash} did not end within ${deadline} ms; terminating its worker`);
      await link.terminate('source unloaded');
    }
    if (rec.linkStarting !== null)
      await rec.linkStarting.then(
        (l) => l.terminate('source unloaded'),
        () => undefined,
      );
    this.sources.delete(rec.hash);
    this.pool.sourceGone(rec.hash);
    rec.entries = null;
    this.ctx.log.info(`Source hash ${rec.hash} unloaded`);
    this.ctx.emit({ kind: 'source-unloaded', sourceHash: rec.hash, info: rec.info });
    this.watchers.sourceUnloaded(rec.hash, rec.info);
  }
}
