/**
 * What every room of the local actor system is handed by the facade that composes them
 * (LocalSystem): its name and options, its logger, a tell that never throws, and the event feed.
 * Kept apart so the rooms (sources, workers, names, watchers, the authority) depend on this small
 * seam rather than on LocalSystem or on each other.
 */
import type { ActorAddress } from '../protocol/actor-address';
import { ActorSystemError } from '../actors/actor-system-error';
import type { Logger } from '../actors/logger';
import type { LocalSystemOptions, SystemEvent } from './system-core';

export interface SystemContext {
  readonly systemName: string;
  readonly options: LocalSystemOptions;
  readonly log: Logger;
  /** Route a message; an address that cannot take it is logged, never thrown. */
  tell(to: ActorAddress, message: unknown, from?: ActorAddress | null): void;
  /** Publish a system event to every listener (a listener that throws is logged). */
  emit(event: SystemEvent): void;
  /** True once shutdown() began: nothing new loads or starts. */
  isStopping(): boolean;
}

export function shutDownError(): ActorSystemError {
  return new ActorSystemError('ACTOR_SYSTEM_SHUT_DOWN', 'The actor system is shut down; start it again to use it.');
}
