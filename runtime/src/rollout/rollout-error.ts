import { DirectorError } from '../protocol/errors';

/** Codes of `director rollout`. Documented in docs/errors/rollout.md; tests pin them. */
export type RolloutErrorCode =
  /** The words after `rollout` are not GROUP[-VER] [parallel:N] [onlost:wait|skip] [settle:MS] [crashes:N] [lostwait:MS]. */
  | 'ROLLOUT_BAD_ARGS'
  /** The package is not signed, or no key in the leader's director dir verifies it: nothing is sent to any member. */
  | 'ROLLOUT_UNSIGNED'
  /** The daemon of this director dir does not lead a convention (alone, or a member). */
  | 'ROLLOUT_NOT_LEADER'
  /** The rollout stopped at a member (refused load, failed health check, lost member): the table says which and why. */
  | 'ROLLOUT_STOPPED'
  /** A member's step failed on the member (bad file name, file conflict, no Director). */
  | 'ROLLOUT_STEP_FAILED';

export class RolloutError extends DirectorError<RolloutErrorCode> {}

export const ROLLOUT_ERROR_CODES: readonly RolloutErrorCode[] = ['ROLLOUT_BAD_ARGS', 'ROLLOUT_UNSIGNED', 'ROLLOUT_NOT_LEADER', 'ROLLOUT_STOPPED', 'ROLLOUT_STEP_FAILED'];
