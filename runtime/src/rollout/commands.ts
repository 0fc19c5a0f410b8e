/** The fleet commands: `rollout` (registered in cli/src/registry.ts). */
import type { CommandSpec } from '../../../cli/framework/command';
import { ROLLOUT_USAGE } from './rollout-plan';
import { runRollout } from './rollout-command';

export const rolloutCommand: CommandSpec = {
  name: 'rollout',
  usage: ROLLOUT_USAGE,
  summary: 'From the convention leader, load a version on every member one at a time, rolling a failing member back.',
  description: [
    'Run on the leader. GROUP loads the newest package of the group, GROUP-VERSION that version; the',
    "package is verified with the leader's keys first (ROLLOUT_UNSIGNED otherwise) and the group is",
    "defined from the leader's GROUP.tli. Each member gets the package in its director dir and loads it",
    'through its own Director (its own keys verify it; its audit log records the rollout), runs it for',
    'settle:MS (default 3000), then its actors and readiness are checked. A refused load stops the',
    "rollout with the member's code in the table; a failed check (more than crashes:N restarts, default",
    '0, or an actor given up, or not ready) unloads the new version there (the previous one is',
    'reactivated) and stops. parallel:N upgrades N members at a time. A member lost on the way is',
    'waited for up to lostwait:MS (default 60000; onlost:wait) or skipped (onlost:skip).',
    'Exit 0 when every member was upgraded, 30 (ROLLOUT_STOPPED) otherwise.',
  ].join('\n'),
  run: runRollout,
};

export const rolloutCommands: readonly CommandSpec[] = [rolloutCommand];
