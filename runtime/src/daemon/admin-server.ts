/**
 * The admin port: a WebSocket server that lets a client in only after a hello carrying the admin
 * token, then answers its requests through the handler table and pushes events to subscribers.
 */
import { countAdminRefusal, daemonStats } from '../metrics/daemon-stats';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { ConnectionGate, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_UNAUTHENTICATED } from './connection-gate';
import {
  ADMIN_PROTOCOL_VERSION,
  AdminEventNotice,
  CloseCode,
  HELLO_TIMEOUT_MS,
  Hello,
  decodeFrame,
  eventSelected,
  type AdminEvent,
} from '../protocol/admin-protocol';
import type { WireError } from '../protocol/errors';
import { Link } from '../transport/link';
import { rawText } from '../transport/raw-text';
import { toWireError } from '../transport/transport-error';
import { helloParams } from './admin-params';
import type { AdminClient, AdminHandler } from './admin-handlers';
import { DaemonError } from './daemon-error';
import { tokensEqual } from './private-folder';
import { messageOf } from '../protocol/caught';

export interface AdminServerOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly maxPayload: number;
  readonly heartbeatMs: number;
  readonly handlers: ReadonlyMap<string, AdminHandler>;
  readonly hello: () => Omit<Hello.Result, 'protocolVersion'>;
  readonly stopping: () => boolean;
  readonly log: (level: 'info' | 'warning', text: string) => void;
  /** Connections open at once (default 512) and not yet past their hello (default 64); more are refused with HTTP 503. */
  readonly maxConnections?: number;
  readonly maxUnauthenticated?: number;
  /** From the TCP accept to an accepted hello; default HELLO_TIMEOUT_MS. */
  readonly helloTimeoutMs?: number;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export class AdminServer {
  private readonly clients = new Set<AdminClient>();
  private nextClient = 1;

  private constructor(
    private readonly tcp: net.Server,
    private readonly wss: WebSocketServer,
    private readonly gate: ConnectionGate,
    private readonly options: AdminServerOptions,
  ) {}

  /** Listen; rejects with DAEMON_PORT_IN_USE when the port is taken. */
  static listen(options: AdminServerOptions): Promise<AdminServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: options.maxPayload,
        perMessageDeflate: false,
        clientTracking: false,
      });
      const helloTimeoutMs = options.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
      const gate = new ConnectionGate({
        maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        maxUnauthenticated: options.maxUnauthenticated ?? DEFAULT_MAX_UNAUTHENTICATED,
        helloTimeoutMs,
        log: options.log,
      });
      // Plain HTTP is no part of the protocol: 426 and close.
      const web = http.createServer((_req, res) => {
        res.writeHead(426, { 'Content-Type': 'text/plain', Connection: 'close' });
        res.end('the admin port speaks WebSocket only\n');
      });
      web.headersTimeout = helloTimeoutMs;
      web.requestTimeout = helloTimeoutMs;
      // The gate sees every TCP connection first; HTTP only gets what it admits.
      const tcp = net.createServer((sock) => {
        sock.on('error', () => undefined);
        if (gate.admit(sock)) web.emit('connection', sock);
      });
      const server = new AdminServer(tcp, wss, gate, options);
      web.on('upgrade', (req: http.IncomingMessage, sock: net.Socket, head: Buffer) => {
        wss.handleUpgrade(req, sock, head, (ws) =>
          server.admit(ws, sock, head, `${sock.remoteAddress ?? '?'}:${sock.remotePort ?? '?'}`),
        );
      });
      const onError = (e: NodeJS.ErrnoException): void => {
        tcp.close();
        if (e.code === 'EADDRINUSE') {
          reject(
            new DaemonError(
              'DAEMON_PORT_IN_USE',
              `the admin port ${options.host}:${options.port} is already in use by another program; stop it, or write a free port to adminport.cfg`,
              { data: { host: options.host, port: options.port } },
            ),
          );
        } else {
          reject(
            new DaemonError('DAEMON_PORT_IN_USE', `cannot listen on ${options.host}:${options.port}: ${e.message}`, {
              cause: e,
            }),
          );
        }
      };
      tcp.once('error', onError);
      tcp.listen(options.port, options.host, () => {
        tcp.off('error', onError);
        // EMFILE and friends: logged; the gate's caps keep the daemon below them.
        tcp.on('error', (e) => options.log('warning', `admin server: ${e.message}`));
        resolve(server);
      });
    });
  }

  /** Open connections and those still waiting for their hello (tests, diagnostics). */
  get connections(): { readonly total: number; readonly unauthenticated: number; readonly refused: number } {
    return { total: this.gate.size, unauthenticated: this.gate.unauthenticatedCount, refused: this.gate.refusedCount };
  }

  get port(): number {
    return (this.tcp.address() as AddressInfo).port;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Push an event to every link subscribed to its kind. */
  publish(event: AdminEvent): void {
    for (const c of this.clients) {
      if (c.kinds !== null && eventSelected(event.kind, c.kinds)) c.link.notify(AdminEventNotice.event, event);
    }
  }

  /** Stop accepting, close every link (pending requests fail on both sides). */
  async close(reason = 'the daemon is shutting down'): Promise<void> {
    const closing = new Promise<void>((r) => this.tcp.close(() => r()));
    for (const c of [...this.clients]) c.link.close(CloseCode.ShuttingDown, reason);
    this.wss.close();
    // Sockets still before their hello (or never upgraded) would keep close() waiting.
    setTimeout(() => this.gate.destroyAll(), 1000).unref();
    await closing;
  }

  /** The hello gate: one frame, checked before anything else of this socket is read. */
  private admit(ws: WebSocket, sock: net.Socket, head: Buffer, peer: string): void {
    const local = isLoopback(sock.remoteAddress);
    ws.on('error', () => undefined); // 'close' follows and is what matters
    const refuse = (id: number, error: WireError, closeCode: number): void => {
      ws.off('message', first);
      ws.send(JSON.stringify({ id, error }));
      ws.close(closeCode, error.code);
      countAdminRefusal(error.code);
      this.gate.refusals.warn(`admin: refused ${peer}: ${error.message}`);
    };
    const helloTimeoutMs = this.options.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
    // The deadline runs from the TCP accept (the gate's timer); here it only sends the refusal.
    this.gate.upgraded(sock, head, peer, () =>
      refuse(
        0,
        { code: 'ADMIN_UNAUTHORIZED', message: `no hello within ${helloTimeoutMs} ms` },
        CloseCode.Unauthorized,
      ),
    );
    const first = (data: WebSocket.RawData, isBinary: boolean): void => {
      ws.off('message', first);
      const unauthorized = (id: number, message: string): void =>
        refuse(
          id,
          {
            code: 'ADMIN_UNAUTHORIZED',
            message: `${message}; the first frame must be an ${Hello.method} request carrying the admin token from the daemon's private folder`,
          },
          CloseCode.Unauthorized,
        );
      if (isBinary) return unauthorized(0, 'the first frame is binary');
      let value: unknown;
      try {
        value = JSON.parse(rawText(data));
      } catch {
        return unauthorized(0, 'the first frame is not JSON');
      }
      const d = decodeFrame(value);
      if (!d.ok || d.kind !== 'request' || d.frame.method !== Hello.method) {
        return unauthorized(d.ok && d.kind === 'request' ? d.frame.id : 0, 'the first frame is not a hello');
      }
      let hello: Hello.Params;
      try {
        hello = helloParams(Hello.method, d.frame.params);
      } catch (e) {
        return unauthorized(d.frame.id, messageOf(e));
      }
      if (!tokensEqual(hello.token, this.options.token)) return unauthorized(d.frame.id, 'wrong admin token');
      if (hello.protocolVersion !== ADMIN_PROTOCOL_VERSION) {
        return refuse(
          d.frame.id,
          {
            code: 'ADMIN_BAD_VERSION',
            message: `this daemon speaks admin protocol ${ADMIN_PROTOCOL_VERSION}, the client ${hello.protocolVersion}; use a director of the same version`,
          },
          CloseCode.BadVersion,
        );
      }
      if (this.options.stopping()) {
        return refuse(
          d.frame.id,
          { code: 'ADMIN_SHUTTING_DOWN', message: 'the daemon is shutting down; start it again with `director start`' },
          CloseCode.ShuttingDown,
        );
      }
      this.gate.authenticated(sock);
      this.open(ws, peer, hello.client ?? peer, d.frame.id, local);
    };
    ws.on('message', first);
  }

  private open(ws: WebSocket, peer: string, name: string, helloId: number, local: boolean): void {
    const id = this.nextClient++;
    daemonStats.adminConnections++;
    daemonStats.adminOpen++;
    const handlers = this.options.handlers;
    // The Link attaches its own message listener now, so frames pipelined after the hello are
    // read by it, in order.
    const client: AdminClient = {
      id,
      name: `${name} (#${id})`,
      kinds: null,
      endpoint: undefined,
      local,
      link: new Link(ws, {
        peer: `admin client ${name} (#${id}, ${peer})`,
        maxPayload: this.options.maxPayload,
        heartbeatMs: this.options.heartbeatMs,
        // A client that sends batches reads them: its answers go back batched too.
        batchOnceSeen: true,
        onRequest: (method, params, ctx) => {
          if (this.options.stopping())
            throw new DaemonError('ADMIN_SHUTTING_DOWN', 'the daemon is shutting down and takes no new requests');
          const h = handlers.get(method);
          if (h === undefined) {
            throw new DaemonError(
              'ADMIN_UNKNOWN_METHOD',
              `unknown method "${method}"; this daemon knows: ${[...handlers.keys()].join(', ')}`,
              { data: { method } },
            );
          }
          return h(client, params, ctx);
        },
        onClose: () => {
          this.clients.delete(client);
          daemonStats.adminOpen--;
          client.endpoint?.close();
        },
      }),
    };
    this.clients.add(client);
    try {
      const result: Hello.Result = {
        protocolVersion: ADMIN_PROTOCOL_VERSION,
        ...this.options.hello(),
        frameBatches: true,
      };
      ws.send(JSON.stringify({ id: helloId, result }));
    } catch (e) {
      ws.send(JSON.stringify({ id: helloId, error: toWireError(e) }));
    }
  }
}
