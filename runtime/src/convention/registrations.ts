/**
 * The other systems of the convention as this system knows them, so that the local actor system
 * hears each join, capability change and loss exactly once, and a member that loses its leader
 * can take back every system it announced (they are all out of reach until it re-joins).
 */
import type { Capabilities } from '../protocol/convention-protocol';

export type RegistrationSink = (system: string, capabilities: Capabilities, added: boolean) => void;

export class Registrations {
  private readonly known = new Map<string, Capabilities>();

  constructor(
    private readonly self: string,
    private readonly sink: RegistrationSink,
  ) {}

  /** Joined, or announced again with (maybe) new capabilities; the same capabilities again are no news. */
  joined(system: string, capabilities: Capabilities): void {
    if (system === this.self) return;
    const before = this.known.get(system);
    if (before !== undefined && JSON.stringify(before) === JSON.stringify(capabilities)) return;
    this.known.set(system, capabilities);
    this.sink(system, capabilities, true);
  }

  lost(system: string): void {
    const last = this.known.get(system);
    if (last === undefined) return;
    this.known.delete(system);
    this.sink(system, last, false);
  }

  /** Every known system lost (a member's link to its leader ended). */
  clear(): void {
    for (const system of [...this.known.keys()]) this.lost(system);
  }

  systems(): ReadonlyMap<string, Capabilities> {
    return this.known;
  }
}
