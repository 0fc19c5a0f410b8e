/**
 * The Director's core: one pure `step(state, input, now)` that returns the next state and the
 * effects to carry out. The actor adapter (../director-actor.ts) feeds it requests and the actor
 * system's answers, one at a time, and executes the effects in order.
 */
import type { ActorAddress } from '../../protocol/actor-address';
import type { DirectorRequest } from '../../protocol/director-messages';
import { activateNext } from './load';
import { onActorCreated, onActorCreateFailed } from './actor-events';
import { onDefineGroup } from './define-group';
import type { LoadInput } from './load';
import { onLoadRequest, onSourceAccepted, onSourceRejected } from './load';
import { addWaiter, retrieveAll, retrieveRole } from './queries';
import type { DirectorRecord } from './record';
import { restorePlan } from './record';
import type { RestartPolicy } from './restart-policy';
import { defaultRestartPolicy } from './restart-policy';
import { reply } from './state-ops';
import { onActorExited, onRestartDue } from './supervise';
import type { Decision, DirectorState, Effect, Requester } from './types';
import { onSourceUnloaded, onUnloadRequest, reactivate } from './unload';

/** Any request but LoadSource (which needs the file's hash: see the `load` input) and Refresh (the adapter's batch of DefineGroup and load inputs). */
export type CoreRequest = Exclude<DirectorRequest, { DirectorOp: 'LoadSource' | 'Refresh' }>;

export type CoreInput =
  | { readonly kind: 'request'; readonly request: CoreRequest; readonly from: Requester }
  | { readonly kind: 'load'; readonly input: LoadInput; readonly from: Requester }
  | { readonly kind: 'sourceAccepted'; readonly hash: string; readonly keyId: string | null }
  | { readonly kind: 'sourceRejected'; readonly hash: string; readonly code: string; readonly message: string }
  | { readonly kind: 'sourceUnloaded'; readonly hash: string }
  | { readonly kind: 'actorCreated'; readonly hash: string; readonly index: number; readonly address: ActorAddress }
  | {
      readonly kind: 'actorCreateFailed';
      readonly hash: string;
      readonly index: number;
      readonly code: string;
      readonly message: string;
    }
  | { readonly kind: 'actorExited'; readonly address: ActorAddress; readonly reason: string | null }
  | { readonly kind: 'restartDue'; readonly hash: string; readonly index: number }
  /** Start from a persisted record: replaces the state; the loads are redone in order. */
  | { readonly kind: 'restore'; readonly record: DirectorRecord };

export interface CoreOptions {
  readonly restartPolicy: RestartPolicy;
}

export const defaultCoreOptions: CoreOptions = { restartPolicy: defaultRestartPolicy };

function handle(state: DirectorState, input: CoreInput, now: number, options: CoreOptions): Decision {
  switch (input.kind) {
    case 'request':
      return onRequest(state, input.request, input.from, now);
    case 'load':
      return onLoadRequest(state, input.input, input.from, now);
    case 'sourceAccepted':
      return onSourceAccepted(state, input.hash, input.keyId, now);
    case 'sourceRejected':
      return onSourceRejected(state, input.hash, input.code, input.message, now);
    case 'sourceUnloaded':
      return onSourceUnloaded(state, input.hash, now);
    case 'actorCreated':
      return onActorCreated(state, input.hash, input.index, input.address, now);
    case 'actorCreateFailed':
      return onActorCreateFailed(state, input.hash, input.index, input.code, input.message, now, options.restartPolicy);
    case 'actorExited':
      return onActorExited(state, input.address, input.reason, now, options.restartPolicy);
    case 'restartDue':
      return onRestartDue(state, input.hash, input.index);
    case 'restore': {
      const plan = restorePlan(input.record);
      return {
        state: plan.state,
        effects: plan.loads.map((p) => ({ kind: 'loadSource', hash: p.hash, path: p.path })),
      };
    }
  }
}

function onRequest(state: DirectorState, request: CoreRequest, from: Requester, now: number): Decision {
  switch (request.DirectorOp) {
    case 'DefineGroup':
      return onDefineGroup(state, request, from, now);
    case 'UnloadSource':
      return onUnloadRequest(state, request, from);
    case 'RetrieveAll':
      return { state, effects: reply(from, retrieveAll(state, request.Group)) };
    case 'RetrieveRole':
      return { state, effects: reply(from, retrieveRole(state, request)) };
    case 'RequestNotification':
      return { state: from ? addWaiter(state, from) : state, effects: [] };
  }
}

/**
 * Advance the Director by one input. After the handler, any group that is free again (no load
 * starting) activates its next load if validated, so loads of one group never interleave and take
 * effect in the order they were asked for.
 */
export function step(
  state: DirectorState,
  input: CoreInput,
  now: number,
  options: CoreOptions = defaultCoreOptions,
): Decision {
  const first = handle(state, input, now, options);
  let next = first.state;
  const effects: Effect[] = [...first.effects];
  for (let changed = true; changed;) {
    changed = false;
    for (const group of Object.keys(next.groups)) {
      const d = activateNext(next, group, now);
      if (d.state !== next) {
        next = d.state;
        effects.push(...d.effects);
        changed = true;
      }
    }
  }
  // Invariant: a group with loaded sources and nothing pending has an active one. Only a restore
  // whose recorded active source could not be loaded again breaks it; the highest version left
  // takes over.
  for (const [group, g] of Object.entries(next.groups)) {
    const live = g.sources.filter((s) => !s.unloading);
    if (g.active === null && live.length > 0 && !next.pending.some((p) => p.group === group)) {
      const d = reactivate(next, group, now);
      next = d.state;
      effects.push(...d.effects);
    }
  }
  return { state: next, effects };
}
