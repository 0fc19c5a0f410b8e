/**
 * Per-daemon counters that parts of the daemon bump where things happen (admin links, source
 * verification, convention heartbeats) and /metrics reads when scraped. Plain numbers in one
 * module-level object: the parts that count need no handle on the metrics server, and counting
 * costs the same whether metrics are on or off (one addition).
 */

/** Upper bounds (seconds) of the verification-time histogram buckets; +Inf is implied. */
export const VERIFY_BUCKETS_S: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface DaemonStats {
  /** Admin links accepted (after the hello) since start. */
  adminConnections: number;
  /** Admin links open now. */
  adminOpen: number;
  /** Admin links refused, by refusal code (a fixed, documented set: ADMIN_UNAUTHORIZED, ADMIN_BAD_VERSION, ...). */
  readonly adminRefusals: Map<string, number>;
  /** Time from a source's arrival to its verdict (Source Authority verification), accepted or not: the histogram. */
  readonly verifyBuckets: number[];
  verifySum: number;
  verifyCount: number;
  /** Heartbeat answers (pongs) received on convention links. */
  conventionHeartbeats: number;
  /** Convention members lost (heartbeat silence or closed link), counted by the leader. */
  conventionMembersLost: number;
}

export const daemonStats: DaemonStats = {
  adminConnections: 0,
  adminOpen: 0,
  adminRefusals: new Map(),
  verifyBuckets: new Array<number>(VERIFY_BUCKETS_S.length + 1).fill(0),
  verifySum: 0,
  verifyCount: 0,
  conventionHeartbeats: 0,
  conventionMembersLost: 0,
};

export function countAdminRefusal(code: string): void {
  daemonStats.adminRefusals.set(code, (daemonStats.adminRefusals.get(code) ?? 0) + 1);
}

export function observeVerification(seconds: number): void {
  let i = 0;
  while (i < VERIFY_BUCKETS_S.length && seconds > VERIFY_BUCKETS_S[i]) i++;
  daemonStats.verifyBuckets[i]++;
  daemonStats.verifySum += seconds;
  daemonStats.verifyCount++;
}
