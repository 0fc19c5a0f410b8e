/**
 * The words of `director rollout` and the decisions of a rollout that need no network: the
 * options, and whether a member's check after the load is healthy.
 */
import type { CheckAnswer } from '../protocol/rollout-protocol';
import { RolloutError } from './rollout-error';

export interface RolloutOptions {
  /** GROUP or GROUP-VER as given. */
  readonly target: string;
  /** Members upgraded at once (default 1). */
  readonly parallel: number;
  /** A member lost mid-rollout: wait for it to re-join (up to lostWaitMs), or skip it. */
  readonly onLost: 'wait' | 'skip';
  /** How long the new version runs on a member before its health is judged (default 3000 ms). */
  readonly settleMs: number;
  /** Actor restarts of the new version tolerated on a member during the settle time (default 0). */
  readonly crashes: number;
  readonly lostWaitMs: number;
}

export const ROLLOUT_USAGE =
  'rollout GROUP[-VERSION] [parallel:N] [onlost:wait|skip] [settle:MS] [crashes:N] [lostwait:MS]';

function count(word: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || !Number.isSafeInteger(n)) {
    throw new RolloutError(
      'ROLLOUT_BAD_ARGS',
      `${word}: "${value}" is not a whole number >= ${min}; usage: director ${ROLLOUT_USAGE}`,
      { exitCode: 2 },
    );
  }
  return n;
}

export function parseRolloutArgs(args: readonly string[]): RolloutOptions {
  const words = [...args];
  const target = words.shift();
  if (target === undefined || target.includes(':'))
    throw new RolloutError(
      'ROLLOUT_BAD_ARGS',
      `name the group (and version) to roll out; usage: director ${ROLLOUT_USAGE}`,
      { exitCode: 2 },
    );
  let parallel = 1;
  let onLost: 'wait' | 'skip' = 'wait';
  let settleMs = 3_000;
  let crashes = 0;
  let lostWaitMs = 60_000;
  for (const w of words) {
    const [key, value = ''] = w.split(/:(.*)/s, 2) as [string, string | undefined];
    if (key === 'parallel') parallel = count(key, value, 1);
    else if (key === 'settle') settleMs = count(key, value, 0);
    else if (key === 'crashes') crashes = count(key, value, 0);
    else if (key === 'lostwait') lostWaitMs = count(key, value, 0);
    else if (key === 'onlost' && (value === 'wait' || value === 'skip')) onLost = value;
    else
      throw new RolloutError('ROLLOUT_BAD_ARGS', `unknown word "${w}"; usage: director ${ROLLOUT_USAGE}`, {
        exitCode: 2,
      });
  }
  return { target, parallel, onLost, settleMs, crashes, lostWaitMs };
}

/** Why the new version is not healthy on a member, or null when it is. */
export function unhealthy(check: CheckAnswer, sourceHash: string, crashes: number): string | null {
  if (!check.ok) return `${check.code}: ${check.message}`;
  if (check.active !== sourceHash) return `the new version is not active (active: ${check.active ?? 'none'})`;
  const restarts = check.actors.reduce((n, a) => n + a.Restarts, 0);
  const down = check.actors.filter((a) => a.Status === 'failed' || a.Status === 'exited');
  if (restarts > crashes || down.length > 0) {
    const names = [
      ...new Set(
        check.actors.filter((a) => a.Restarts > 0 || a.Status !== 'running').map((a) => `${a.ActorClass} ${a.Status}`),
      ),
    ].join(', ');
    return `actors exited beyond the crash budget (${restarts} restart(s), budget ${crashes}): ${names}`;
  }
  if (!check.ready) return 'the member is not ready (its /readyz would answer 503)';
  return null;
}
