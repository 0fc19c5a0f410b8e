/**
 * One loaded (or loading) source as the system tracks it, and the states it moves through:
 * pending (the Source Authority has it) → starting (accepted; its ZIP opens, its worker boots) →
 * valid (usable) → unloading (its actors end, its worker is terminated). Separate from the source
 * registry that moves it and the worker pool that runs it, because both hold it.
 */
import type { WorkerLink } from '../source-host/worker-link';

export type SourceState = 'pending' | 'starting' | 'valid' | 'unloading';

export interface SourceRecord {
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

export function newSourceRecord(hash: string, info: string, memoryBudgetMb: number): SourceRecord {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const settled = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  settled.catch(() => undefined); // the load's caller observes it; creates queued on it observe it too
  return {
    hash,
    info,
    memoryBudgetMb,
    state: 'pending',
    entries: null,
    link: null,
    linkStarting: null,
    settled,
    resolve,
    reject,
    timer: null,
    unloading: null,
  };
}
