/**
 * The member's side: one outgoing WebSocket to the leader (wss with this host's certificate when
 * the convention has TLS files), the challenge–response, capability updates, and re-dialling
 * with back-off for as long as the daemon runs — a leader down at start, a leader restarted and a
 * cut link all end the same way: the member knocks again until it is back in.
 */
import { daemonStats } from '../metrics/daemon-stats';
import WebSocket from 'ws';
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
  RECONNECT_MAX_MS,
  RECONNECT_MIN_MS,
  checkHelloResult,
  checkMemberEvent,
  checkProveResult,
  proofText,
  type Capabilities,
  type MemberInfo,
} from '../protocol/convention-protocol';
import { Link } from '../transport/link';
import { backoff } from './backoff';
import { ConventionError } from './convention-error';
import type { ConventionNode, LogFn, Peer, Peers } from './convention-node';
import type { MemberLoad } from './policy';
import { newNonce, proofsEqual, type ConventionSecret } from './secret';
import type { ConventionTls } from './tls-files';
import { codeOf, messageOf } from '../protocol/caught';

export interface MemberOptions {
  readonly leaderHost: string;
  /** The leader's convention port. */
  readonly leaderPort: number;
  readonly systemName: string;
  /** Read afresh before every attempt, so a fixed file is picked up without a restart. */
  readonly secret: () => Promise<ConventionSecret>;
  readonly tls: () => Promise<ConventionTls | undefined>;
  readonly capabilities: () => Capabilities;
  readonly heartbeatMs?: number;
  readonly log: LogFn;
  /** Joined: the leader's name and capabilities (`{}` from a leader that does not send them) and the other members. */
  readonly onJoined: (leader: string, leaderCapabilities: Capabilities, members: readonly MemberInfo[]) => void;
  readonly onLost: (leader: string, reason: string) => void;
  /**
   * Other systems joining, changing capabilities (`joined` again) and leaving, as the leader
   * reports them (the leader's own capability changes come this way too).
   */
  readonly onPeerChange?: (kind: 'joined' | 'lost', system: string, capabilities: Capabilities) => void;
}

export class ConventionMember implements Peers {
  readonly role = 'member' as const;
  private current: Peer | undefined;
  private node: ConventionNode | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private attempt: Link | undefined;
  private readonly retry = backoff(RECONNECT_MIN_MS, RECONNECT_MAX_MS);
  private loop: Promise<void> | undefined;
  /** `wss` once this host has TLS files (read before every attempt). */
  private scheme: 'ws' | 'wss' = 'ws';

  constructor(private readonly options: MemberOptions) {}

  get url(): string {
    return `${this.scheme}://${this.options.leaderHost.includes(':') ? `[${this.options.leaderHost}]` : this.options.leaderHost}:${this.options.leaderPort}${CONVENTION_PATH}`;
  }

  attach(node: ConventionNode): void {
    this.node = node;
  }

  /** The leader's name while joined. */
  get leader(): string | undefined {
    return this.current?.system;
  }

  start(): void {
    this.loop ??= this.run();
  }

  updateCapabilities(capabilities: Capabilities): void {
    this.current?.link.notify(CapabilitiesUpdate.event, { capabilities } satisfies CapabilitiesUpdate.Params);
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.attempt?.close(CloseCode.GoingAway, 'the member is shutting down');
    this.current?.link.close(CloseCode.GoingAway, 'the member is shutting down');
    await this.loop;
  }

  // ---- Peers ----

  routeTo(system: string): Peer | undefined {
    return system === this.options.systemName ? undefined : this.current;
  }

  members(): readonly MemberLoad[] {
    return [];
  }

  placed(): void {
    // Only the leader places on members.
  }

  all(): readonly Peer[] {
    return this.current === undefined ? [] : [this.current];
  }

  // ---- the loop ----

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let joined: Link | undefined;
      try {
        joined = await this.joinOnce();
      } catch (e) {
        failures++;
        const delay = this.retry.next();
        if (!this.stopped) {
          const why = e instanceof Error ? e.message : String(e);
          this.options.log(
            failures === 1 || failures % 10 === 0 ? 'warning' : 'info',
            `convention: cannot join the leader at ${this.url} (attempt ${failures}): ${why}; retrying in ${delay} ms`,
          );
        }
        await this.sleep(delay);
        continue;
      }
      failures = 0;
      this.retry.reset();
      const leaderName = this.current!.system;
      const reason = await joined.closed;
      this.current = undefined;
      if (this.stopped) break;
      this.options.log('warning', `convention: lost the leader ${leaderName}: ${reason.message}; re-joining`);
      this.options.onLost(leaderName, reason.message);
      await this.sleep(this.retry.next());
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async joinOnce(): Promise<Link> {
    const o = this.options;
    const secret = await o.secret();
    const tls = await o.tls();
    this.scheme = tls ? 'wss' : 'ws';
    const ws = await openConventionSocket(this.url, tls);
    if (this.stopped) {
      ws.terminate();
      throw new ConventionError('CONVENTION_NO_LINK', 'the member is shutting down');
    }
    let leaderPeer: Peer | undefined;
    const link = new Link(ws, {
      peer: `the convention leader at ${this.url}`,
      maxPayload: CONVENTION_MAX_PAYLOAD,
      heartbeatMs: o.heartbeatMs ?? HEARTBEAT_MS,
      onPong: () => void daemonStats.conventionHeartbeats++,
      onRefused: (e) =>
        o.log(
          'warning',
          `convention: the leader at ${this.url} refused a frame from this member: ${e.code}: ${e.message}`,
        ),
      onRequest: (method, params) => {
        const out = leaderPeer === undefined ? undefined : this.node?.onRequest(leaderPeer, method, params);
        if (out !== undefined) return out;
        throw new ConventionError(
          'CONVENTION_BAD_REQUEST',
          `this member does not answer "${method}"${leaderPeer === undefined ? ' before it has joined' : ''}`,
        );
      },
      onEvent: (event, params) => {
        if (leaderPeer === undefined) return;
        if (event === MemberJoined.event || event === MemberLost.event) {
          const c = checkMemberEvent(params, event);
          if (!c.ok) {
            o.log('warning', `convention: ignored ${event} from the leader without a system name`);
            return;
          }
          const p = c.value;
          const caps = p.capabilities;
          o.log(
            'info',
            `convention: ${p.system === leaderPeer.system ? 'the leader' : 'member'} ${p.system} ${event === MemberJoined.event ? 'joined the convention or changed its capabilities' : 'left the convention'}`,
          );
          o.onPeerChange?.(event === MemberJoined.event ? 'joined' : 'lost', p.system, caps);
          return;
        }
        this.node?.onEvent(leaderPeer, event, params);
      },
    });
    this.attempt = link;
    try {
      const nonce = newNonce();
      const raw = await link.request(
        Hello.method,
        {
          protocolVersion: CONVENTION_PROTOCOL_VERSION,
          systemName: o.systemName,
          nonce,
          capabilities: o.capabilities(),
        } satisfies Hello.Params,
        HELLO_TIMEOUT_MS,
      );
      const c = checkHelloResult(raw);
      if (!c.ok) {
        link.close(CloseCode.Unauthorized, 'malformed hello result');
        throw new ConventionError(
          'CONVENTION_BAD_HELLO',
          `the leader at ${this.url} answered the hello with ${c.message}`,
        );
      }
      const h = c.value;
      if (!proofsEqual(h.proof, secret.prove(proofText('leader', nonce, h.nonce, o.systemName, h.leaderName)))) {
        // Refuse before proving ourselves: a host without our secret learns nothing from us.
        link.close(CloseCode.Unauthorized, 'wrong convention secret: the leader proof does not match');
        o.log(
          'warning',
          `convention: refused the leader ${h.leaderName} at ${this.url}: wrong convention secret (its proof does not match ${secret.file}); copy convention.secret from the leader`,
        );
        throw new ConventionError(
          'CONVENTION_BAD_SECRET',
          `the leader ${h.leaderName} at ${this.url} does not hold this member's convention secret`,
        );
      }
      const proof = secret.prove(proofText('member', nonce, h.nonce, o.systemName, h.leaderName));
      const answer = checkProveResult(
        await link.request(Prove.method, { proof } satisfies Prove.Params, HELLO_TIMEOUT_MS),
      );
      if (!answer.ok) {
        link.close(CloseCode.Unauthorized, 'malformed prove result');
        throw new ConventionError(
          'CONVENTION_BAD_HELLO',
          `the leader at ${this.url} answered the proof with ${answer.message}`,
        );
      }
      const welcome = answer.value;
      leaderPeer = { system: h.leaderName, link, isLeader: true };
      this.current = leaderPeer;
      o.log(
        'info',
        `convention: joined the leader ${h.leaderName} at ${this.url}${tls ? ' (TLS)' : ''}; other members: ${welcome.members.map((m) => m.system).join(', ') || 'none'}`,
      );
      o.onJoined(h.leaderName, welcome.leaderCapabilities ?? {}, welcome.members);
      return link;
    } catch (e) {
      if (!link.isClosed) link.close(CloseCode.Normal, 'join failed');
      if (e instanceof ConventionError) throw e;
      const code = codeOf(e);
      if (code === 'CONVENTION_BAD_SECRET' || code === 'CONVENTION_DUPLICATE_NAME' || code === 'CONVENTION_BAD_HELLO') {
        o.log('warning', `convention: the leader at ${this.url} refused this member: ${messageOf(e)}`);
      }
      throw e;
    } finally {
      this.attempt = undefined;
    }
  }
}

/** Open a ws/wss socket; with TLS, the leader's certificate must come from the convention's CA and ours is presented. */
function openConventionSocket(url: string, tls: ConventionTls | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      maxPayload: CONVENTION_MAX_PAYLOAD,
      perMessageDeflate: false,
      handshakeTimeout: HELLO_TIMEOUT_MS,
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: true } : {}),
    });
    const done = (): void => {
      ws.off('open', onOpen);
      ws.off('error', onError);
      ws.on('error', () => undefined);
    };
    const onOpen = (): void => {
      done();
      resolve(ws);
    };
    const onError = (e: Error & { code?: string }): void => {
      done();
      ws.terminate();
      reject(
        new ConventionError(
          'CONVENTION_NO_LINK',
          `cannot connect to ${url}: ${e.code ?? ''}${e.code !== undefined ? ' ' : ''}${e.message}`,
          { data: { url, errno: e.code } },
        ),
      );
    };
    ws.on('open', onOpen);
    ws.on('error', onError);
  });
}
