/**
 * The actors that asked to be told things: sources becoming available or going away
 * (notifyOnSourceAvailability), other systems of the convention joining, changing or leaving
 * (notifyOnSystemRegistrationChanges, with the systems last reported), and the one dead-letter
 * handler (handleDeadLetters). Its own room because all of it is subscription bookkeeping that
 * ends with the subscriber, whatever the subscription was for.
 */
import { formatAddress, sameAddress, type ActorAddress } from '../protocol/actor-address';
import type { JsonValue } from '../protocol/json-value';
import {
  actorSystemConventionUpdate,
  isSystemMessage,
  loadedSource,
  unloadedSource,
} from '../protocol/system-messages';
import type { SystemContext } from './system-context';

export class WatcherHub {
  /** Actors told when a source becomes available or is unloaded. */
  private readonly sourceWatchers = new Map<string, ActorAddress>();
  /** Actors told about other systems of the convention (notifyOnSystemRegistrationChanges). */
  private readonly registrationWatchers = new Map<string, ActorAddress>();
  /** The actor registered with handleDeadLetters (the last to register wins). */
  private deadLetterHandler: ActorAddress | null = null;
  /** Other systems of the convention as last reported, with their capabilities. */
  private readonly remoteSystems = new Map<string, { readonly [key: string]: JsonValue }>();

  constructor(private readonly ctx: SystemContext) {}

  /** Start (told at once of every source already valid) or stop telling `address` about sources. */
  watchSources(
    address: ActorAddress,
    enable: boolean,
    valid: Iterable<{ readonly hash: string; readonly info: string }>,
  ): void {
    if (!enable) {
      this.sourceWatchers.delete(address.id);
      return;
    }
    this.sourceWatchers.set(address.id, address);
    for (const r of valid) this.ctx.tell(address, loadedSource(r.hash, r.info));
  }

  sourceLoaded(hash: string, info: string): void {
    for (const w of this.sourceWatchers.values()) this.ctx.tell(w, loadedSource(hash, info));
  }

  sourceUnloaded(hash: string, info: string): void {
    for (const w of this.sourceWatchers.values()) this.ctx.tell(w, unloadedSource(hash, info));
  }

  /** The convention reported another system joining (or changing: `added` again) or leaving. */
  systemRegistrationChanged(system: string, capabilities: { readonly [key: string]: JsonValue }, added: boolean): void {
    if (system === this.ctx.systemName) return;
    if (added) this.remoteSystems.set(system, capabilities);
    else if (!this.remoteSystems.delete(system)) return; // never announced: nothing to take back
    const update = actorSystemConventionUpdate(system, capabilities, added);
    for (const w of this.registrationWatchers.values()) this.ctx.tell(w, update);
  }

  /** NotifyOnSystemRegistration from an actor of this system; true when it was one. */
  registrationRequest(message: unknown, sender: ActorAddress | null): boolean {
    if (
      !isSystemMessage(message, 'NotifyOnSystemRegistration') ||
      sender === null ||
      sender.system !== this.ctx.systemName
    )
      return false;
    if (!message.enable) {
      this.registrationWatchers.delete(sender.id);
      return true;
    }
    // As the original: once per registration, every system already present.
    const fresh = !this.registrationWatchers.has(sender.id);
    this.registrationWatchers.set(sender.id, sender);
    if (fresh)
      for (const [system, caps] of this.remoteSystems)
        this.ctx.tell(sender, actorSystemConventionUpdate(system, caps, true));
    return true;
  }

  /** A dead letter (to its handler, or the log) or a handler's (un)registration; true when it was one. */
  deadLetterRequest(message: unknown, sender: ActorAddress | null): boolean {
    if (isSystemMessage(message, 'DeadEnvelope')) {
      const handler = this.deadLetterHandler;
      if (handler === null || sameAddress(handler, message.deadAddress)) {
        this.ctx.log.debug(
          `dead letter: ${describeMessage(message.deadMessage)} to ${formatAddress(message.deadAddress)}, which cannot be reached`,
        );
      } else {
        this.ctx.tell(handler, message, sender);
      }
      return true;
    }
    if (isSystemMessage(message, 'HandleDeadLetters') && sender !== null && sender.system === this.ctx.systemName) {
      if (message.enable) this.deadLetterHandler = sender;
      else if (sameAddress(this.deadLetterHandler, sender)) this.deadLetterHandler = null;
      return true;
    }
    return false;
  }

  /** An actor ended: every subscription of it ends. */
  actorGone(address: ActorAddress): void {
    this.sourceWatchers.delete(address.id);
    this.registrationWatchers.delete(address.id);
    if (sameAddress(this.deadLetterHandler, address)) this.deadLetterHandler = null;
  }
}

function describeMessage(m: unknown): string {
  return isSystemMessage(m) ? m.type : typeof m;
}
