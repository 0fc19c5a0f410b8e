/**
 * Supervision of the active source's actors as a policy that returns a decision (pure, so every
 * case is a plain unit test). Replaces the original's "ran under 2 s: never restart; otherwise
 * restart forever" (its start time was never refreshed, so a crashing actor restarted without limit).
 */
export interface RestartPolicy {
  /** Exits allowed inside `windowMs`; one more and the actor is given up. */
  readonly maxRestarts: number;
  readonly windowMs: number;
  /** First delay after a quick exit; doubles with every exit in the window. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** An actor that ran at least this long is restarted at once. */
  readonly stableMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  stableMs: 10_000,
};

export type RestartDecision =
  | { readonly action: 'restart'; readonly delayMs: number; readonly recentExits: readonly number[] }
  | { readonly action: 'give-up'; readonly reason: string; readonly recentExits: readonly number[] };

/**
 * Decide what to do with an actor that just exited at `now`, having run `ranForMs`, given the
 * times of its earlier exits.
 */
export function decideRestart(
  earlierExits: readonly number[],
  ranForMs: number,
  now: number,
  policy: RestartPolicy,
): RestartDecision {
  const recentExits = [...earlierExits.filter((t) => now - t < policy.windowMs), now];
  if (recentExits.length > policy.maxRestarts) {
    return {
      action: 'give-up',
      recentExits,
      reason: `crash budget spent: ${recentExits.length} exits within ${Math.round(policy.windowMs / 1000)} s; not restarting (load the source again to retry)`,
    };
  }
  if (ranForMs >= policy.stableMs) return { action: 'restart', delayMs: 0, recentExits };
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (recentExits.length - 1));
  return { action: 'restart', delayMs, recentExits };
}
