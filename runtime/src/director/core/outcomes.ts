/** Plain-data views of a source's actors, as replies carry them. */
import type { ActorOutcome, RunningActorInfo } from '../../protocol/director-messages';
import type { LoadedSource, RunningActor } from './types';

export function actorOutcome(a: RunningActor): ActorOutcome {
  const o = { ActorClass: a.def.actorClass, Role: a.def.role, ActorAddress: a.address };
  return a.error !== undefined && a.address === null ? { ...o, Error: a.error } : o;
}

export function runningActorInfo(a: RunningActor): RunningActorInfo {
  const info: RunningActorInfo = {
    ActorClass: a.def.actorClass,
    Role: a.def.role,
    ActorAddress: a.address,
    StartTime: a.startTime,
    GlobalName: a.def.globalName,
    Status: a.status,
    Restarts: a.restarts,
  };
  return a.error !== undefined ? { ...info, Error: a.error } : info;
}

export function failedActors(s: LoadedSource): RunningActor[] {
  return s.actors.filter((a) => a.status === 'failed');
}
