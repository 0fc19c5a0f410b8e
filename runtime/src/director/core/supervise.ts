/** Exits of the actors the Director started, and their restarts (policy in restart-policy.ts). */
import type { ActorAddress } from '../../protocol/actor-address';
import { sameAddress } from '../../protocol/actor-address';
import type { RestartPolicy } from './restart-policy';
import { decideRestart } from './restart-policy';
import { describeActor, findSource, iso, withActor } from './state-ops';
import type { Decision, DirectorState, Effect } from './types';

export function onActorExited(
  state: DirectorState,
  address: ActorAddress,
  reason: string | null,
  now: number,
  policy: RestartPolicy,
): Decision {
  let next = state;
  const effects: Effect[] = [];
  for (const [groupName, g] of Object.entries(state.groups)) {
    for (const s of g.sources) {
      s.actors.forEach((a, index) => {
        if (!sameAddress(a.address, address)) return;
        effects.push({
          kind: 'publish',
          event: {
            kind: 'actor-exited',
            group: groupName,
            sourceHash: s.hash,
            actorClass: a.def.actorClass,
            role: a.def.role,
            address,
            reason,
            time: iso(now),
          },
        });
        const why = reason ?? 'exited';
        if (s.unloading || g.active !== s.hash) {
          // Actors of an inactive (or departing) source are never restarted.
          next = withActor(next, s.hash, index, (x) => ({ ...x, address: null, status: 'exited', error: why }));
          return;
        }
        const ranFor = a.startTime ? now - Date.parse(a.startTime) : 0;
        const d = decideRestart(a.recentExits, ranFor, now, policy);
        if (d.action === 'restart') {
          next = withActor(next, s.hash, index, (x) => ({
            ...x,
            address: null,
            status: 'restarting',
            recentExits: d.recentExits,
            error: why,
          }));
          effects.push({
            kind: 'log',
            level: 'warning',
            text: `${describeActor(a)} of ${s.hash} exited (${why}) after ${ranFor} ms; restarting in ${d.delayMs} ms`,
          });
          effects.push({ kind: 'scheduleRestart', hash: s.hash, index, delayMs: d.delayMs });
        } else {
          next = withActor(next, s.hash, index, (x) => ({
            ...x,
            address: null,
            status: 'failed',
            recentExits: d.recentExits,
            error: `${why}; ${d.reason}`,
          }));
          effects.push({
            kind: 'log',
            level: 'error',
            text: `${describeActor(a)} of ${s.hash} exited (${why}); ${d.reason}`,
          });
        }
      });
    }
  }
  return { state: next, effects };
}

/** A scheduled restart is due: create the actor again if its source is still the active one. */
export function onRestartDue(state: DirectorState, hash: string, index: number): Decision {
  const s = findSource(state, hash);
  const a = s?.actors[index];
  if (!s || !a || a.status !== 'restarting') return { state, effects: [] };
  if (s.unloading || state.groups[s.group]?.active !== hash) {
    return { state: withActor(state, hash, index, (x) => ({ ...x, status: 'exited' })), effects: [] };
  }
  return {
    state,
    effects: [{ kind: 'createActor', hash, index, actorClass: a.def.actorClass, globalName: a.def.globalName }],
  };
}
