/** A source's link over a real worker thread: its own heap (resourceLimits), killable mid-loop. */
import { MEMORY_BUDGET_EXIT_CODE } from './memory-guard';
import { Worker } from 'node:worker_threads';
import type { FromWorker } from '../protocol/worker-protocol';
import type { TransportFactory } from './worker-link';

export interface WorkerLimits {
  readonly maxOldGenerationSizeMb?: number;
  readonly maxYoungGenerationSizeMb?: number;
}

/**
 * At most one worker started ahead of need, so that a load does not wait for a thread to boot
 * (≈ 40 ms). It costs one idle worker's memory; it does not keep the process alive (unref).
 */
export class SpareWorker {
  private spare: Worker | null = null;
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly limits: WorkerLimits,
  ) {}

  /** Start one now if none is waiting. */
  fill(): void {
    if (this.spare !== null || this.closed) return;
    const w = new Worker(this.script, { workerData: { spare: true }, resourceLimits: this.limits, stdout: false, stderr: false });
    w.unref();
    // A spare that dies idle is simply forgotten.
    const forget = (): void => {
      if (this.spare === w) this.spare = null;
    };
    w.once('exit', forget);
    w.once('error', forget);
    this.spare = w;
  }

  take(): Worker | null {
    const w = this.spare;
    this.spare = null;
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
    this.spare = null;
    return w === null ? Promise.resolve() : w.terminate().then(() => undefined);
  }
}

export function workerTransport(script: string, limits: WorkerLimits, spare: SpareWorker | null = null): TransportFactory {
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
    w.on('message', (batch: FromWorker[]) => {
      if (!booted) {
        booted = true;
        // The next spare boots only now, so it does not compete with this one for the CPU.
        spare?.fill();
      }
      sink.receive(batch);
    });
    w.on('error', (e: Error & { code?: string }) => {
      failure = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `source worker ran out of memory (${e.message})` : `source worker failed: ${e.message}`;
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
