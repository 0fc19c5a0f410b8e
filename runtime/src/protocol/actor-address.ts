/**
 * An actor's address: plain data, so it survives structured clone (worker channel) and JSON
 * (admin and convention links) unchanged. `system` names the actor system (daemon) the actor
 * lives on, so addresses stay valid across a convention.
 */
export interface ActorAddress {
  /** The actor system that hosts the actor, e.g. `127.0.0.1:1900`. */
  readonly system: string;
  /** Unique within that system. */
  readonly id: string;
}

/** Readable form, as `list` prints it: `ActorAddr-(127.0.0.1:1900|a17)`. */
export function formatAddress(a: ActorAddress): string {
  return `ActorAddr-(${a.system}|${a.id})`;
}

export function isActorAddress(v: unknown): v is ActorAddress {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { system?: unknown }).system === 'string' &&
    typeof (v as { id?: unknown }).id === 'string' &&
    Object.keys(v).length === 2
  );
}

export function sameAddress(a: ActorAddress | null | undefined, b: ActorAddress | null | undefined): boolean {
  return a != null && b != null && a.system === b.system && a.id === b.id;
}
