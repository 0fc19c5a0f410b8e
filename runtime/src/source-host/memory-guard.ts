/**
 * A source's memory budget, checked inside its worker. The worker's resourceLimits bound only its
 * JS heap; Buffers and ArrayBuffers live outside it (a source holding Buffers reached 3 GiB). The
 * isolate's own statistics count both: `used_heap_size + external_memory` (external memory holds
 * every Buffer and ArrayBuffer of this worker, not of the others). Checked every 100 ms and after
 * each batch of messages; over the budget, the worker ends with MEMORY_BUDGET_EXIT_CODE, which the
 * host reports as the reason its actors ended. Only this source loses its worker.
 *
 * A single synchronous burst (one handler allocating gigabytes without returning) is seen only
 * when it returns; docs/security.md says what a per-source process with OS limits would add.
 */
import { getHeapStatistics } from 'node:v8';

export const MEMORY_BUDGET_EXIT_CODE = 87;
const PERIOD_MS = 100;
/** Checks after message batches, at most this often. */
const MIN_GAP_MS = 20;

export interface MemoryGuard {
  /** Check now unless one ran within the last few ms (call after each batch). */
  afterBatch(): void;
}

export function startMemoryGuard(budgetMb: number, over: (usedMb: number) => void): MemoryGuard {
  const limit = budgetMb * 1024 * 1024;
  let last = 0;
  const check = (): void => {
    last = Date.now();
    const h = getHeapStatistics();
    const used = h.used_heap_size + h.external_memory;
    if (used > limit) over(Math.round(used / (1024 * 1024)));
  };
  setInterval(check, PERIOD_MS).unref();
  return {
    afterBatch: () => {
      if (Date.now() - last >= MIN_GAP_MS) check();
    },
  };
}
