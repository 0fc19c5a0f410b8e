/** The actor system's answers to the core's createActor effects. */
import type { ActorAddress } from '../../protocol/actor-address';
import { completeLoad } from './activation';
import type { RestartPolicy } from './restart-policy';
import { decideRestart } from './restart-policy';
import { describeActor, findSource, iso, withActor } from './state-ops';
import type { Decision, DirectorState, Effect } from './types';

export function onActorCreated(
  state: DirectorState,
  hash: string,
  index: number,
  address: ActorAddress,
  now: number,
): Decision {
  const source = findSource(state, hash);
  const actor = source?.actors[index];
  if (!source || !actor || source.unloading || (actor.status !== 'starting' && actor.status !== 'restarting')) {
    // Nobody waits for this actor any more (its source is gone or going): end it.
    return { state, effects: [{ kind: 'exitActor', address }] };
  }
  const restarted = actor.status === 'restarting';
  const next = withActor(state, hash, index, (a) => {
    const rest: { -readonly [K in keyof typeof a]?: (typeof a)[K] } = { ...a };
    delete rest.error;
    return {
      ...(rest as typeof a),
      address,
      status: 'running',
      startTime: iso(now),
      restarts: restarted ? a.restarts + 1 : a.restarts,
    };
  });
  const effects: Effect[] = [];
  if (actor.def.onLoad) effects.push({ kind: 'send', to: address, message: actor.def.onLoad.value });
  // An actor of a source that is not the active one (a restored inactive source) is brought to
  // the state it had before the crash: loaded, then deactivated. Reactivating it later sends
  // OnReactivate, exactly as without the crash.
  if (state.groups[source.group]?.active !== hash && actor.def.onDeactivate)
    effects.push({ kind: 'send', to: address, message: actor.def.onDeactivate.value });
  const base = {
    group: source.group,
    sourceHash: hash,
    actorClass: actor.def.actorClass,
    role: actor.def.role,
    address,
    time: iso(now),
  };
  effects.push(
    restarted
      ? { kind: 'publish', event: { kind: 'actor-restarted', ...base, restarts: actor.restarts + 1 } }
      : { kind: 'publish', event: { kind: 'actor-started', ...base } },
  );
  return settleLoad(next, hash, now, effects);
}

/** When the last OnLoad actor of a starting source has settled, the load is complete. */
function settleLoad(state: DirectorState, hash: string, now: number, effects: Effect[]): Decision {
  const src = findSource(state, hash);
  if (src?.starting && src.actors.every((a) => a.status !== 'starting')) {
    const done = completeLoad(state, hash, now);
    return { state: done.state, effects: [...effects, ...done.effects] };
  }
  return { state, effects };
}

/**
 * A createActor failed (class missing from the package, constructor threw...). At load time the
 * actor is shown as failed with the reason; a failed restart counts against the crash budget.
 */
export function onActorCreateFailed(
  state: DirectorState,
  hash: string,
  index: number,
  code: string,
  message: string,
  now: number,
  policy: RestartPolicy,
): Decision {
  const source = findSource(state, hash);
  const actor = source?.actors[index];
  if (!source || !actor || (actor.status !== 'starting' && actor.status !== 'restarting'))
    return { state, effects: [] };
  const reason = `[${code}] ${message}`;
  const effects: Effect[] = [
    {
      kind: 'publish',
      event: {
        kind: 'actor-failed',
        group: source.group,
        sourceHash: hash,
        actorClass: actor.def.actorClass,
        role: actor.def.role,
        error: reason,
        time: iso(now),
      },
    },
    { kind: 'log', level: 'error', text: `could not start ${describeActor(actor)} of source ${hash}: ${reason}` },
  ];
  if (actor.status === 'restarting' && !source.unloading) {
    const d = decideRestart(actor.recentExits, 0, now, policy);
    if (d.action === 'restart') {
      const next = withActor(state, hash, index, (a) => ({ ...a, recentExits: d.recentExits, error: reason }));
      return { state: next, effects: [...effects, { kind: 'scheduleRestart', hash, index, delayMs: d.delayMs }] };
    }
    const next = withActor(state, hash, index, (a) => ({
      ...a,
      status: 'failed',
      recentExits: d.recentExits,
      error: `${reason}; ${d.reason}`,
    }));
    return { state: next, effects };
  }
  const next = withActor(state, hash, index, (a) => ({ ...a, status: 'failed', address: null, error: reason }));
  return settleLoad(next, hash, now, effects);
}
