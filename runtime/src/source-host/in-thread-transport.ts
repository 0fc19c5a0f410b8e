/**
 * A source hosted in THIS thread (the simple system): the same host code as in a worker, its own
 * module cache, messages still checked as plain data at source boundaries, but no isolation: an
 * endless loop or process.exit in the source stops everything.
 */
import type { ToWorker } from '../protocol/worker-protocol';
import type { TransportFactory } from './link-transport';
import { WorkerRealmHost } from './worker-realm-host';

export function inThreadTransport(runtimeApi: unknown): TransportFactory {
  return (boot, sink) => {
    let host: WorkerRealmHost | null = new WorkerRealmHost(
      boot,
      runtimeApi,
      (batch) => queueMicrotask(() => sink.receive(batch)),
      {
        directPeers: false,
      },
    );
    const h0 = host;
    queueMicrotask(() => h0.ready());
    return {
      post: (batch: ToWorker[]) => {
        const h = host;
        if (h !== null) queueMicrotask(() => h.receive(batch));
      },
      terminate: (reason) => {
        const h = host;
        if (h === null) return;
        host = null;
        h.killAll(reason);
        // After the kills' own reports have been delivered.
        setImmediate(() => sink.ended(reason));
      },
    };
  };
}
