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
import * as v from 'valibot';
import { isActorAddress, type ActorAddress } from './actor-address';
import type { JsonValue } from './json-value';
import {
  address,
  closedObject,
  decodeGuarded,
  decodeWith,
  guarded,
  isPlainObject,
  jsonObject,
  matching,
  nonEmptyString,
  openObject,
  parsedJson,
  type Decoded,
} from './wire-schema';

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
export function proofText(
  role: 'leader' | 'member',
  memberNonce: string,
  leaderNonce: string,
  memberName: string,
  leaderName: string,
): string {
  return `thespian-convention-v${CONVENTION_PROTOCOL_VERSION}\n${role}\n${memberNonce}\n${leaderNonce}\n${memberName}\n${leaderName}`;
}

export type Capabilities = { readonly [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Schemas of what a peer sends: each is the check and, by v.InferOutput, the type below.

const HEX64 = /^[0-9a-f]{64}$/;
const NAME = /^[^\s|]{1,200}$/;
const hex64 = matching(HEX64, '64 lowercase hex digits');
/** `unknown field "k"; expected only a, b`: the convention's wording since its first version. */
const unknownField = (what: string) => (key: string, allowed: readonly string[]) =>
  `${what} has an unknown field "${key}"; expected only ${allowed.join(', ')}`;

const HelloParamsSchema = closedObject(
  {
    protocolVersion: v.number('a number'),
    systemName: matching(NAME, "the member's system name (host:port, no spaces)"),
    nonce: hex64,
    capabilities: jsonObject('an object'),
  },
  unknownField('convention/hello params'),
);
const HelloResultSchema = openObject({
  protocolVersion: v.number('a number'),
  leaderName: matching(NAME, 'a system name'),
  nonce: hex64,
  proof: hex64,
});
const ProveParamsSchema = closedObject({ proof: hex64 }, unknownField('convention/prove params'));
const MemberInfoSchema = openObject({ system: v.string('a system name'), capabilities: jsonObject('an object') });
/** A leader's welcome: a member list it cannot read counts as none (the leader has proved the secret; its members are announced again as they change). */
const ProveResultSchema = openObject({
  members: v.fallback(v.array(MemberInfoSchema), []),
  leaderCapabilities: v.fallback(v.optional(jsonObject('an object')), undefined),
});
const MemberEventSchema = openObject({
  system: v.string('a system name'),
  /** Absent or not an object: no capabilities (a lost member's event has none). */
  capabilities: v.fallback(v.optional(jsonObject('an object'), {}), {}),
});
const DeliverParamsSchema = openObject({
  to: address('an address { system, id }'),
  from: v.nullable(address('an address or null')),
  message: parsedJson('present'),
});
/** Once per actor message between systems: guarded (wire-schema.ts: `guarded`). */
const DeliverParams = guarded(
  DeliverParamsSchema,
  (p): p is v.InferOutput<typeof DeliverParamsSchema> =>
    isPlainObject(p) &&
    isActorAddress(p['to']) &&
    (p['from'] === null || isActorAddress(p['from'])) &&
    p['message'] !== undefined,
);
/** The guarded schemas, for test/runtime/wire-guards.test.ts. */
export const GuardedConvention = { deliver: DeliverParams } as const;
const DeliverBatchSchema = openObject({ messages: v.array(v.unknown(), 'an array') });
const CreateParamsSchema = closedObject(
  {
    spec: nonEmptyString('an actor class name'),
    sourceHash: v.optional(v.string('a string')),
    targetActorRequirements: v.optional(jsonObject('an object')),
    globalName: v.optional(v.string('a string')),
    parent: v.optional(address('an address')),
    placeAnywhere: v.optional(v.boolean('a boolean')),
  },
  unknownField('convention/create-actor params'),
);
const SourceHashParamsSchema = openObject({ sourceHash: matching(/^[0-9a-f]{32}$/, '32 lowercase hex digits') });
const CapabilitiesUpdateSchema = openObject({ capabilities: jsonObject('an object') });

/** member → leader, first frame. */
export namespace Hello {
  export const method = 'convention/hello' as const;
  /** `systemName`: the member's name, as in its addresses; `nonce`: 64 hex digits, fresh per attempt. */
  export type Params = v.InferOutput<typeof HelloParamsSchema>;
  /** `proof`: HMAC of proofText('leader', ...), hex. */
  export type Result = v.InferOutput<typeof HelloResultSchema>;
}

/** member → leader, second frame: the member's proof. Answered with the member list. */
export namespace Prove {
  export const method = 'convention/prove' as const;
  export type Params = v.InferOutput<typeof ProveParamsSchema>;
  /** `leaderCapabilities`: the leader's own (for the member's registration-change notices); absent from older leaders. */
  export type Result = v.InferOutput<typeof ProveResultSchema>;
}

export type MemberInfo = v.InferOutput<typeof MemberInfoSchema>;

/** member → leader event: othercaps.cfg changed. */
export namespace CapabilitiesUpdate {
  export const event = 'convention/capabilities' as const;
  export type Params = v.InferOutput<typeof CapabilitiesUpdateSchema>;
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
  /** `message` is encoded with encodeWireValue. */
  export type Params = v.InferOutput<typeof DeliverParamsSchema>;
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
  /** `placeAnywhere`, member → leader only: the leader may place it anywhere but on the asking member. */
  export type Params = v.InferOutput<typeof CreateParamsSchema>;
  export interface Result {
    readonly address: ActorAddress;
  }
}

/** Either direction: the original signed bytes of a source the asker must create from. */
export namespace FetchSource {
  export const method = 'convention/fetch-source' as const;
  export type Params = v.InferOutput<typeof SourceHashParamsSchema>;
  export interface Result {
    /** Base64 of the original .tls bytes. */
    readonly data: string;
    readonly info: string;
  }
}

/** Either direction: a source was unloaded; leader → every member, member → leader (→ the others). */
export namespace Unload {
  export const event = 'convention/unload' as const;
  export type Params = v.InferOutput<typeof SourceHashParamsSchema>;
}

/** Admin events (published on the daemon's admin event stream). */
export const MEMBER_JOINED_EVENT = 'convention/member-joined';
export const MEMBER_LOST_EVENT = 'convention/member-lost';

// ---------------------------------------------------------------------------------------------
// Decoders (one per incoming shape; the message names the field, what was expected and what came)

export type Check<T> = Decoded<T>;

export function checkHello(p: unknown): Check<Hello.Params> {
  return decodeWith(HelloParamsSchema, p, `${Hello.method} params`);
}

export function checkHelloResult(p: unknown): Check<Hello.Result> {
  return decodeWith(HelloResultSchema, p, `${Hello.method} result`);
}

export function checkProve(p: unknown): Check<Prove.Params> {
  return decodeWith(ProveParamsSchema, p, `${Prove.method} params`);
}

export function checkProveResult(p: unknown): Check<Prove.Result> {
  return decodeWith(ProveResultSchema, p, `${Prove.method} result`);
}

/** MemberJoined and MemberLost, as a member reads them from its leader. */
export function checkMemberEvent(p: unknown, event: string): Check<MemberJoined.Params> {
  return decodeWith(MemberEventSchema, p, event);
}

export function checkDeliver(p: unknown): Check<Deliver.Params> {
  return decodeGuarded(DeliverParams, p, `${Deliver.event} params`);
}

/** The batch's list only: each message in it is checked with {@link checkDeliver} as it is delivered, so one bad message loses no other. */
export function checkDeliverBatch(p: unknown): Check<readonly unknown[]> {
  const c = decodeWith(DeliverBatchSchema, p, DeliverBatch.event);
  return c.ok ? { ok: true, value: c.value.messages } : c;
}

export function checkCreate(p: unknown): Check<CreateActor.Params> {
  return decodeWith(CreateParamsSchema, p, `${CreateActor.method} params`);
}

export function checkSourceHashParams(p: unknown, what: string): Check<{ readonly sourceHash: string }> {
  return decodeWith(SourceHashParamsSchema, p, `${what} params`);
}

export function checkCapabilitiesUpdate(p: unknown): Check<CapabilitiesUpdate.Params> {
  return decodeWith(CapabilitiesUpdateSchema, p, CapabilitiesUpdate.event);
}
