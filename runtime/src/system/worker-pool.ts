/**
 * The workers that run loaded sources: one per source, started (again, after a crash) when the
 * source needs it, the spare started ahead of need, the peer channels between workers, and the
 * restart counts /metrics shows. Separate from the source registry as piscina keeps its pool apart
 * from its queue: the registry decides which sources are usable; the pool only runs them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { JsonValue } from '../protocol/json-value';
import type { TransportFactory } from '../source-host/link-transport';
import { WorkerLink, type WorkerLinkEvents } from '../source-host/worker-link';
import { SpareWorker, workerTransport, type WorkerLimits } from '../source-host/worker-transport';
import type * as InThread from '../source-host/in-thread-transport';
import * as actorApi from '../actors/index';
import type { LocalSystemOptions } from './system-core';
import type { SourceRecord } from './source-record';

const DEFAULT_WORKER_LIMITS = { maxOldGenerationSizeMb: 512 };

export class WorkerPool {
  private readonly links = new Map<number, WorkerLink>();
  /** Workers started per source hash (restarts = spawns - 1), for /metrics. */
  private readonly spawns = new Map<string, number>();
  private readonly sourceOfLink = new Map<WorkerLink, SourceRecord>();
  private nextWorkerIndex = 1;
  private readonly spare: SpareWorker | null;

  /**
   * @param capabilities the system's capabilities now (a worker boots with them)
   * @param events what a worker reports (messages out, actors started and ended, requests...)
   */
  constructor(
    private readonly systemName: string,
    private readonly options: LocalSystemOptions,
    private readonly capabilities: () => { readonly [key: string]: JsonValue },
    private readonly events: WorkerLinkEvents,
  ) {
    // Kept (spareWorker) or primed for a coming load (primeSpare); none for in-thread sources.
    const keep = options.spareWorker === true;
    this.spare =
      options.inThreadSources !== true ? new SpareWorker(this.workerScript(), this.workerLimits(), keep) : null;
    if (keep) this.spare?.fill();
  }

  /** The running workers. */
  workers(): IterableIterator<WorkerLink> {
    return this.links.values();
  }

  /** The worker of an actor id (`w<index>.<n>`), if that worker still runs. */
  linkForId(id: string): WorkerLink | undefined {
    if (id.charCodeAt(0) !== 119 /* w */) return undefined;
    return this.links.get(Number(id.slice(1, id.indexOf('.'))));
  }

  sourceOf(link: WorkerLink): SourceRecord | undefined {
    return this.sourceOfLink.get(link);
  }

  /** How often the source's worker was started again. */
  restarts(hash: string): number {
    return Math.max(0, (this.spawns.get(hash) ?? 0) - 1);
  }

  /** The source's worker, started again if it ended (crash, exit, out of memory). */
  liveLink(rec: SourceRecord): Promise<WorkerLink> {
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

  /** A worker asked for a channel to worker `peerIndex`: both get their end, or the asker hears it is gone. */
  connectPeers(peerIndex: number, link: WorkerLink): void {
    const target = this.links.get(peerIndex);
    if (target === undefined || !target.isAlive) {
      link.handOver(peerIndex, 'send', null);
      return;
    }
    const { port1, port2 } = new MessageChannel();
    target.handOver(link.index, 'receive', port2);
    link.handOver(peerIndex, 'send', port1);
  }

  /** A worker ended: forget it; returns the source it ran. */
  forget(link: WorkerLink): SourceRecord | undefined {
    this.links.delete(link.index);
    const rec = this.sourceOfLink.get(link);
    this.sourceOfLink.delete(link);
    if (rec !== undefined && rec.link === link) rec.link = null;
    return rec;
  }

  /** The source left the system (unloaded, or its load failed): its start count goes with it, so a later load of it starts from 0. */
  sourceGone(hash: string): void {
    this.spawns.delete(hash);
  }

  /** A load is coming (a client asked the Director for one): boot a worker for it now, unless one waits. */
  primeSpare(): void {
    this.spare?.fill();
  }

  /** Ends the spare (the running workers are ended by their sources' unload or the shutdown). */
  close(): Promise<void> {
    return this.spare?.close() ?? Promise.resolve();
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
        capabilities: this.capabilities(),
        // 0: no accounting (the bench's comparison; an operator's explicit choice).
        ...(rec.memoryBudgetMb > 0 ? { memoryBudgetMb: rec.memoryBudgetMb } : {}),
      },
      this.transport(),
      this.events,
    );
    this.links.set(index, link);
    this.sourceOfLink.set(link, rec);
    rec.link = link;
    return link;
  }

  private transport(): TransportFactory {
    if (this.options.inThreadSources === true) {
      // Required here, not imported: only a system that hosts sources in its own thread (the
      // simple system, tests) needs the in-thread host; a daemon then never loads its module
      // loader (node:vm) and realm host (node:v8) on the main thread.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { inThreadTransport } = require('../source-host/in-thread-transport') as typeof InThread;
      return inThreadTransport(actorApi);
    }
    return workerTransport(this.workerScript(), this.workerLimits(), this.spare);
  }

  private workerLimits(): WorkerLimits {
    return { ...DEFAULT_WORKER_LIMITS, ...this.options.workerLimits };
  }

  private workerScript(): string {
    if (this.options.workerScript !== undefined) return this.options.workerScript;
    // Bundled (dist/daemon.js, dist/index.js): dist/source-worker.js. Compiled by tsc: ../source-host/worker-main.js.
    const bundled = path.join(__dirname, 'source-worker.js');
    return existsSync(bundled) ? bundled : path.join(__dirname, '..', 'source-host', 'worker-main.js');
  }
}
