/**
 * Entry of the worker thread that hosts ONE loaded source (bundled as dist/source-worker.js).
 * Its modules come from the verified bytes in memory (MemoryModuleLoader); its actors live in a
 * Realm with ids `w<index>.<n>`; everything else goes to the main thread in batches
 * (protocol/worker-protocol.ts). A spare worker (started ahead of need) gets its WorkerBoot as
 * its first message instead of as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, WorkerBoot } from '../protocol/worker-protocol';
import * as runtimeApi from '../actors/index';
import { WorkerRealmHost } from './worker-realm-host';
import { confineProcess } from './confine-process';
import { MEMORY_BUDGET_EXIT_CODE, startMemoryGuard } from './memory-guard';

// An invariant: this file is only ever started as a worker by the worker pool.
if (parentPort === null) throw new Error('source-worker.js runs only as a worker thread of the actor system');
const port = parentPort;

function start(boot: WorkerBoot): void {
  confineProcess(process, boot.sourceHash);
  const host = new WorkerRealmHost(boot, runtimeApi, (batch: FromWorker[]) => port.postMessage(batch));
  const budget = boot.memoryBudgetMb;
  const guard =
    budget === undefined
      ? null
      : startMemoryGuard(budget, (usedMb) => {
          const text = `source ${boot.sourceHash} holds ${usedMb} MiB (heap + Buffers/ArrayBuffers), over its memory budget of ${budget} MiB: its worker ends`;
          port.postMessage([['l', 'error', `source ${boot.sourceHash}`, text]] satisfies FromWorker[]);
          process.exit(MEMORY_BUDGET_EXIT_CODE);
        });
  port.on('message', (batch: unknown) => {
    host.receive(batch);
    guard?.afterBatch();
  });
  // Loaded code is not trusted to handle its own failures; a stray throw in a timer or an
  // unhandled rejection is logged and the source's other actors carry on (the original logs it too).
  process.on('uncaughtException', (e) => host.logUncaught('uncaught exception', e));
  process.on('unhandledRejection', (e) => host.logUncaught('unhandled promise rejection', e));
  host.ready();
}

if ((workerData as { spare?: boolean } | null)?.spare === true) {
  port.once('message', (m: { boot: WorkerBoot }) => start(m.boot));
} else {
  start(workerData as WorkerBoot);
}
