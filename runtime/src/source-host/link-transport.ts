/**
 * What a source worker's transport is to its WorkerLink (./worker-link): a real worker thread
 * (./worker-transport) or the same host code in this thread (./in-thread-transport). The link
 * hands the transport its batches; the transport hands back what came, undecoded.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ToWorker, WorkerBoot } from '../protocol/worker-protocol';

/** What a transport tells its link. */
export interface TransportSink {
  /** A batch as it came: decoded by the link (a source's code can post on the channel too). */
  receive(batch: unknown): void;
  /** The other side has ended (exit, crash, out of memory, terminate). Called once. */
  ended(reason: string): void;
}

export interface LinkTransport {
  post(batch: ToWorker[], transfer: MessagePort[]): void;
  /** Stop the other side now, even mid-loop; `ended` follows. */
  terminate(reason: string): void;
}

export type TransportFactory = (boot: WorkerBoot, sink: TransportSink) => LinkTransport;
