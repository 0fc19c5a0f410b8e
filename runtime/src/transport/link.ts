/**
 * One WebSocket link speaking the frame rules of runtime/src/protocol/admin-protocol.ts: requests
 * with ids and deadlines, responses, events, a ping/pong heartbeat, bounded frames. Used by the
 * admin client, the daemon's admin server, and later daemon↔daemon convention links.
 *
 * One pending map per link, emptied in one place ({@link Link.finish}) however the link ends.
 *
 * Over 400 lines on purpose: requests, answers, batches, deadlines and the heartbeat all read and
 * end the same pending map; apart, each would need the others' invariants restated.
 */
import { Socket } from 'node:net';
import type WebSocket from 'ws';
import {
  CloseCode,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
  decodeFrame,
  type RequestFrame,
} from '../protocol/admin-protocol';
import type { WireError } from '../protocol/errors';
import { isPlainObject } from '../protocol/plain-object';
import { Deadline, deadlines } from './deadlines';
import { rawText } from './raw-text';
import { RemoteError, TransportError, toWireError } from './transport-error';
import { messageOf } from '../protocol/caught';

export interface RequestContext {
  /** The request's id: a handler that returns {@link ANSWERED_LATER} answers it through `link.answer`. */
  readonly id: number;
  /** The deadline the sender gave; the handler bounds its own waiting by it. */
  readonly timeoutMs: number;
  readonly link: Link;
}

/**
 * What a request handler returns when it will answer through `ctx.link.answer(ctx.id, …)` or
 * `answerError` itself: the daemon's ask hands the link to the ask, which answers it straight
 * from the reply, without a promise and its two callbacks per request.
 */
export const ANSWERED_LATER: unique symbol = Symbol('answered later');

export interface LinkOptions {
  /** Names the peer in error messages: `the daemon at 127.0.0.1:1900`, `client 3`. */
  readonly peer: string;
  /** Largest frame this side sends (checked before sending); the socket itself enforces receipt. */
  readonly maxPayload: number;
  /** Ping period; 0 turns the heartbeat off. A peer silent for two periods is terminated. */
  readonly heartbeatMs?: number;
  readonly defaultTimeoutMs?: number;
  /** Answers the peer's requests. Throw a DirectorError to answer with its code. */
  readonly onRequest?: (method: string, params: unknown, ctx: RequestContext) => unknown;
  readonly onEvent?: (event: string, params: unknown) => void;
  /** Called once, after every pending request has been failed with `error`. */
  readonly onClose?: (error: TransportError) => void;
  /** Called on each heartbeat answer (for /metrics). */
  readonly onPong?: () => void;
  /** Called when the peer refused a frame of ours that it could not tie to a request (an error response with id 0). */
  readonly onRefused?: (error: WireError) => void;
  /** Unsent bytes a frame may find queued before the peer counts as stuck; default 64 MiB. */
  readonly maxBufferedBytes?: number;
  /**
   * Send batch frames (see {@link Link.allowBatches}) to a peer as soon as it has sent one: a
   * peer that batches reads batches. The daemon's admin links set it; their clients allow batches
   * when the hello result says the daemon reads them.
   */
  readonly batchOnceSeen?: boolean;
  /**
   * Asked for each batch before any frame of it is handled: false drops the batch whole (the owner
   * answered or closed the link). A convention leader refuses batches until the peer proved the
   * secret: unchecked, one batch made it refuse and log once per frame in it.
   */
  readonly acceptBatch?: () => boolean;
}

const DEFAULT_MAX_BUFFERED = 64 * 1024 * 1024;
/** Frames per batch at most: small enough that the peer starts on the first batch while the next ones are on the wire. */
export const BATCH_FRAMES = 256;

/** `[t_from,…,t_to-1]`: frames already encoded, joined without encoding them again. */
function batchText(texts: readonly string[], from: number, to: number): string {
  return `[${(from === 0 && to === texts.length ? texts : texts.slice(from, to)).join(',')}]`;
}

/**
 * The TCP socket under a `ws` socket (undefined before it connects or once it is gone). ws keeps
 * it in `_socket`, which its typings do not declare: the value is read as unknown and checked.
 */
function tcpOf(ws: WebSocket): Socket | undefined {
  const socket: unknown = Reflect.get(ws, '_socket');
  return socket instanceof Socket ? socket : undefined;
}

/** A request of ours waiting for its response; it is its own deadline (no closure, no second object). */
class Pending extends Deadline {
  constructor(
    readonly link: Link,
    readonly id: number,
    readonly method: string,
    readonly waitMs: number,
    public resolve: ((value: unknown) => void) | null,
    public reject: ((error: Error) => void) | null,
  ) {
    super();
  }

  override fire(): void {
    this.link.timedOut(this);
  }

  override release(): void {
    this.resolve = null;
    this.reject = null;
  }
}

export class Link {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private alive = true;
  private heardAt = Date.now();
  private heartbeat: NodeJS.Timeout | undefined;
  private closeError: TransportError | undefined;
  private readonly closedPromise: Promise<TransportError>;
  private resolveClosed!: (e: TransportError) => void;
  /** What this side asked the peer to close with, so the close reason names it. */
  private localClose: TransportError | undefined;
  /** A frame went out in this burst (until the microtasks queued now have run); `corked`: later ones are held. */
  private burst = false;
  private corked: Socket | undefined;
  /** The peer reads batch frames: frames after the first of a burst are held and sent as batches. */
  private batches = false;
  private held: string[] = [];

  constructor(
    readonly socket: WebSocket,
    private readonly options: LinkOptions,
  ) {
    this.closedPromise = new Promise((r) => (this.resolveClosed = r));
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
      this.options.onPong?.();
      this.heardAt = Date.now();
    });
    socket.on('close', (code, reason) => this.finish(this.errorForClose(code, reason.toString())));
    // 'close' always follows 'error'; keep the error's text for the close reason.
    socket.on('error', (e: Error & { code?: string }) => {
      if (this.localClose === undefined && e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.localClose = new TransportError(
          'TRANSPORT_BAD_FRAME',
          `${options.peer} sent a frame larger than ${options.maxPayload} bytes; link closed`,
        );
      }
    });
    const hb = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (hb > 0) {
      this.heartbeat = setInterval(() => this.beat(), hb);
      this.heartbeat.unref();
    }
  }

  get isClosed(): boolean {
    return this.closeError !== undefined;
  }

  /** Resolves with the reason once the link has ended (never rejects). */
  get closed(): Promise<TransportError> {
    return this.closedPromise;
  }

  /** Number of requests of ours still waiting for a response. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Send a request; resolves with the result, rejects with the peer's coded error or a
   * TransportError. The peer is given `timeoutMs`; this side waits `graceMs` longer, so that the
   * peer's own timeout answer (e.g. ASK_TIMEOUT) arrives before the local TRANSPORT_TIMEOUT.
   */
  request<R = unknown>(
    method: string,
    params: unknown,
    timeoutMs: number = this.options.defaultTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    graceMs = 0,
  ): Promise<R> {
    if (this.closeError !== undefined) return Promise.reject(this.closeError);
    const t = Math.max(1, Math.min(MAX_TIMEOUT_MS, Math.ceil(timeoutMs)));
    const id = this.nextId++;
    const frame: RequestFrame =
      params === undefined ? { id, method, timeoutMs: t } : { id, method, params, timeoutMs: t };
    let text: string;
    try {
      text = this.encode(frame, `request ${method}`);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return new Promise<R>((resolve, reject) => {
      this.pending.set(
        id,
        deadlines.schedule(
          t + graceMs,
          new Pending(this, id, method, t + graceMs, resolve as (value: unknown) => void, reject),
        ),
      );
      this.put(text);
    });
  }

  /** A request's deadline passed (called by its {@link Pending}). */
  timedOut(p: Pending): void {
    this.pending.delete(p.id);
    const reject = p.reject!;
    p.release();
    reject(
      new TransportError(
        'TRANSPORT_TIMEOUT',
        `${p.method}: no answer from ${this.options.peer} within ${p.waitMs} ms`,
        { data: { method: p.method, timeoutMs: p.waitMs } },
      ),
    );
  }

  /** Answer the peer's request `id` (for handlers that returned {@link ANSWERED_LATER}). */
  answer(id: number, result: unknown): void {
    this.sendResult(id, result);
  }

  /** Answer the peer's request `id` with an error (a DirectorError's code, or a generic one). */
  answerError(id: number, error: unknown): void {
    this.sendError(id, toWireError(error));
  }

  /**
   * Push an event frame (no reply). Dropped silently when the link is closed; the peer is dropped
   * when it stopped reading (see {@link Link.stuck}).
   */
  notify(event: string, params: unknown): void {
    if (this.closeError !== undefined || this.stuck()) return;
    this.put(this.encode(params === undefined ? { event } : { event, params }, `event ${event}`));
  }

  /**
   * The peer reads batch frames: a JSON array of frames in one WebSocket message, each frame
   * checked on its own as if it had come alone. From now on the frames of a burst after its first
   * one (which leaves at once) go as batches of at most {@link BATCH_FRAMES}: one WebSocket
   * message, one parse and one write for many frames.
   */
  allowBatches(): void {
    this.batches = true;
  }

  /** Close the link; every pending request fails with TRANSPORT_CLOSED (or `error` when given). */
  close(code: number = CloseCode.Normal, reason = 'closed', error?: TransportError): void {
    if (this.closeError !== undefined) return;
    this.sendHeld();
    this.localClose ??=
      error ?? new TransportError('TRANSPORT_CLOSED', `link to ${this.options.peer} closed: ${reason}`);
    this.socket.close(code, reason);
    // Do not wait for the closing handshake to fail our own pending requests.
    this.finish(this.localClose);
  }

  /** Drop the connection at once (no closing handshake). */
  terminate(error: TransportError): void {
    this.localClose ??= error;
    this.socket.terminate();
    this.finish(error);
  }

  private encode(frame: object, what: string): string {
    const text = JSON.stringify(frame);
    const max = this.options.maxPayload;
    // Every UTF-16 unit is 1..3 UTF-8 bytes: measure only when the bound is not clear.
    if (text.length > max || (text.length * 3 > max && Buffer.byteLength(text) > max)) {
      throw new TransportError(
        'TRANSPORT_FRAME_TOO_LARGE',
        `${what} is ${Buffer.byteLength(text)} bytes, more than the largest frame ${this.options.peer} accepts (${max} bytes); send less per request`,
        { data: { maxPayload: max } },
      );
    }
    return text;
  }

  /**
   * Send one frame. The first frame of a burst goes out at once (no added latency); when more
   * follow before the current task's microtasks have run (pipelined requests sent in one loop,
   * the answers of one run of the actor loop, a burst of events), the TCP socket is corked and
   * they leave together in one write: one system call and one wake-up of the peer for many
   * frames. Each frame is still its own WebSocket message, checked on its own by the peer.
   */
  private put(text: string): void {
    if (this.burst) {
      if (this.batches) {
        this.held.push(text);
        if (this.held.length >= BATCH_FRAMES) this.sendHeld();
        return;
      }
      if (this.corked === undefined) {
        this.corked = tcpOf(this.socket);
        this.corked?.cork();
      }
    } else {
      this.burst = true;
      queueMicrotask(this.endBurst);
    }
    this.socket.send(text);
  }

  private readonly endBurst = (): void => {
    this.burst = false;
    this.sendHeld();
    const corked = this.corked;
    this.corked = undefined;
    corked?.uncork();
  };

  /** The held frames as one message: alone when one, else a batch (each within the size limit already; split so that the batch is too). */
  private sendHeld(): void {
    const held = this.held;
    if (held.length === 0) return;
    this.held = [];
    if (held.length === 1) {
      this.socket.send(held[0]);
      return;
    }
    const max = this.options.maxPayload;
    let from = 0;
    let chars = 2;
    for (let i = 0; i < held.length; i++) {
      // Chars × 3 bounds the UTF-8 bytes: a batch never exceeds the peer's largest frame.
      if (i > from && (chars + held[i].length + 1) * 3 > max) {
        this.socket.send(batchText(held, from, i));
        from = i;
        chars = 2;
      }
      chars += held[i].length + 1;
    }
    this.socket.send(batchText(held, from, held.length));
  }

  private beat(): void {
    if (!this.alive) {
      this.terminate(
        new TransportError(
          'TRANSPORT_HEARTBEAT_LOST',
          `${this.options.peer} did not answer heartbeats for ${2 * (this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)} ms; link dropped`,
        ),
      );
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  /** When the peer last answered a heartbeat or sent a frame (ms since the epoch). */
  get lastHeardAt(): number {
    return this.heardAt;
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.alive = true;
    this.heardAt = Date.now();
    if (isBinary) {
      this.sendError(0, {
        code: 'ADMIN_BAD_FRAME',
        message: 'binary frames are not part of this protocol; send JSON text frames',
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(rawText(data));
    } catch (e) {
      this.sendError(0, { code: 'ADMIN_BAD_FRAME', message: `a frame is not valid JSON: ${messageOf(e)}` });
      return;
    }
    if (Array.isArray(value)) {
      // A batch is a non-empty array of objects, else it is refused whole (one error, nothing of it handled).
      if (value.length === 0 || !value.every(isPlainObject)) {
        this.sendError(0, {
          code: 'ADMIN_BAD_FRAME',
          message: 'a frame must be a JSON object, and a batch a non-empty array of frame objects',
        });
        return;
      }
      if (this.options.acceptBatch !== undefined && !this.options.acceptBatch()) return;
      if (this.options.batchOnceSeen === true) this.batches = true;
      // Each frame of a batch is checked and handled as if it had come alone.
      for (const v of value) {
        // Dropped meanwhile (it stopped reading its answers): the rest of the batch is not handled.
        if (this.closeError !== undefined) return;
        this.onFrame(v);
      }
      return;
    }
    this.onFrame(value);
  }

  private onFrame(value: unknown): void {
    const d = decodeFrame(value);
    if (!d.ok) {
      this.sendError(d.id ?? 0, d.error);
      return;
    }
    if (d.kind === 'response') {
      const f = d.frame;
      const p = this.pending.get(f.id);
      if (p === undefined) {
        // Timed out already, or the answer to a frame of ours the peer could not read (id 0).
        if (f.id === 0 && 'error' in f) this.options.onRefused?.(f.error);
        return;
      }
      this.pending.delete(f.id);
      const { resolve, reject } = p;
      deadlines.cancel(p);
      if ('error' in f) reject!(RemoteError.fromWire(f.error));
      else resolve!(f.result);
      return;
    }
    if (d.kind === 'event') {
      this.options.onEvent?.(d.frame.event, d.frame.params);
      return;
    }
    this.handleRequest(d.frame);
  }

  private handleRequest(f: RequestFrame): void {
    const handler = this.options.onRequest;
    if (handler === undefined) {
      this.sendError(f.id, {
        code: 'ADMIN_UNKNOWN_METHOD',
        message: `${this.options.peer} cannot be asked anything on this link (method ${f.method})`,
      });
      return;
    }
    let out: unknown;
    try {
      out = handler(f.method, f.params, { id: f.id, timeoutMs: f.timeoutMs, link: this });
    } catch (e) {
      this.sendError(f.id, toWireError(e));
      return;
    }
    if (out === ANSWERED_LATER) return;
    if (out instanceof Promise) {
      out.then(
        (result: unknown) => this.sendResult(f.id, result),
        (e: unknown) => this.sendError(f.id, toWireError(e)),
      );
    } else {
      this.sendResult(f.id, out);
    }
  }

  /**
   * True (and the link dropped) when the peer let more than `maxBufferedBytes` of unsent frames pile
   * up: it stopped reading. Checked before each event and each answer, so that one stuck peer
   * cannot grow this side's memory without bound (a client that batched requests and never read
   * the answers left hundreds of MiB of them queued in the daemon). Not before our own requests:
   * their caller waits for each, and a big one (a package) may still be on its way.
   */
  private stuck(): boolean {
    const limit = this.options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
    if (this.socket.bufferedAmount <= limit) return false;
    this.terminate(
      new TransportError(
        'TRANSPORT_CLOSED',
        `${this.options.peer} stopped reading: over ${limit} bytes of frames are waiting for it; link dropped`,
      ),
    );
    return true;
  }

  private sendResult(id: number, result: unknown): void {
    if (this.closeError !== undefined || this.stuck()) return;
    let text: string;
    try {
      text = this.encode({ id, result: result === undefined ? null : result }, 'a response');
    } catch (e) {
      this.sendError(id, toWireError(e));
      return;
    }
    this.put(text);
  }

  private sendError(id: number, error: WireError): void {
    if (this.closeError !== undefined || this.stuck()) return;
    this.put(JSON.stringify({ id, error }));
  }

  private errorForClose(code: number, reason: string): TransportError {
    if (this.localClose !== undefined) return this.localClose;
    const why = reason === '' ? '' : `: ${reason}`;
    switch (code) {
      case CloseCode.TooLarge:
        return new TransportError(
          'TRANSPORT_PEER_REFUSED_SIZE',
          `${this.options.peer} closed the link because a frame was larger than it accepts${why}`,
        );
      case CloseCode.Unauthorized:
      case CloseCode.BadVersion:
        return new TransportError('TRANSPORT_UNAUTHORIZED', `${this.options.peer} refused this client${why}`);
      case CloseCode.ShuttingDown:
        return new TransportError('TRANSPORT_CLOSED', `${this.options.peer} is shutting down${why}`);
      default:
        return new TransportError('TRANSPORT_CLOSED', `link to ${this.options.peer} closed (code ${code})${why}`, {
          data: { closeCode: code },
        });
    }
  }

  /** The one place that ends the link: fails every pending request, stops the heartbeat, tells the owner. */
  private finish(error: TransportError): void {
    if (this.closeError !== undefined) return;
    this.closeError = error;
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      const reject = p.reject!;
      deadlines.cancel(p);
      reject(new TransportError(error.code, `${p.method}: ${error.message}`, { data: error.data }));
    }
    this.resolveClosed(error);
    this.options.onClose?.(error);
  }
}
