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
import * as v from 'valibot';
import { DefineGroupSchema } from './director-messages';
import { decodeWith, variantOption, type Decoded } from './wire-schema';

export const ROLLOUT_STEP_METHOD = 'convention/rollout-step' as const;
/** Global name of the rollout agent on every daemon (the CLI asks the leader's). */
export const ROLLOUT_AGENT_NAME = 'DirectorRollout';

const text = v.string('a string');
/** What the leader asks a member: its check and, by v.InferOutput, the type {@link RolloutStep}. */
const RolloutStepSchema = v.variant(
  'step',
  [
    /** `bytes`: the package, base64; `define`: the group as the leader's TLI defines it. */
    variantOption({
      step: v.literal('load'),
      fileName: text,
      bytes: text,
      define: DefineGroupSchema,
      requestedBy: text,
    }),
    variantOption({ step: v.literal('check'), group: text, sourceHash: text }),
    variantOption({ step: v.literal('rollback'), group: text, sourceHash: text, fileName: text, requestedBy: text }),
  ],
  'a rollout step ("load", "check" or "rollback")',
);
export type RolloutStep = v.InferOutput<typeof RolloutStepSchema>;

/** A step's answer: `ok: true` with its fields, or a failure with a code (docs/errors/rollout.md). */
const StepFailureSchema = variantOption({ ok: v.literal(false), code: text, message: text });
export type StepFailure = v.InferOutput<typeof StepFailureSchema>;
const answer = <const E extends v.ObjectEntries>(entries: E) =>
  v.variant(
    'ok',
    [variantOption({ ok: v.literal(true), ...entries }), StepFailureSchema],
    'an answer with "ok" true or false',
  );

const LoadAnswerSchema = answer({ sourceHash: text, previousActive: v.nullable(text), alreadyLoaded: v.boolean() });
const ACTOR_STATUS = v.picklist(
  ['starting', 'running', 'restarting', 'exited', 'failed', 'stopped'],
  'an actor status',
);
const CheckAnswerSchema = answer({
  active: v.nullable(text),
  actors: v.pipe(
    v.array(variantOption({ ActorClass: text, Status: ACTOR_STATUS, Restarts: v.number('a number') })),
    v.readonly(),
  ),
  ready: v.boolean(),
});
const RollbackAnswerSchema = answer({ reactivated: v.nullable(text) });
export type LoadAnswer = v.InferOutput<typeof LoadAnswerSchema>;
export type CheckAnswer = v.InferOutput<typeof CheckAnswerSchema>;
export type RollbackAnswer = v.InferOutput<typeof RollbackAnswerSchema>;

/** What the CLI asks the leader's agent (by global name, over the admin link). */
const AgentRequestSchema = v.variant(
  'op',
  [
    variantOption({ op: v.literal('members') }),
    variantOption({ op: v.literal('step'), member: text, request: RolloutStepSchema, timeoutMs: v.number('a number') }),
  ],
  'a rollout agent request ("members" or "step")',
);
export type AgentRequest = v.InferOutput<typeof AgentRequestSchema>;

const AgentMembersAnswerSchema = variantOption({
  ok: v.literal(true),
  role: v.picklist(['alone', 'leader', 'member'], 'alone, leader or member'),
  system: text,
  members: v.pipe(v.array(text), v.readonly()),
});
export type AgentMembersAnswer = v.InferOutput<typeof AgentMembersAnswerSchema>;

/** The agent's answers as the CLI reads them, each by its schema. */
export const AnswerSchemas = {
  load: LoadAnswerSchema,
  check: CheckAnswerSchema,
  rollback: RollbackAnswerSchema,
  members: AgentMembersAnswerSchema,
} as const;

/** An answer of the leader's agent; one that is not an answer of its kind is a failure saying so. */
export function decodeAnswer<S extends (typeof AnswerSchemas)[keyof typeof AnswerSchemas]>(
  schema: S,
  x: unknown,
): v.InferOutput<S> | StepFailure {
  const d = decodeWith(schema, x, 'the answer');
  return d.ok
    ? d.value
    : {
        ok: false,
        code: 'ROLLOUT_STEP_FAILED',
        message: `the leader's rollout agent answered something else than expected: ${d.message}`,
      };
}

/** A step as a member reads it from its leader; the message names the field. */
export function decodeRolloutStep(x: unknown): Decoded<RolloutStep> {
  return decodeWith(RolloutStepSchema, x, 'rollout step');
}

/** A request to the leader's agent, as the agent reads it. */
export function decodeAgentRequest(x: unknown): Decoded<AgentRequest> {
  return decodeWith(AgentRequestSchema, x, 'rollout agent request');
}
