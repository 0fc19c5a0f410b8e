/**
 * The TCP gate of the admin port and of the convention port (the area names the log prefix and
 * the codes). For the admin port it sits in front of HTTP and WebSocket: caps on connections in total and on
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
  /** Which port: the log prefix and the codes below. Default: the admin port. */
  readonly area?: GateArea;
}

/** What differs between the ports the gate stands in front of. */
export interface GateArea {
  /** Log prefix, e.g. "admin". */
  readonly name: string;
  /** Bytes that may arrive after the upgrade and before the peer is authenticated. */
  readonly preHelloMaxBytes: number;
  /** What the peer must send before the deadline, for the log ("hello", "proof of the convention secret"). */
  readonly awaited: string;
  readonly tooLargeCode: string;
  readonly tooManyCode: string;
  /** Refusals at connect are answered with an HTTP 503 naming the code (false: closed, e.g. under TLS). */
  readonly http503: boolean;
}

const ADMIN_AREA: GateArea = {
  name: 'admin',
  preHelloMaxBytes: PRE_HELLO_MAX_BYTES,
  awaited: 'hello',
  tooLargeCode: 'ADMIN_PRE_HELLO_TOO_LARGE',
  tooManyCode: 'ADMIN_TOO_MANY_CONNECTIONS',
  http503: true,
};

interface Tracked {
  authenticated: boolean;
  timer: NodeJS.Timeout | null;
  /** Bytes seen after the upgrade and before the hello was accepted. */
  bytes: number;
  /** Called at the hello deadline instead of a plain destroy (sends the refusal frame). */
  onDeadline: (() => void) | null;
  /** The byte counter on the socket until the hello is accepted; removed then (it ran on every read of every ask). */
  onData: ((chunk: Buffer) => void) | null;
  /** The socket `onData` listens on (the TLS socket over the TCP one, or the TCP one). */
  stream: net.Socket;
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
    private readonly prefix = 'admin',
  ) {}

  warn(text: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0)
        this.log(
          'warning',
          `${this.prefix}: ${this.suppressed} more refused connection(s) in the last ${this.windowMs / 1000} s were not logged one by one`,
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

  private readonly area: GateArea;

  constructor(private readonly options: GateOptions) {
    this.area = options.area ?? ADMIN_AREA;
    this.refusals = new RateLimitedLog(options.log, undefined, undefined, undefined, this.area.name);
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
      why = `${this.options.maxUnauthenticated} connections are waiting for their ${this.area.awaited}`;
    if (why !== null) {
      this.refuseAtConnect(sock, peer, why);
      return false;
    }
    const entry: Tracked = {
      authenticated: false,
      timer: null,
      bytes: 0,
      onDeadline: null,
      onData: null,
      stream: sock,
    };
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.refusals.warn(
        `${this.area.name}: refused ${peer}: no ${this.area.awaited} within ${this.options.helloTimeoutMs} ms`,
      );
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
   * drop the socket when it exceeds the area's pre-hello cap (a big frame is never buffered whole).
   * `onDeadline` sends the hello-timeout refusal. `stream` is where the bytes are read when that is
   * not the accepted TCP socket itself (the TLS socket on top of it: plaintext frames are counted).
   */
  upgraded(sock: net.Socket, head: Buffer, peer: string, onDeadline: () => void, stream: net.Socket = sock): void {
    const entry = this.sockets.get(sock);
    if (entry === undefined) return;
    entry.onDeadline = onDeadline;
    const onData = (chunk: Buffer): void => {
      if (entry.authenticated) return;
      entry.bytes += chunk.length;
      const cap = this.area.preHelloMaxBytes;
      if (entry.bytes > cap) {
        stream.off('data', onData);
        this.refusals.warn(
          `${this.area.name}: refused ${peer}: ${entry.bytes} bytes before a ${this.area.awaited} (at most ${cap}) [${this.area.tooLargeCode}]`,
        );
        stream.destroy();
        sock.destroy();
      }
    };
    onData(head);
    if (!sock.destroyed) {
      entry.onData = onData;
      entry.stream = stream;
      stream.on('data', onData);
    }
  }

  /** The hello was accepted: no deadline, no byte cap from now on. */
  authenticated(sock: net.Socket): void {
    const entry = this.sockets.get(sock);
    if (entry === undefined || entry.authenticated) return;
    entry.authenticated = true;
    this.unauthenticated--;
    if (entry.onData !== null) entry.stream.off('data', entry.onData);
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
    const code = this.area.tooManyCode;
    this.refusals.warn(`${this.area.name}: refused ${peer}: ${why} [${code}]`);
    sock.on('error', () => undefined);
    if (!this.area.http503) {
      sock.destroy();
      return;
    }
    const body = `${code}: the daemon refuses new connections now (${why}); try again later\n`;
    sock.end(
      `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nX-Thespian-Refused: ${code}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    setTimeout(() => sock.destroy(), 1000).unref();
  }
}
