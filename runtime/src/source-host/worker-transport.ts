/** A source's link over a real worker thread: its own heap (resourceLimits), killable mid-loop. */
import { MEMORY_BUDGET_EXIT_CODE } from './memory-guard';
import { Worker } from 'node:worker_threads';
import type { TransportFactory } from './link-transport';

export interface WorkerLimits {
  readonly maxOldGenerationSizeMb?: number;
  readonly maxYoungGenerationSizeMb?: number;
}

/** How long a spare started for one coming load (`fill` without `keep`) waits before it ends. */
export const PRIMED_SPARE_IDLE_MS = 5_000;

/**
 * At most one worker started ahead of need, so that a load does not wait for a thread to boot
 * (≈ 30 ms of CPU). Kept (`keep`: one always waiting, filled again after each use) or primed for
 * one coming load (ends after PRIMED_SPARE_IDLE_MS unused, so an idle daemon holds no spare). It
 * boots blank: its source, limits and memory budget come with the boot message, as for any worker.
 * It does not keep the process alive (unref).
 */
export class SpareWorker {
  private spare: Worker | null = null;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly limits: WorkerLimits,
    private readonly keep = true,
    private readonly idleMs = PRIMED_SPARE_IDLE_MS,
  ) {}

  /** Start one now if none is waiting. */
  fill(): void {
    if (this.spare !== null || this.closed) return;
    const w = new Worker(this.script, {
      workerData: { spare: true },
      resourceLimits: this.limits,
      stdout: false,
      stderr: false,
    });
    w.unref();
    // A spare that dies idle is simply forgotten.
    const forget = (): void => {
      if (this.spare === w) this.drop();
    };
    w.once('exit', forget);
    w.once('error', forget);
    this.spare = w;
    if (!this.keep) {
      this.idle = setTimeout(() => {
        if (this.spare === w) {
          this.drop();
          void w.terminate();
        }
      }, this.idleMs);
      this.idle.unref();
    }
  }

  /** After a spare was used: a kept spare is started again (a primed one is not). */
  refill(): void {
    if (this.keep) this.fill();
  }

  private drop(): void {
    this.spare = null;
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
  }

  take(): Worker | null {
    const w = this.spare;
    this.drop();
    if (w !== null) {
      w.removeAllListeners('exit');
      w.removeAllListeners('error');
      w.ref();
    }
    return w;
  }

  close(): Promise<void> {
    this.closed = true;
    const w = this.spare;
    this.drop();
    return w === null ? Promise.resolve() : w.terminate().then(() => undefined);
  }
}

export function workerTransport(
  script: string,
  limits: WorkerLimits,
  spare: SpareWorker | null = null,
): TransportFactory {
  return (boot, sink) => {
    let worker = spare?.take() ?? null;
    if (worker !== null) {
      worker.postMessage({ boot });
    } else {
      worker = new Worker(script, {
        workerData: boot,
        resourceLimits: limits,
        // The source's console output goes to the host's stdio (the daemon's log capture).
        stdout: false,
        stderr: false,
      });
    }
    const w = worker;
    let failure: string | null = null;
    let booted = false;
    w.on('message', (batch: unknown) => {
      if (!booted) {
        booted = true;
        // The next spare boots only now, so it does not compete with this one for the CPU.
        spare?.refill();
      }
      sink.receive(batch);
    });
    w.on('error', (e: Error & { code?: string }) => {
      failure =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `source worker ran out of memory (${e.message})`
          : `source worker failed: ${e.message}`;
    });
    w.on('exit', (code) =>
      sink.ended(
        failure ??
          (code === MEMORY_BUDGET_EXIT_CODE
            ? `source worker exceeded its memory budget of ${boot.memoryBudgetMb ?? '?'} MiB (heap + Buffers/ArrayBuffers)`
            : `source worker exited with code ${code}`),
      ),
    );
    return {
      post: (batch, transfer) => w.postMessage(batch, transfer),
      terminate: () => void w.terminate(),
    };
  };
}
