/** Small immutable-update helpers shared by the core's handlers. */
import type { ActorAddress } from '../../protocol/actor-address';
import type { DirectorReply } from '../../protocol/director-messages';
import type { DirectorState, Effect, GroupState, LoadedSource, Requester, RunningActor } from './types';

export function iso(now: number): string {
  return new Date(now).toISOString();
}

export function findSource(state: DirectorState, hash: string): LoadedSource | undefined {
  for (const g of Object.values(state.groups)) {
    const s = g.sources.find((x) => x.hash === hash);
    if (s) return s;
  }
  return undefined;
}

export function withGroup(state: DirectorState, name: string, fn: (g: GroupState) => GroupState): DirectorState {
  const g = state.groups[name];
  if (!g) return state;
  return { ...state, groups: { ...state.groups, [name]: fn(g) } };
}

export function withSource(state: DirectorState, hash: string, fn: (s: LoadedSource) => LoadedSource): DirectorState {
  const src = findSource(state, hash);
  if (!src) return state;
  return withGroup(state, src.group, (g) => ({ ...g, sources: g.sources.map((s) => (s.hash === hash ? fn(s) : s)) }));
}

export function withActor(
  state: DirectorState,
  hash: string,
  index: number,
  fn: (a: RunningActor) => RunningActor,
): DirectorState {
  return withSource(state, hash, (s) => ({ ...s, actors: s.actors.map((a, i) => (i === index ? fn(a) : a)) }));
}

export function replyAll(requesters: readonly Requester[], message: DirectorReply): Effect[] {
  const out: Effect[] = [];
  for (const to of requesters) if (to) out.push({ kind: 'reply', to, message });
  return out;
}

export function reply(to: ActorAddress | null, message: DirectorReply): Effect[] {
  return to ? [{ kind: 'reply', to, message }] : [];
}

/** A one-line description of an actor for logs: `foo.fooactor.FooActor (MainFoo)`. */
export function describeActor(a: RunningActor): string {
  return a.def.role ? `${a.def.actorClass} (${a.def.role})` : a.def.actorClass;
}
