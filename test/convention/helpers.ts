/**
 * Helpers for convention tests: director dirs on free loopback port pairs (admin port and
 * convention port = admin + 1), the shared secret, signing keys, real daemons with the convention
 * wired in (always stopped), waiting for log lines with deadlines, and a peer that speaks the
 * convention's frames by hand (to send a leader what no real member would).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { newSecretBytes, secretFileText, SECRET_FILE } from '../../runtime/src/convention/secret';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { killDaemonOf, startDaemon } from '../support/daemon';
import { tempDirectorDir } from '../support/director-dir';
import { freePortPair } from '../support/ports';
import { waitFor } from '../support/wait';
import { fooPackage } from '../runtime/fixtures';
import WebSocket from 'ws';
import { newNonce, secretFromBytes } from '../../runtime/src/convention/secret';
import type { WireError } from '../../runtime/src/protocol/errors';
import {
  CONVENTION_PATH,
  CONVENTION_PROTOCOL_VERSION,
  Hello,
  Prove,
  conventionPortOf,
  proofText,
} from '../../runtime/src/protocol/convention-protocol';
import { Link, type LinkOptions } from '../../runtime/src/transport/link';
import { messageOf } from '../../runtime/src/protocol/caught';

export { freePortPair } from '../support/ports';
export { waitFor } from '../support/wait';

export const conventionDaemon = path.join(__dirname, 'fixtures', 'convention-daemon.js');

export interface Host {
  readonly dir: string;
  readonly port: number;
  readonly name: string;
  /** Text the daemon wrote to its log so far. */
  log(): Promise<string>;
}

export interface HostOptions {
  /** Admin port of the leader to join (writes convleader.cfg). */
  readonly leaderPort?: number;
  /** Bytes of convention.secret; undefined: none. */
  readonly secret?: Uint8Array;
  readonly caps?: string;
  readonly port?: number;
}

/** A fresh director dir; its daemon is killed and the dir removed after the test. */
export async function makeHost(t: TestContext, o: HostOptions = {}): Promise<Host> {
  const { dir, port } = await tempDirectorDir(t, {
    prefix: 'director-conv-test-',
    port: o.port ?? (await freePortPair()),
  });
  if (o.leaderPort !== undefined) await writeFile(path.join(dir, 'convleader.cfg'), `127.0.0.1:${o.leaderPort}\n`);
  if (o.secret !== undefined) await writeSecret(dir, o.secret);
  if (o.caps !== undefined) await writeFile(path.join(dir, 'othercaps.cfg'), o.caps);
  const logFile = privatePaths(dir).startLog;
  return { dir, port, name: `127.0.0.1:${port}`, log: () => readFile(logFile, 'utf8').catch(() => '') };
}

export async function writeSecret(dir: string, bytes: Uint8Array): Promise<void> {
  const f = path.join(dir, SECRET_FILE);
  await writeFile(f, secretFileText(bytes), { mode: 0o600 });
  await chmod(f, 0o600);
}

export const newSecret = newSecretBytes;

export function start(h: Host, env: { [k: string]: string | undefined } = {}): Promise<{ pid: number; port: number }> {
  return startDaemon(h.dir, { entry: conventionDaemon, env });
}

export async function stop(h: Host): Promise<void> {
  await killDaemonOf(h.dir);
}

export async function connect(t: TestContext, h: Host): Promise<DaemonActorSystem> {
  const a = (await ActorSystem.connect({ directorDir: h.dir })) as DaemonActorSystem;
  t.after(() => a.close());
  return a;
}

/** Resolve once the host's log matches `re` (checked from the log's start); the log text in the error otherwise. */
export async function waitForLog(h: Host, re: RegExp, ms = 10_000): Promise<string> {
  let text = '';
  try {
    await waitFor(async () => re.test((text = await h.log())), ms, `log line ${re}`);
  } catch (e) {
    throw new Error(`${messageOf(e)}\n--- log of ${h.name}:\n${text.split('\n').slice(-30).join('\n')}`, {
      cause: e,
    });
  }
  return text;
}

/** Count of matches of `re` in the host's log. */
export async function logCount(h: Host, re: RegExp): Promise<number> {
  return ((await h.log()).match(new RegExp(re.source, 'g')) ?? []).length;
}

/**
 * A leader and a member with capabilities `caps` (othercaps.cfg text), both started, the member
 * joined (its log says so within `joinMs`); a signing key both trust, and an admin client of the leader.
 */
export async function leaderAndMember(
  t: TestContext,
  caps: string,
  joinMs = 10_000,
): Promise<{ leader: Host; member: Host; key: string; L: DaemonActorSystem }> {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const member = await makeHost(t, { secret, leaderPort: leader.port, caps });
  const key = keyPair(leader.dir, 'dev', [leader.dir, member.dir]);
  await start(leader);
  await start(member);
  await waitForLog(member, /joined the leader/, joinMs);
  return { leader, member, key, L: await connect(t, leader) };
}

/** A hand-made peer of a leader's convention port: its link, and what the leader refused or closed it with. */
export interface ConventionPeer {
  readonly link: Link;
  /** Error frames of id 0 from the leader: frames of ours it refused and could not tie to a request. */
  readonly refusals: WireError[];
  /** The WebSocket close code the leader ended the link with. */
  readonly closeCode: Promise<number>;
}

/**
 * A link to `leader`'s convention port, not joined yet (see {@link joinAsMember}); closed after
 * the test. No heartbeat: a test that stops reading must not be dropped for it.
 */
export async function openConventionPeer(
  t: TestContext,
  leader: Host,
  o: { readonly maxPayload?: number; readonly onEvent?: LinkOptions['onEvent'] } = {},
): Promise<ConventionPeer> {
  const ws = new WebSocket(`ws://127.0.0.1:${conventionPortOf(leader.port)}${CONVENTION_PATH}`, {
    perMessageDeflate: false,
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const closeCode = new Promise<number>((resolve) => ws.once('close', resolve));
  const refusals: WireError[] = [];
  const link = new Link(ws, {
    peer: 'the leader',
    maxPayload: o.maxPayload ?? 1 << 20,
    heartbeatMs: 0,
    onRefused: (e) => refusals.push(e),
    ...(o.onEvent === undefined ? {} : { onEvent: o.onEvent }),
  });
  t.after(() => link.close());
  return { link, refusals, closeCode };
}

/** Hello, then the proof of `secret` over both nonces, as a member named `name`; rejects with the leader's coded refusal. */
export async function joinAsMember(link: Link, secret: Uint8Array, name: string): Promise<void> {
  const nonce = newNonce();
  const h = await link.request<Hello.Result>(Hello.method, {
    protocolVersion: CONVENTION_PROTOCOL_VERSION,
    systemName: name,
    nonce,
    capabilities: {},
  } satisfies Hello.Params);
  await link.request<Prove.Result>(Prove.method, {
    proof: secretFromBytes(secret).prove(proofText('member', nonce, h.nonce, name, h.leaderName)),
  } satisfies Prove.Params);
}

/** An Ed25519 signing key made by openssl in `dir`; its public key trusted by each of `trustIn`. */
export function keyPair(dir: string, name: string, trustIn: readonly string[]): string {
  const key = path.join(dir, `${name}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  for (const d of trustIn)
    execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(d, `${name}_tls.key`)]);
  return key;
}

/**
 * The foo package plus barn/moo.js (MooActor: runs only where `Cows Allowed` is true, answers
 * `And MOO: <msg>`), barn/slot.js (SlotActor: runs where capability Slot equals the requirement)
 * barn/watcher.js (Watcher: passes on ActorSystemConventionUpdate after 'watch') and
 * barn/pinger.js (for the benchmark); `padding` bytes of filler make it big.
 */
export async function cowPackage(keyFile: string, version = '1', padding = 0): Promise<Uint8Array> {
  const extra: Record<string, string> = {
    'barn/moo.js': `
      const { Actor } = require('thespian-director');
      class MooActor extends Actor {
        static actorSystemCapabilityCheck(caps, reqs) { return caps['Cows Allowed'] === true; }
        receiveMessage(m, s) { if (s) this.send(s, 'And MOO: ' + String(m)); }
      }
      exports.MooActor = MooActor;`,
    'barn/slot.js': `
      const { Actor } = require('thespian-director');
      class SlotActor extends Actor {
        static actorSystemCapabilityCheck(caps, reqs) { return caps.Slot === reqs.Slot; }
        receiveMessage(m, s) { if (s) this.send(s, { slot: 'here', got: m }); }
      }
      exports.SlotActor = SlotActor;`,
    'barn/farmer.js': `
      const { Actor } = require('thespian-director');
      // Creates a MooActor (needs "Cows Allowed") itself, passes it the message, and reports where it ran and what it said (or the error code).
      class Farmer extends Actor {
        async receiveMessage(m, s) {
          if (!s) return;
          if (typeof m === 'string' && m.startsWith('And MOO: ')) return this.send(this.asker, { where: this.where, answer: m });
          this.asker = s;
          try {
            const moo = await this.createActor('barn.moo.MooActor', { targetActorRequirements: { 'Cows Allowed': true } });
            this.where = moo.system;
            this.send(moo, String(m));
          } catch (e) {
            this.send(s, { error: e.code || String(e) });
          }
        }
      }
      exports.Farmer = Farmer;`,
    'barn/watcher.js': `
      const { Actor } = require('thespian-director');
      // 'watch' / 'unwatch' from a client: (un)registers for system registration changes; every
      // ActorSystemConventionUpdate goes on to whoever asked last, as { update }.
      class Watcher extends Actor {
        receiveMessage(m, s) {
          if (m === 'watch' || m === 'unwatch') {
            this.asker = s;
            this.notifyOnSystemRegistrationChanges(m === 'watch');
            this.send(s, m === 'watch' ? 'watching' : 'unwatched');
            return;
          }
          // Wrapped: a system message itself is never delivered to a client (as in the original).
          if (m && m.type === 'ActorSystemConventionUpdate' && this.asker) this.send(this.asker, { update: m });
        }
      }
      exports.Watcher = Watcher;`,
    'barn/pinger.js': `
      const { Actor } = require('thespian-director');
      // { target, n }: sends n pings to target at once, counts the answers, then tells the asker the time taken (ms, fractional).
      class Pinger extends Actor {
        receiveMessage(m, s) {
          if (m && typeof m === 'object' && m.target) {
            this.asker = s; this.left = m.n; this.t0 = performance.now();
            for (let i = 0; i < m.n; i++) this.send(m.target, i);
            return;
          }
          if (--this.left === 0) this.send(this.asker, { ms: performance.now() - this.t0 });
        }
      }
      exports.Pinger = Pinger;`,
  };
  if (padding > 0) {
    // Random bytes as base64: incompressible, so the package really is that big.
    const s = randomBytes(Math.ceil((padding * 3) / 4)).toString('base64');
    extra['filler/data.js'] = `exports.data = ${JSON.stringify(s)};`;
  }
  return sealPackage({
    zip: await fooPackage(`V${version}:`, extra),
    group: 'foo',
    version,
    createdAt: new Date(),
    signingKey: await loadSigningKey(keyFile),
  });
}
