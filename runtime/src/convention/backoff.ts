/**
 * Reconnect delays: doubling from `min` to `max`, with up to 25 % jitter so that members that
 * lost their leader together do not all knock at once when it returns. Pure.
 */
export interface Backoff {
  /** The next delay in ms. */
  next(): number;
  /** After a successful join: start from `min` again. */
  reset(): void;
}

export function backoff(min: number, max: number, random: () => number = Math.random): Backoff {
  let current = min;
  return {
    next() {
      const d = current;
      current = Math.min(max, current * 2);
      return Math.round(d * (1 - 0.25 * random()));
    },
    reset() {
      current = min;
    },
  };
}
