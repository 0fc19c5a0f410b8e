/**
 * The simpleSystemBase: everything in the calling thread, for tests and small programs. Actors by
 * class, or by dotted name from a loaded source (whose modules still get their own cache, and
 * whose messages are still checked as plain data at the source boundary). No isolation: a source
 * that loops forever or calls process.exit stops the program.
 */
import type { ActorSystemCore, LocalSystemOptions } from './system-core';
import { LocalSystem } from './local-system';

export type SimpleSystemOptions = Partial<
  Omit<LocalSystemOptions, 'inThreadSources' | 'workerScript' | 'workerLimits'>
>;

export function createSimpleSystem(options: SimpleSystemOptions = {}): ActorSystemCore {
  return new LocalSystem({ systemName: 'simple', ...options, inThreadSources: true });
}
