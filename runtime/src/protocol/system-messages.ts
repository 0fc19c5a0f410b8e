/**
 * System messages of the actor system. Plain data with a `type` tag (no classes), so they cross
 * worker boundaries (structured clone) and wires (JSON; `Uint8Array` fields travel as base64 there,
 * which is the transport's business) unchanged. Build them with the functions below and recognise
 * them with `isSystemMessage(msg, 'Type')`.
 */
import type { ActorAddress } from './actor-address';
import type { WireError } from './errors';
import type { JsonValue } from './json-value';

/** Asks an actor to end. Its `receiveMessage` sees it first (if it cares), then it and its children end. */
export interface ActorExitRequest {
  readonly type: 'ActorExitRequest';
}

/** Sent to the parent when a child actor has ended, for whatever reason. */
export interface ChildActorExited {
  readonly type: 'ChildActorExited';
  readonly childAddress: ActorAddress;
  /** Why it ended, e.g. `exit request`, `worker exited with code 1`, `source unloaded`. */
  readonly reason?: string;
}

/** A message whose handling threw twice, returned to its sender. */
export interface PoisonMessage {
  readonly type: 'PoisonMessage';
  readonly poisonMessage: unknown;
  /** The error text of the last failure. */
  readonly details: string;
}

/** Delivered to an actor by its own `wakeupAfter(ms, payload)`. */
export interface WakeupMessage {
  readonly type: 'WakeupMessage';
  readonly delayMs: number;
  readonly payload?: unknown;
}

/** To actors that called `notifyOnSourceAvailability(true)`: a source became usable. */
export interface LoadedSource {
  readonly type: 'LoadedSource';
  readonly sourceHash: string;
  readonly sourceInfo: string;
}

/** To actors that called `notifyOnSourceAvailability(true)`: a source was unloaded. */
export interface UnloadedSource {
  readonly type: 'UnloadedSource';
  readonly sourceHash: string;
  readonly sourceInfo: string;
}

/** From the system to the registered Source Authority: check these bytes. */
export interface ValidateSource {
  readonly type: 'ValidateSource';
  readonly sourceHash: string;
  readonly sourceData: Uint8Array;
  readonly sourceInfo: string;
}

/**
 * From the Source Authority back to the system (the sender of ValidateSource). Either `sourceZip`
 * (the verified ZIP) or `rejection` (the verifier's coded error); a rejection fails the load and
 * every create queued on it at once.
 */
export interface ValidatedSource {
  readonly type: 'ValidatedSource';
  readonly sourceHash: string;
  readonly sourceZip: Uint8Array | null;
  readonly sourceInfo: string;
  readonly rejection?: WireError & { readonly exitCode?: number };
}

/**
 * From an actor to its own system (the well-known address {@link systemAdminAddress}): tell me,
 * or stop telling me, about other systems of the convention (the original's
 * NotifyOnSystemRegistration; `Actor.notifyOnSystemRegistrationChanges` sends it).
 */
export interface NotifyOnSystemRegistration {
  readonly type: 'NotifyOnSystemRegistration';
  readonly enable: boolean;
}

/**
 * To actors that called `notifyOnSystemRegistrationChanges(true)`: another system of the
 * convention joined (`remoteAdded` true, also sent again when its capabilities change) or left
 * (`remoteAdded` false, with the capabilities it last had). On registering, one per system
 * already present. `remoteAdminAddress` is that system's name (the `system` of its addresses).
 */
export interface ActorSystemConventionUpdate {
  readonly type: 'ActorSystemConventionUpdate';
  readonly remoteAdminAddress: string;
  readonly remoteCapabilities: { readonly [key: string]: JsonValue };
  readonly remoteAdded: boolean;
}

/**
 * To the actor registered with `handleDeadLetters()`: a message that could not be delivered
 * because its target no longer exists (ended, its source unloaded, its worker gone) or its
 * system cannot be reached. `deadAddress` is the original target, `deadMessage` the original
 * message; the sender is the original sender.
 */
export interface DeadEnvelope {
  readonly type: 'DeadEnvelope';
  readonly deadAddress: ActorAddress;
  readonly deadMessage: unknown;
}

/**
 * From an actor to its own system's inbox: become (`enable` true) or stop being the system's
 * dead-letter handler (`Actor.handleDeadLetters` sends it). The last to register wins; a
 * deregistration by an actor that is not the current handler changes nothing.
 */
export interface HandleDeadLetters {
  readonly type: 'HandleDeadLetters';
  readonly enable: boolean;
}

/**
 * From an actor to its own system's inbox: set (or, with `capabilityValue` null, remove) one
 * capability of the system (`Actor.updateCapability` sends it).
 */
export interface UpdateCapability {
  readonly type: 'UpdateCapability';
  readonly capabilityName: string;
  readonly capabilityValue: JsonValue;
}

/**
 * To a troupe's address (an actor class with `static troupe`): change its settings at run time
 * (the original's UpdateTroupeSettings); with neither field, only ask. The troupe answers the
 * sender with `{ troupe: { maxCount, idleCount, workers, idle, queued } }` (plain data, not a
 * system message, so it is an ask's reply).
 */
export interface UpdateTroupeSettings {
  readonly type: 'UpdateTroupeSettings';
  readonly maxCount?: number;
  readonly idleCount?: number;
}

/** The id of every system's own inbox for actor requests such as NotifyOnSystemRegistration. */
export const SYSTEM_ADMIN_ID = 'a0';

/** The address of system `systemName`'s own inbox (ids of actors never end in 0 alone). */
export const systemAdminAddress = (systemName: string): ActorAddress => ({ system: systemName, id: SYSTEM_ADMIN_ID });

export type SystemMessage =
  | UpdateTroupeSettings
  | DeadEnvelope
  | HandleDeadLetters
  | UpdateCapability
  | NotifyOnSystemRegistration
  | ActorSystemConventionUpdate
  | ActorExitRequest
  | ChildActorExited
  | PoisonMessage
  | WakeupMessage
  | LoadedSource
  | UnloadedSource
  | ValidateSource
  | ValidatedSource;

export type SystemMessageType = SystemMessage['type'];

const SYSTEM_TYPES: ReadonlySet<string> = new Set<SystemMessageType>([
  'UpdateTroupeSettings',
  'DeadEnvelope',
  'HandleDeadLetters',
  'UpdateCapability',
  'NotifyOnSystemRegistration',
  'ActorSystemConventionUpdate',
  'ActorExitRequest',
  'ChildActorExited',
  'PoisonMessage',
  'WakeupMessage',
  'LoadedSource',
  'UnloadedSource',
  'ValidateSource',
  'ValidatedSource',
]);

/** `isSystemMessage(m, 'WakeupMessage')` narrows `m`; without a type, true for any system message. */
export function isSystemMessage<T extends SystemMessageType>(
  message: unknown,
  type?: T,
): message is Extract<SystemMessage, { type: T }> {
  if (typeof message !== 'object' || message === null) return false;
  const t = (message as { type?: unknown }).type;
  return typeof t === 'string' && (type === undefined ? SYSTEM_TYPES.has(t) : t === type);
}

export const actorExitRequest = (): ActorExitRequest => ({ type: 'ActorExitRequest' });
export const childActorExited = (childAddress: ActorAddress, reason?: string): ChildActorExited =>
  reason === undefined
    ? { type: 'ChildActorExited', childAddress }
    : { type: 'ChildActorExited', childAddress, reason };
export const poisonMessage = (message: unknown, details: string): PoisonMessage => ({
  type: 'PoisonMessage',
  poisonMessage: message,
  details,
});
export const wakeupMessage = (delayMs: number, payload?: unknown): WakeupMessage =>
  payload === undefined ? { type: 'WakeupMessage', delayMs } : { type: 'WakeupMessage', delayMs, payload };
export const loadedSource = (sourceHash: string, sourceInfo: string): LoadedSource => ({
  type: 'LoadedSource',
  sourceHash,
  sourceInfo,
});
export const unloadedSource = (sourceHash: string, sourceInfo: string): UnloadedSource => ({
  type: 'UnloadedSource',
  sourceHash,
  sourceInfo,
});
export const validateSource = (sourceHash: string, sourceData: Uint8Array, sourceInfo: string): ValidateSource => ({
  type: 'ValidateSource',
  sourceHash,
  sourceData,
  sourceInfo,
});
export const validatedSource = (sourceHash: string, sourceZip: Uint8Array, sourceInfo: string): ValidatedSource => ({
  type: 'ValidatedSource',
  sourceHash,
  sourceZip,
  sourceInfo,
});
export const rejectedSource = (
  sourceHash: string,
  sourceInfo: string,
  rejection: WireError & { readonly exitCode?: number },
): ValidatedSource => ({ type: 'ValidatedSource', sourceHash, sourceZip: null, sourceInfo, rejection });
export const notifyOnSystemRegistration = (enable: boolean): NotifyOnSystemRegistration => ({
  type: 'NotifyOnSystemRegistration',
  enable,
});
export const actorSystemConventionUpdate = (
  remoteAdminAddress: string,
  remoteCapabilities: { readonly [key: string]: JsonValue },
  remoteAdded: boolean,
): ActorSystemConventionUpdate => ({
  type: 'ActorSystemConventionUpdate',
  remoteAdminAddress,
  remoteCapabilities,
  remoteAdded,
});
export const updateTroupeSettings = (
  settings: { maxCount?: number; idleCount?: number } = {},
): UpdateTroupeSettings => ({ type: 'UpdateTroupeSettings', ...settings });
export const deadEnvelope = (deadAddress: ActorAddress, deadMessage: unknown): DeadEnvelope => ({
  type: 'DeadEnvelope',
  deadAddress,
  deadMessage,
});
export const handleDeadLetters = (enable: boolean): HandleDeadLetters => ({ type: 'HandleDeadLetters', enable });
export const updateCapability = (capabilityName: string, capabilityValue: JsonValue): UpdateCapability => ({
  type: 'UpdateCapability',
  capabilityName,
  capabilityValue,
});

/**
 * May this message be handed back to an external asker (`ask`, `tell` deliveries)? Like the
 * original, system messages are never replies, with one exception: PoisonMessage.
 */
export function isReplyMessage(message: unknown): boolean {
  return !isSystemMessage(message) || isSystemMessage(message, 'PoisonMessage');
}
