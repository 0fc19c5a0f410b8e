/**
 * Pure placement and transfer policy: which members to try for an actor, and whether this
 * system may fetch a source from the one that asked (`AllowRemoteActorSources`).
 */
import type { JsonValue } from '../protocol/json-value';

export interface MemberLoad {
  readonly system: string;
  /** Actors this system placed there and that have not been seen to exit. */
  readonly remoteActors: number;
}

/**
 * Candidates in the order to try: least loaded first (ties by name, so the order is stable),
 * without those already tried and without the system that asked.
 */
export function placementOrder(members: readonly MemberLoad[], exclude: ReadonlySet<string>): string[] {
  return members
    .filter((m) => !exclude.has(m.system))
    .slice()
    .sort((a, b) => a.remoteActors - b.remoteActors || (a.system < b.system ? -1 : a.system > b.system ? 1 : 0))
    .map((m) => m.system);
}

export type RemoteSourcesDecision = { readonly allowed: true } | { readonly allowed: false; readonly why: string };

/**
 * `AllowRemoteActorSources` of this system: absent or `yes` (any case) → any member; `LeaderOnly`
 * (exact spelling, as the original) → only from the convention leader; anything else → never.
 */
export function remoteSourcesAllowed(
  capabilities: { readonly [key: string]: JsonValue },
  fromLeader: boolean,
): RemoteSourcesDecision {
  const v = capabilities['AllowRemoteActorSources'];
  if (v === undefined) return { allowed: true };
  if (typeof v === 'string' && v.toLowerCase() === 'yes') return { allowed: true };
  if (v === 'LeaderOnly') {
    return fromLeader
      ? { allowed: true }
      : {
          allowed: false,
          why: 'AllowRemoteActorSources is LeaderOnly and the request did not come from the convention leader',
        };
  }
  return {
    allowed: false,
    why: `AllowRemoteActorSources is ${JSON.stringify(v)} (only "yes" or "LeaderOnly" allow fetching sources from other systems)`,
  };
}
