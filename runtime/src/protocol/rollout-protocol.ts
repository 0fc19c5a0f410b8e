/**
 * The rollout protocol (`director rollout`, runtime/src/rollout/): what the leader asks each
 * member during a rollout, over the convention link (method {@link ROLLOUT_STEP_METHOD}), and
 * what the member answers; and what the CLI asks the leader's agent over the admin link. Steps
 * are small and separate so that the leader decides (health, rollback, lost members) and a
 * member only carries out:
 * - `load`: write the package bytes into the member's director dir (atomically; a different file
 *   of the same name is a conflict), define the group from the leader's TLI, and LoadSource
 *   through the member's own Director — its own Source Authority and keys verify the package,
 *   its OnLoad actors start, and its audit log records who asked;
 * - `check`: the member's view of the new source's actors (status, restarts) and its readiness;
 * - `rollback`: UnloadSource of the new version (the Director reactivates the previous active
 *   version) and removal of the file the rollout wrote, so a later start does not load it again.
 */
import type { DefineGroupRequest, RunningActorInfo } from './director-messages';

export const ROLLOUT_STEP_METHOD = 'convention/rollout-step' as const;
/** Global name of the rollout agent on every daemon (the CLI asks the leader's). */
export const ROLLOUT_AGENT_NAME = 'DirectorRollout';

export type RolloutStep =
  | { readonly step: 'load'; readonly fileName: string; readonly bytes: string; readonly define: DefineGroupRequest; readonly requestedBy: string }
  | { readonly step: 'check'; readonly group: string; readonly sourceHash: string }
  | { readonly step: 'rollback'; readonly group: string; readonly sourceHash: string; readonly fileName: string; readonly requestedBy: string };

export type StepFailure = { readonly ok: false; readonly code: string; readonly message: string };

export type LoadAnswer = { readonly ok: true; readonly sourceHash: string; readonly previousActive: string | null; readonly alreadyLoaded: boolean } | StepFailure;
export type CheckAnswer = { readonly ok: true; readonly active: string | null; readonly actors: readonly Pick<RunningActorInfo, 'ActorClass' | 'Status' | 'Restarts'>[]; readonly ready: boolean } | StepFailure;
export type RollbackAnswer = { readonly ok: true; readonly reactivated: string | null } | StepFailure;

/** What the CLI asks the leader's agent (by global name, over the admin link). */
export type AgentRequest =
  | { readonly op: 'members' }
  | { readonly op: 'step'; readonly member: string; readonly request: RolloutStep; readonly timeoutMs: number };

export type AgentMembersAnswer = { readonly ok: true; readonly role: 'alone' | 'leader' | 'member'; readonly system: string; readonly members: readonly string[] };

export function isRolloutStep(v: unknown): v is RolloutStep {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as { step?: unknown; fileName?: unknown; bytes?: unknown; group?: unknown; sourceHash?: unknown; define?: unknown; requestedBy?: unknown };
  if (s.step === 'load') return typeof s.fileName === 'string' && typeof s.bytes === 'string' && typeof s.define === 'object' && s.define !== null && typeof s.requestedBy === 'string';
  if (s.step === 'check') return typeof s.group === 'string' && typeof s.sourceHash === 'string';
  if (s.step === 'rollback') return typeof s.group === 'string' && typeof s.sourceHash === 'string' && typeof s.fileName === 'string' && typeof s.requestedBy === 'string';
  return false;
}
