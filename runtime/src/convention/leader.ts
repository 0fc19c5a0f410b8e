/**
 * The leader's side: a WebSocket listener (wss with client certificates when the convention has
 * TLS files) that admits members through the challenge–response, keeps the member table, notices
 * lost members by heartbeat, and is the {@link Peers} of the leader's ConventionNode.
 * Over 400 lines: the admission (gate, hello, proof) and the member table are one state machine
 * per link; split, each half would need the other's private state.
 */
import { daemonStats } from '../metrics/daemon-stats';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import WebSocket, { WebSocketServer } from 'ws';
import { CloseCode } from '../protocol/admin-protocol';
import {
  CONVENTION_MAX_PAYLOAD,
  CONVENTION_PATH,
  CONVENTION_PROTOCOL_VERSION,
  CapabilitiesUpdate,
  HEARTBEAT_MS,
  HELLO_TIMEOUT_MS,
  Hello,
  MemberJoined,
  MemberLost,
  Prove,
  checkCapabilitiesUpdate,
  checkHello,
  checkProve,
  proofText,
  type Capabilities,
  type MemberInfo,
} from '../protocol/convention-protocol';
import { Link } from '../transport/link';
import { ConnectionGate, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_UNAUTHENTICATED } from '../daemon/connection-gate';
import { ConventionError } from './convention-error';
import type { ConventionNode, LogFn, Peer, Peers } from './convention-node';
import type { MemberLoad } from './policy';
import { newNonce, proofsEqual, type ConventionSecret } from './secret';
import type { ConventionTls } from './tls-files';

export interface LeaderOptions {
  readonly host: string;
  readonly port: number;
  readonly systemName: string;
  /** The leader's own capabilities, sent to each member that joins. */
  readonly capabilities?: () => Capabilities;
  readonly secret: ConventionSecret;
  readonly tls?: ConventionTls;
  readonly heartbeatMs?: number;
  readonly log: LogFn;
  readonly onJoined: (member: MemberInfo) => void;
  readonly onLost: (system: string, reason: string) => void;
  /** Gate caps (tests lower them); defaults as on the admin port. */
  readonly maxConnections?: number;
  readonly maxUnproved?: number;
  readonly proofTimeoutMs?: number;
}

/**
 * What may arrive on a link before the peer has proved the convention secret: the hello and the
 * prove frames take about 300 bytes together (measured on real joins: 296 to 316), the rest
 * is room for a large capabilities object. The 256 MiB frame limit applies only after the proof.
 */
export const PRE_PROOF_MAX_BYTES = 64 * 1024;

interface Member extends Peer {
  capabilities: Capabilities;
  remoteActors: number;
}

export class ConventionLeader implements Peers {
  readonly role = 'leader' as const;
  private readonly table = new Map<string, Member>();
  private readonly sockets = new Set<Link>();
  private node: ConventionNode | undefined;

  private constructor(
    private readonly tcp: net.Server,
    private readonly wss: WebSocketServer,
    private readonly gate: ConnectionGate,
    private readonly options: LeaderOptions,
  ) {
    wss.on('connection', (ws, req) => {
      // Under TLS the upgraded socket is the TLS socket; the gate tracks the TCP socket under it
      // (Node's internal `_parent`, not in its typings).
      const up = req.socket;
      const parent: unknown = Reflect.get(up, '_parent');
      const raw = parent instanceof net.Socket ? parent : up;
      this.admit(ws, raw, up, `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? '?'}`);
    });
  }

  static listen(options: LeaderOptions): Promise<ConventionLeader> {
    const server = options.tls
      ? https.createServer({
          ca: options.tls.ca,
          cert: options.tls.cert,
          key: options.tls.key,
          requestCert: true,
          rejectUnauthorized: true,
        })
      : http.createServer();
    server.on('request', (_req, res) => {
      res
        .writeHead(426, { 'content-type': 'text/plain' })
        .end('this is a thespian-director convention port; members connect with a WebSocket\n');
    });
    if (options.tls) {
      // The TLS socket may have lost its address by the time the handshake failed; the raw socket
      // under it (Node's internal `_parent`) still has it, so the log can name the peer.
      const addrOf = new WeakMap<object, string>();
      server.on('connection', (raw: Socket) => addrOf.set(raw, `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? '?'}`));
      server.on('tlsClientError', (err: Error & { code?: string }, socket: TLSSocket) => {
        // `_parent` is not in Node's typings: read as unknown, used only when it is an object.
        const parent: unknown = Reflect.get(socket, '_parent');
        const peer =
          (typeof parent === 'object' && parent !== null ? addrOf.get(parent) : undefined) ??
          `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
        options.log(
          'warning',
          `convention: refused a TLS connection from ${peer}: ${err.code ?? 'TLS error'}: ${err.message.split('\n')[0]} (its certificate is not issued by this convention's CA, convca.crt, or it sent none)`,
        );
      });
    }
    const proofTimeoutMs = options.proofTimeoutMs ?? HELLO_TIMEOUT_MS;
    // The same gate as the admin port's, in front of HTTP(S): caps on connections, one proof
    // deadline from the TCP accept, a byte cap until the proof (docs/security.md). The HTTP(S)
    // server never listens itself, so its own header timeouts do not run: the gate's deadline
    // covers a half-sent upgrade as well as a silent socket.
    const gate = new ConnectionGate({
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      maxUnauthenticated: options.maxUnproved ?? DEFAULT_MAX_UNAUTHENTICATED,
      helloTimeoutMs: proofTimeoutMs,
      log: options.log,
      area: {
        name: 'convention',
        preHelloMaxBytes: PRE_PROOF_MAX_BYTES,
        awaited: 'proof of the convention secret',
        tooLargeCode: 'CONVENTION_PRE_PROOF_TOO_LARGE',
        tooManyCode: 'CONVENTION_TOO_MANY_CONNECTIONS',
        // Under TLS a plaintext 503 would be noise to the peer: the socket is closed.
        http503: options.tls === undefined,
      },
    });
    const tcp = net.createServer((sock) => {
      sock.on('error', () => undefined);
      if (gate.admit(sock)) server.emit('connection', sock);
    });
    const wss = new WebSocketServer({
      server,
      path: CONVENTION_PATH,
      maxPayload: CONVENTION_MAX_PAYLOAD,
      perMessageDeflate: false,
      clientTracking: false,
    });
    wss.on('error', (e) => options.log('warning', `convention listener: ${e.message}`));
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        reject(
          new ConventionError(
            'CONVENTION_NO_LINK',
            `cannot listen for convention members on ${options.host}:${options.port}: ${e.code ?? e.message}; free that port (the admin port + 1)`,
            { cause: e },
          ),
        );
      };
      tcp.once('error', onError);
      tcp.listen(options.port, options.host, () => {
        tcp.off('error', onError);
        // EMFILE and friends: logged; the gate's caps keep the leader below them.
        tcp.on('error', (e) => options.log('warning', `convention listener: ${e.message}`));
        server.on('error', (e) => options.log('warning', `convention listener: ${e.message}`));
        resolve(new ConventionLeader(tcp, wss, gate, options));
      });
    });
  }

  attach(node: ConventionNode): void {
    this.node = node;
  }

  get port(): number {
    return (this.tcp.address() as AddressInfo).port;
  }

  /** Open connections and those not yet proved (tests, diagnostics). */
  get connections(): { readonly total: number; readonly unproved: number; readonly refused: number } {
    return { total: this.gate.size, unproved: this.gate.unauthenticatedCount, refused: this.gate.refusedCount };
  }

  /** The members with when each was last heard from (heartbeat or frame), for admin/status. */
  memberDetails(): (MemberInfo & { readonly lastHeartbeat: string })[] {
    return [...this.table.values()].map((m) => ({
      system: m.system,
      capabilities: m.capabilities,
      lastHeartbeat: new Date(m.link.lastHeardAt).toISOString(),
    }));
  }

  memberList(): MemberInfo[] {
    return [...this.table.values()].map((m) => ({ system: m.system, capabilities: m.capabilities }));
  }

  // ---- Peers ----

  routeTo(system: string): Peer | undefined {
    return this.table.get(system);
  }

  members(): readonly MemberLoad[] {
    return [...this.table.values()].map((m) => ({ system: m.system, remoteActors: m.remoteActors }));
  }

  placed(system: string): void {
    const m = this.table.get(system);
    if (m !== undefined) m.remoteActors++;
  }

  all(): readonly Peer[] {
    return [...this.table.values()];
  }

  /** The leader's own capabilities changed: members hear it as a registration change of the leader. */
  announceOwnCapabilities(capabilities: Capabilities): void {
    for (const m of this.table.values())
      m.link.notify(MemberJoined.event, {
        system: this.options.systemName,
        capabilities,
      } satisfies MemberJoined.Params);
  }

  async close(): Promise<void> {
    for (const l of [...this.sockets]) l.close(CloseCode.ShuttingDown, 'the convention leader is shutting down');
    await new Promise<void>((r) => this.wss.close(() => r()));
    const closed = new Promise<void>((r) => this.tcp.close(() => r()));
    // Plain HTTP visitors (keep-alive) and sockets still before their proof would hold close()
    // open; the gate tracks every accepted socket until it closes.
    this.gate.destroyAll();
    await closed;
  }

  // ---- the gate ----

  private admit(ws: WebSocket, raw: Socket, up: Socket, peerAddr: string): void {
    ws.on('error', () => undefined);
    const o = this.options;
    let state: 'hello' | 'prove' | 'member' | 'refused' = 'hello';
    let hello: Hello.Params | undefined;
    let leaderNonce = '';
    let member: Member | undefined;
    const who = (): string =>
      hello === undefined ? `a would-be member at ${peerAddr}` : `member ${hello.systemName} at ${peerAddr}`;

    const refuse = (
      code: 'CONVENTION_BAD_HELLO' | 'CONVENTION_BAD_SECRET' | 'CONVENTION_DUPLICATE_NAME',
      text: string,
    ): Promise<never> => {
      // Refused once: frames the peer had already sent (pipelined) get no second log line.
      if (state === 'refused')
        return Promise.reject(new ConventionError(code, `the convention leader ${o.systemName} refused this member`));
      state = 'refused';
      o.log('warning', `convention: refused ${who()}: ${text}`);
      // After the error response is written (a microtask), close with 4001.
      setImmediate(() => link.close(CloseCode.Unauthorized, code));
      return Promise.reject(
        new ConventionError(code, `the convention leader ${o.systemName} refused this member: ${text}`),
      );
    };

    const link: Link = new Link(ws, {
      peer: `convention member at ${peerAddr}`,
      maxPayload: CONVENTION_MAX_PAYLOAD,
      heartbeatMs: o.heartbeatMs ?? HEARTBEAT_MS,
      onPong: () => void daemonStats.conventionHeartbeats++,
      onRefused: (e) =>
        o.log('warning', `convention: ${who()} refused a frame from this leader: ${e.code}: ${e.message}`),
      // The hello and the proof are never in a batch (docs/admin-protocol.md, rule 7).
      acceptBatch: () => {
        if (state === 'member') return true;
        refuse('CONVENTION_BAD_HELLO', 'it sent a batch of frames before proving the convention secret').catch(
          (e: unknown) => link.answerError(0, e),
        );
        return false;
      },
      onRequest: (method, params) => {
        if (state === 'refused')
          return Promise.reject(new ConventionError('CONVENTION_BAD_HELLO', 'this link was refused; it closes'));
        if (state === 'member' && member !== undefined) {
          const out = this.node?.onRequest(member, method, params);
          if (out !== undefined) return out;
          throw new ConventionError('CONVENTION_BAD_REQUEST', `unknown convention method "${method}"`);
        }
        if (state === 'hello') {
          if (method !== Hello.method)
            return refuse(
              'CONVENTION_BAD_HELLO',
              `its first request was ${JSON.stringify(method)}, not ${Hello.method}`,
            );
          const c = checkHello(params);
          if (!c.ok) return refuse('CONVENTION_BAD_HELLO', `malformed hello: ${c.message}`);
          hello = c.value;
          if (hello.protocolVersion !== CONVENTION_PROTOCOL_VERSION) {
            return refuse(
              'CONVENTION_BAD_HELLO',
              `it speaks convention protocol ${hello.protocolVersion}, this leader ${CONVENTION_PROTOCOL_VERSION}; run the same version of thespian-director on every host`,
            );
          }
          if (hello.systemName === o.systemName || this.table.has(hello.systemName)) {
            return refuse(
              'CONVENTION_DUPLICATE_NAME',
              `the system name ${hello.systemName} is already in the convention; give each host its own name in systemname.cfg (or its own admin address in adminhost.cfg / adminport.cfg)`,
            );
          }
          state = 'prove';
          leaderNonce = newNonce();
          const proof = o.secret.prove(proofText('leader', hello.nonce, leaderNonce, hello.systemName, o.systemName));
          return {
            protocolVersion: CONVENTION_PROTOCOL_VERSION,
            leaderName: o.systemName,
            nonce: leaderNonce,
            proof,
          } satisfies Hello.Result;
        }
        if (method !== Prove.method || hello === undefined)
          return refuse(
            'CONVENTION_BAD_HELLO',
            `expected ${Prove.method} after the hello, got ${JSON.stringify(method)}`,
          );
        const c = checkProve(params);
        if (!c.ok) return refuse('CONVENTION_BAD_HELLO', c.message);
        const expected = o.secret.prove(proofText('member', hello.nonce, leaderNonce, hello.systemName, o.systemName));
        if (!proofsEqual(c.value.proof, expected)) {
          return refuse(
            'CONVENTION_BAD_SECRET',
            `wrong convention secret (its proof does not match); copy convention.secret from the leader to ${hello.systemName}`,
          );
        }
        if (this.table.has(hello.systemName))
          return refuse(
            'CONVENTION_DUPLICATE_NAME',
            `the system name ${hello.systemName} joined meanwhile on another link`,
          );
        state = 'member';
        // Proved: no deadline, no pre-proof byte cap; the link's own limits apply from here.
        this.gate.authenticated(raw);
        member = { system: hello.systemName, link, isLeader: false, capabilities: hello.capabilities, remoteActors: 0 };
        const others = this.memberList();
        this.table.set(member.system, member);
        o.log(
          'info',
          `convention: member ${member.system} joined from ${peerAddr}${o.tls ? ' (TLS)' : ''} with capabilities ${JSON.stringify(member.capabilities)}`,
        );
        for (const p of others)
          this.table.get(p.system)?.link.notify(MemberJoined.event, {
            system: member.system,
            capabilities: member.capabilities,
          } satisfies MemberJoined.Params);
        o.onJoined({ system: member.system, capabilities: member.capabilities });
        return {
          members: others,
          ...(o.capabilities ? { leaderCapabilities: o.capabilities() } : {}),
        } satisfies Prove.Result;
      },
      onEvent: (event, params) => {
        if (state !== 'member' || member === undefined) return;
        if (event === CapabilitiesUpdate.event) {
          const c = checkCapabilitiesUpdate(params);
          if (!c.ok) return o.log('warning', `convention: ${member.system}: ${c.message}`);
          member.capabilities = c.value.capabilities;
          o.log(
            'info',
            `convention: member ${member.system} now has capabilities ${JSON.stringify(member.capabilities)}`,
          );
          for (const p of this.table.values()) {
            if (p !== member)
              p.link.notify(MemberJoined.event, {
                system: member.system,
                capabilities: member.capabilities,
              } satisfies MemberJoined.Params);
          }
          o.onJoined({ system: member.system, capabilities: member.capabilities });
          return;
        }
        if (this.node?.onEvent(member, event, params) !== true)
          o.log('debug', `convention: ${member.system} sent unknown event ${event}`);
      },
      onClose: (err) => {
        this.sockets.delete(link);
        if (member !== undefined && this.table.get(member.system) === member) {
          this.table.delete(member.system);
          o.log('warning', `convention: member ${member.system} lost: ${err.message}`);
          for (const p of this.table.values())
            p.link.notify(MemberLost.event, { system: member.system, reason: err.message } satisfies MemberLost.Params);
          daemonStats.conventionMembersLost++;
          o.onLost(member.system, err.message);
        } else if (state !== 'member' && hello !== undefined && err.code === 'TRANSPORT_UNAUTHORIZED') {
          // The member checks the leader's proof first; when it does not match it closes with this reason.
          const wrongSecret = err.message.includes('wrong convention secret');
          o.log(
            'warning',
            wrongSecret
              ? `convention: refused ${who()}: wrong convention secret (the member found this leader's proof wrong and broke off); copy convention.secret from the leader to ${hello.systemName}`
              : `convention: ${who()} broke off the handshake: ${err.message}`,
          );
        }
      },
    });
    this.sockets.add(link);
    // The gate counts bytes until the proof and, at its deadline (from the TCP accept), closes
    // with 4001; it logs the refusal itself, at a bounded rate.
    this.gate.upgraded(
      raw,
      Buffer.alloc(0),
      peerAddr,
      () => {
        if (state !== 'member') link.close(CloseCode.Unauthorized, 'CONVENTION_BAD_HELLO');
      },
      up,
    );
  }
}
