/**
 * The Director as an actor of the main thread, global name `Director`. The actor is only its
 * mailbox: every message goes to the DirectorService, which replies and acts through the actor
 * system with the Director's address as sender and parent.
 */
import { Actor } from '../actors/actor';
import type { ActorAddress } from '../protocol/actor-address';
import { DIRECTOR_GLOBAL_NAME } from '../protocol/director-messages';
import { actorExitRequest, isSystemMessage } from '../protocol/system-messages';
import type { ActorSystemCore } from '../system/system-core';
import type { DirectorServiceOptions, DirectorSystemPort } from './director-service';
import { DirectorService } from './director-service';

/** The actor system as the Director uses it, acting as `self()`. */
export function systemPort(system: ActorSystemCore, self: () => ActorAddress): DirectorSystemPort {
  return {
    createActor: (spec, options) => system.createActor(spec, { ...options, parent: self() }),
    send: (to, message) => system.tell(to, message, self()),
    exitActor: (address) => system.tell(address, actorExitRequest(), self()),
    loadActorSource: (bytes, info, options) => system.loadActorSource(bytes, info, options),
    unloadActorSource: (hash) => system.unloadActorSource(hash),
    primeWorker: () => system.primeWorker?.(),
    setGlobalName: (name, address) => system.setGlobalName(name, address),
  };
}

export interface StartedDirector {
  readonly address: ActorAddress;
  readonly service: DirectorService;
  /** Stop listening to the system, stop restart timers, wait for pending work. */
  stop(): Promise<void>;
}

/**
 * Create the Director actor in `system` (or find the one that runs) and wire it to the system's
 * events (actor exits and source unloads, whoever caused them).
 */
export async function startDirector(
  system: ActorSystemCore,
  options: Omit<DirectorServiceOptions, 'system'>,
): Promise<StartedDirector> {
  let address: ActorAddress | null = null;
  const self = (): ActorAddress => {
    // An invariant, not a user's error: the address is set before any input reaches the Director.
    if (address === null) throw new Error('the Director has no address yet');
    return address;
  };
  const service = new DirectorService({ ...options, system: systemPort(system, self) });
  class Director extends Actor {
    override receiveMessage(message: unknown, sender: ActorAddress | null): void {
      // Exits and unloads come from the system's events; other system messages are not requests.
      if (isSystemMessage(message)) return;
      service.receive(message, sender);
    }
  }
  address = await system.createActor(Director, { globalName: DIRECTOR_GLOBAL_NAME });
  const off = system.onEvent((e) => {
    if (e.kind === 'actor-exited') service.actorExited(e.address, e.reason ?? null);
    else if (e.kind === 'source-unloaded') service.sourceUnloaded(e.sourceHash);
  });
  return {
    address,
    service,
    async stop() {
      off();
      service.close();
      await service.idle();
      await options.store?.flush();
    },
  };
}
