/**
 * The convention protocol: what one daemon says to another over a convention link.
 *
 * Rules of this protocol:
 * - **Frames** are those of the admin protocol (admin-protocol.ts): JSON text requests with ids
 *   and deadlines, responses, events; the same Link carries them. Only the methods below are
 *   known on a convention link; anything else gets `ADMIN_UNKNOWN_METHOD`.
 * - **One link per member**, opened by the member to its leader (`convleader.cfg`), path
 *   {@link CONVENTION_PATH} on the leader's convention port ({@link conventionPortOf}). The
 *   leader never dials out. Messages between two members are relayed by the leader; each hop is
 *   one ordered WebSocket, so messages stay in order per sender–receiver pair.
 * - **Challenge–response first.** The member's first frame must be {@link Hello} with its
 *   nonce; the leader answers with its own nonce and its proof; the member checks that proof and
 *   sends {@link Prove} with its own. A proof is HMAC-SHA256 under the convention secret of
 *   {@link proofText}; both sides compare in constant time; the secret itself never crosses the
 *   wire. A wrong proof, a malformed or missing hello (within {@link HELLO_TIMEOUT_MS}), or any
 *   other first frame closes the link with close code 4001, logged on both sides naming the peer.
 * - **Names.** Each side names itself with its actor system name (`host:port`), the `system`
 *   field of every address it hands out. The leader refuses a member whose name it already has.
 * - **Liveness.** Both sides ping every {@link HEARTBEAT_MS}; a peer silent for two periods is
 *   dropped (so a lost member is noticed within 5 s). A member re-dials with back-off
 *   ({@link RECONNECT_MIN_MS} … {@link RECONNECT_MAX_MS}) for as long as it runs.
 * - **Actor messages** are plain data; byte arrays travel as `{ "$bytes": base64 }` and a plain
 *   object whose only key is `$bytes` is escaped as `{ "$plain": {...} }`.
 * - **Sources are never pushed.** A system that must create an actor from a source it lacks asks
 *   the system that asked it for the original signed bytes ({@link FetchSource}) and validates
 *   them with its own keys before use.
 */
import type { ActorAddress } from './actor-address';
import type { JsonValue } from './json-value';

export const CONVENTION_PROTOCOL_VERSION = 1;
/** The path of the leader's convention listener. */
export const CONVENTION_PATH = '/convention';
export const HELLO_TIMEOUT_MS = 5_000;
/** Ping period of convention links; a peer silent for two periods is dropped. */
export const HEARTBEAT_MS = 1_000;
export const RECONNECT_MIN_MS = 100;
export const RECONNECT_MAX_MS = 5_000;
/** Largest convention frame: a transferred package travels in one (base64) frame. */
export const CONVENTION_MAX_PAYLOAD = 256 * 1024 * 1024;

/** The leader's convention port: its admin port + 1 (convleader.cfg names the admin port, as in the original). */
export function conventionPortOf(adminPort: number): number {
  return adminPort + 1;
}

/** What a proof signs: the role of the prover, both nonces, both names, so no proof can be replayed or reflected. */
export function proofText(role: 'leader' | 'member', memberNonce: string, leaderNonce: string, memberName: string, leaderName: string): string {
  return `thespian-convention-v${CONVENTION_PROTOCOL_VERSION}\n${role}\n${memberNonce}\n${leaderNonce}\n${memberName}\n${leaderName}`;
}

export type Capabilities = { readonly [key: string]: JsonValue };

/** member → leader, first frame. */
export namespace Hello {
  export const method = 'convention/hello' as const;
  export interface Params {
    readonly protocolVersion: number;
    /** The member's system name, as in its addresses. */
    readonly systemName: string;
    /** 64 hex digits, fresh per attempt. */
    readonly nonce: string;
    readonly capabilities: Capabilities;
  }
  export interface Result {
    readonly protocolVersion: number;
    readonly leaderName: string;
    readonly nonce: string;
    /** HMAC of proofText('leader', ...), hex. */
    readonly proof: string;
  }
}

/** member → leader, second frame: the member's proof. Answered with the member list. */
export namespace Prove {
  export const method = 'convention/prove' as const;
  export interface Params {
    readonly proof: string;
  }
  export interface Result {
    readonly members: readonly MemberInfo[];
    /** The leader's own capabilities (for the member's registration-change notices); absent from older leaders. */
    readonly leaderCapabilities?: Capabilities;
  }
}

export interface MemberInfo {
  readonly system: string;
  readonly capabilities: Capabilities;
}

/** member → leader event: othercaps.cfg changed. */
export namespace CapabilitiesUpdate {
  export const event = 'convention/capabilities' as const;
  export interface Params {
    readonly capabilities: Capabilities;
  }
}

/**
 * leader → members events: registration changes. MemberJoined is sent again when a member's (or
 * the leader's own) capabilities change.
 */
export namespace MemberJoined {
  export const event = 'convention/member-joined' as const;
  export type Params = MemberInfo;
}
export namespace MemberLost {
  export const event = 'convention/member-lost' as const;
  export interface Params {
    readonly system: string;
    readonly reason: string;
  }
}

/** Either direction: one actor message for an address of another system (relayed by the leader when needed). */
export namespace Deliver {
  export const event = 'convention/deliver' as const;
  export interface Params {
    readonly to: ActorAddress;
    readonly from: ActorAddress | null;
    /** Encoded with encodeWireValue. */
    readonly message: JsonValue;
  }
}

/**
 * Either direction: several actor messages in one frame, in order (sent when more than one is
 * queued for the same link in one turn of the event loop: fewer frames, same order).
 */
export namespace DeliverBatch {
  export const event = 'convention/deliver-batch' as const;
  export interface Params {
    readonly messages: readonly Deliver.Params[];
  }
}

/** Either direction: create an actor on the receiving system (placement). */
export namespace CreateActor {
  export const method = 'convention/create-actor' as const;
  export interface Params {
    readonly spec: string;
    readonly sourceHash?: string;
    readonly targetActorRequirements?: Capabilities;
    readonly globalName?: string;
    readonly parent?: ActorAddress;
    /** member → leader only: the leader may place it anywhere but on the asking member. */
    readonly placeAnywhere?: boolean;
  }
  export interface Result {
    readonly address: ActorAddress;
  }
}

/** Either direction: the original signed bytes of a source the asker must create from. */
export namespace FetchSource {
  export const method = 'convention/fetch-source' as const;
  export interface Params {
    readonly sourceHash: string;
  }
  export interface Result {
    /** Base64 of the original .tls bytes. */
    readonly data: string;
    readonly info: string;
  }
}

/** Either direction: a source was unloaded; leader → every member, member → leader (→ the others). */
export namespace Unload {
  export const event = 'convention/unload' as const;
  export interface Params {
    readonly sourceHash: string;
  }
}

/** Admin events (published on the daemon's admin event stream). */
export const MEMBER_JOINED_EVENT = 'convention/member-joined';
export const MEMBER_LOST_EVENT = 'convention/member-lost';

// ---------------------------------------------------------------------------------------------
// Validators (one per incoming params shape; they name the field and what was expected)

export type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Record<string, unknown>, allowed: readonly string[], what: string): string | null {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) return `${what} has an unknown field "${k}"; expected only ${allowed.join(', ')}`;
  return null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const NAME = /^[^\s|]{1,200}$/;

export function checkHello(p: unknown): Check<Hello.Params> {
  const what = `${Hello.method} params`;
  if (!isObj(p)) return { ok: false, message: `${what} must be an object` };
  const extra = onlyKeys(p, ['protocolVersion', 'systemName', 'nonce', 'capabilities'], what);
  if (extra !== null) return { ok: false, message: extra };
  if (typeof p['protocolVersion'] !== 'number') return { ok: false, message: `${what}: "protocolVersion" must be a number` };
  if (typeof p['systemName'] !== 'string' || !NAME.test(p['systemName'])) return { ok: false, message: `${what}: "systemName" must be the member's system name (host:port, no spaces)` };
  if (typeof p['nonce'] !== 'string' || !HEX64.test(p['nonce'])) return { ok: false, message: `${what}: "nonce" must be 64 lowercase hex digits` };
  if (!isObj(p['capabilities'])) return { ok: false, message: `${what}: "capabilities" must be an object` };
  return { ok: true, value: p as unknown as Hello.Params };
}

export function checkHelloResult(p: unknown): Check<Hello.Result> {
  const what = `${Hello.method} result`;
  if (!isObj(p)) return { ok: false, message: `${what} must be an object` };
  if (typeof p['leaderName'] !== 'string' || !NAME.test(p['leaderName'])) return { ok: false, message: `${what}: "leaderName" must be a system name` };
  if (typeof p['nonce'] !== 'string' || !HEX64.test(p['nonce'])) return { ok: false, message: `${what}: "nonce" must be 64 lowercase hex digits` };
  if (typeof p['proof'] !== 'string' || !HEX64.test(p['proof'])) return { ok: false, message: `${what}: "proof" must be 64 lowercase hex digits` };
  if (typeof p['protocolVersion'] !== 'number') return { ok: false, message: `${what}: "protocolVersion" must be a number` };
  return { ok: true, value: p as unknown as Hello.Result };
}

export function checkProve(p: unknown): Check<Prove.Params> {
  const what = `${Prove.method} params`;
  if (!isObj(p)) return { ok: false, message: `${what} must be an object` };
  const extra = onlyKeys(p, ['proof'], what);
  if (extra !== null) return { ok: false, message: extra };
  if (typeof p['proof'] !== 'string' || !HEX64.test(p['proof'])) return { ok: false, message: `${what}: "proof" must be 64 lowercase hex digits` };
  return { ok: true, value: p as unknown as Prove.Params };
}

function isAddress(v: unknown): v is ActorAddress {
  return isObj(v) && typeof v['system'] === 'string' && typeof v['id'] === 'string' && Object.keys(v).length === 2;
}

export function checkDeliver(p: unknown): Check<Deliver.Params> {
  const what = `${Deliver.event} params`;
  if (!isObj(p)) return { ok: false, message: `${what} must be an object` };
  if (!isAddress(p['to'])) return { ok: false, message: `${what}: "to" must be an address { system, id }` };
  if (p['from'] !== null && !isAddress(p['from'])) return { ok: false, message: `${what}: "from" must be an address or null` };
  if (!('message' in p)) return { ok: false, message: `${what}: "message" is missing` };
  return { ok: true, value: p as unknown as Deliver.Params };
}

export function checkDeliverBatch(p: unknown): Check<readonly unknown[]> {
  if (!isObj(p) || !Array.isArray(p['messages'])) return { ok: false, message: `${DeliverBatch.event}: "messages" must be an array` };
  return { ok: true, value: p['messages'] as unknown[] };
}

export function checkCreate(p: unknown): Check<CreateActor.Params> {
  const what = `${CreateActor.method} params`;
  if (!isObj(p)) return { ok: false, message: `${what} must be an object` };
  const extra = onlyKeys(p, ['spec', 'sourceHash', 'targetActorRequirements', 'globalName', 'parent', 'placeAnywhere'], what);
  if (extra !== null) return { ok: false, message: extra };
  if (typeof p['spec'] !== 'string' || p['spec'] === '') return { ok: false, message: `${what}: "spec" must be an actor class name` };
  if (p['sourceHash'] !== undefined && typeof p['sourceHash'] !== 'string') return { ok: false, message: `${what}: "sourceHash" must be a string` };
  if (p['targetActorRequirements'] !== undefined && !isObj(p['targetActorRequirements'])) return { ok: false, message: `${what}: "targetActorRequirements" must be an object` };
  if (p['globalName'] !== undefined && typeof p['globalName'] !== 'string') return { ok: false, message: `${what}: "globalName" must be a string` };
  if (p['parent'] !== undefined && !isAddress(p['parent'])) return { ok: false, message: `${what}: "parent" must be an address` };
  if (p['placeAnywhere'] !== undefined && typeof p['placeAnywhere'] !== 'boolean') return { ok: false, message: `${what}: "placeAnywhere" must be a boolean` };
  return { ok: true, value: p as unknown as CreateActor.Params };
}

export function checkSourceHashParams(p: unknown, what: string): Check<{ readonly sourceHash: string }> {
  if (!isObj(p)) return { ok: false, message: `${what} params must be an object` };
  if (typeof p['sourceHash'] !== 'string' || !/^[0-9a-f]{32}$/.test(p['sourceHash'])) return { ok: false, message: `${what}: "sourceHash" must be 32 lowercase hex digits` };
  return { ok: true, value: { sourceHash: p['sourceHash'] } };
}

export function checkCapabilitiesUpdate(p: unknown): Check<CapabilitiesUpdate.Params> {
  if (!isObj(p) || !isObj(p['capabilities'])) return { ok: false, message: `${CapabilitiesUpdate.event}: "capabilities" must be an object` };
  return { ok: true, value: { capabilities: p['capabilities'] as Capabilities } };
}
