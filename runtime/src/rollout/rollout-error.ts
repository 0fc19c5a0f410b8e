import { DirectorError } from '../protocol/errors';

/**
 * Codes of `director rollout`. Documented in docs/errors/rollout.md; tests pin them.
 * Every code is in the runtime list below; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const ROLLOUT_ERROR_CODES = [
  /** The words after `rollout` are not GROUP[-VER] [parallel:N] [onlost:wait|skip] [settle:MS] [crashes:N] [lostwait:MS]. */
  'ROLLOUT_BAD_ARGS',
  /** The package is not signed, or no key in the leader's director dir verifies it: nothing is sent to any member. */
  'ROLLOUT_UNSIGNED',
  /** The daemon of this director dir does not lead a convention (alone, or a member). */
  'ROLLOUT_NOT_LEADER',
  /** The rollout stopped at a member (refused load, failed health check, lost member): the table says which and why. */
  'ROLLOUT_STOPPED',
  /** A member's step failed on the member (bad file name, file conflict, no Director). */
  'ROLLOUT_STEP_FAILED',
] as const;

export type RolloutErrorCode = (typeof ROLLOUT_ERROR_CODES)[number];

export class RolloutError extends DirectorError<RolloutErrorCode> {}
