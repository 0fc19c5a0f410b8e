/**
 * The admin port's TCP gate, in front of HTTP and WebSocket: caps on connections in total and on
 * connections not yet past their hello (each refused at once with an HTTP 503 naming the code, so
 * a client can tell "a daemon runs but refuses" from "no daemon"), one hello deadline from the
 * TCP accept on (raw idle sockets and half-sent HTTP upgrades are closed too), a byte cap on what
 * may arrive before the hello, and refusal logging at a bounded rate. Every socket is tracked
 * here until it closes, so nothing an attacker opens outlives its deadline.
 */
import type net from 'node:net';

export const DEFAULT_MAX_CONNECTIONS = 512;
export const DEFAULT_MAX_UNAUTHENTICATED = 64;
/** A hello is a few hundred bytes; nothing bigger may arrive before it is accepted. */
export const PRE_HELLO_MAX_BYTES = 8 * 1024;

export interface GateOptions {
  readonly maxConnections: number;
  readonly maxUnauthenticated: number;
  readonly helloTimeoutMs: number;
  readonly log: (level: 'info' | 'warning', text: string) => void;
}

interface Tracked {
  authenticated: boolean;
  timer: NodeJS.Timeout | null;
  /** Bytes seen after the upgrade and before the hello was accepted. */
  bytes: number;
  /** Called at the hello deadline instead of a plain destroy (sends the refusal frame). */
  onDeadline: (() => void) | null;
  /** The byte counter on the socket until the hello is accepted; removed then (it ran on every read of every ask). */
  onData: ((chunk: Buffer) => void) | null;
}

/** At most `perWindow` lines per `windowMs`; the rest are counted and summed up in the next line. */
export class RateLimitedLog {
  private windowStart = 0;
  private logged = 0;
  private suppressed = 0;

  constructor(
    private readonly log: (level: 'info' | 'warning', text: string) => void,
    private readonly perWindow = 5,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(text: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0)
        this.log(
          'warning',
          `admin: ${this.suppressed} more refused connection(s) in the last ${this.windowMs / 1000} s were not logged one by one`,
        );
      this.windowStart = t;
      this.logged = 0;
      this.suppressed = 0;
    }
    if (this.logged < this.perWindow) {
      this.logged++;
      this.log('warning', text);
    } else {
      this.suppressed++;
    }
  }
}

export class ConnectionGate {
  private readonly sockets = new Map<net.Socket, Tracked>();
  private unauthenticated = 0;
  readonly refusals: RateLimitedLog;
  /** Connections refused since the start (tests, diagnostics). */
  refusedCount = 0;

  constructor(private readonly options: GateOptions) {
    this.refusals = new RateLimitedLog(options.log);
  }

  get size(): number {
    return this.sockets.size;
  }

  get unauthenticatedCount(): number {
    return this.unauthenticated;
  }

  /** A new TCP connection: true when it may go on to HTTP; false when it was refused here. */
  admit(sock: net.Socket): boolean {
    const peer = `${sock.remoteAddress ?? '?'}:${sock.remotePort ?? '?'}`;
    let why: string | null = null;
    if (this.sockets.size >= this.options.maxConnections) why = `${this.options.maxConnections} connections are open`;
    else if (this.unauthenticated >= this.options.maxUnauthenticated)
      why = `${this.options.maxUnauthenticated} connections are waiting for their hello`;
    if (why !== null) {
      this.refuseAtConnect(sock, peer, why);
      return false;
    }
    const entry: Tracked = { authenticated: false, timer: null, bytes: 0, onDeadline: null, onData: null };
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.refusals.warn(`admin: refused ${peer}: no hello within ${this.options.helloTimeoutMs} ms`);
      if (entry.onDeadline !== null) entry.onDeadline();
      // Whatever the peer does with the refusal, the socket goes within a second.
      setTimeout(() => sock.destroy(), 1000).unref();
      if (entry.onDeadline === null) sock.destroy();
    }, this.options.helloTimeoutMs);
    entry.timer.unref();
    this.sockets.set(sock, entry);
    this.unauthenticated++;
    sock.once('close', () => {
      if (entry.timer !== null) clearTimeout(entry.timer);
      if (!entry.authenticated) this.unauthenticated--;
      this.sockets.delete(sock);
    });
    return true;
  }

  /**
   * The socket was upgraded to a WebSocket: count what arrives until the hello is accepted, and
   * drop the socket when it exceeds PRE_HELLO_MAX_BYTES (a big frame is never buffered whole).
   * `onDeadline` sends the hello-timeout refusal.
   */
  upgraded(sock: net.Socket, head: Buffer, peer: string, onDeadline: () => void): void {
    const entry = this.sockets.get(sock);
    if (entry === undefined) return;
    entry.onDeadline = onDeadline;
    const onData = (chunk: Buffer): void => {
      if (entry.authenticated) return;
      entry.bytes += chunk.length;
      if (entry.bytes > PRE_HELLO_MAX_BYTES) {
        sock.off('data', onData);
        this.refusals.warn(
          `admin: refused ${peer}: ${entry.bytes} bytes before a hello (at most ${PRE_HELLO_MAX_BYTES}) [ADMIN_PRE_HELLO_TOO_LARGE]`,
        );
        sock.destroy();
      }
    };
    onData(head);
    if (!sock.destroyed) {
      entry.onData = onData;
      sock.on('data', onData);
    }
  }

  /** The hello was accepted: no deadline, no byte cap from now on. */
  authenticated(sock: net.Socket): void {
    const entry = this.sockets.get(sock);
    if (entry === undefined || entry.authenticated) return;
    entry.authenticated = true;
    this.unauthenticated--;
    if (entry.onData !== null) sock.off('data', entry.onData);
    entry.onData = null;
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
  }

  /** Close every tracked socket (the daemon stops). */
  destroyAll(): void {
    for (const s of this.sockets.keys()) s.destroy();
  }

  private refuseAtConnect(sock: net.Socket, peer: string, why: string): void {
    this.refusedCount++;
    this.refusals.warn(`admin: refused ${peer}: ${why} [ADMIN_TOO_MANY_CONNECTIONS]`);
    const body = `ADMIN_TOO_MANY_CONNECTIONS: the daemon refuses new connections now (${why}); try again later\n`;
    sock.on('error', () => undefined);
    sock.end(
      `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nX-Thespian-Refused: ADMIN_TOO_MANY_CONNECTIONS\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    setTimeout(() => sock.destroy(), 1000).unref();
  }
}
