/**
 * The actor system of this process: main-thread actors (Director, Source Authority), a worker per
 * loaded source, and external endpoints. OWNER: the actor-core work. STUB until it lands.
 */
import type { ActorSystemCore, LocalSystemOptions } from './system-core';

export function createLocalSystem(_options: LocalSystemOptions): Promise<ActorSystemCore> {
  return Promise.reject(new Error('createLocalSystem: not implemented yet'));
}
