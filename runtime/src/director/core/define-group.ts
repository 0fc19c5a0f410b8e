/** DefineGroup: a group's TLI, normalised into the definition later loads copy. */
import type { DefineGroupRequest } from '../../protocol/director-messages';
import type { TliActor } from '../../protocol/actor-lifecycle';
import { iso, reply } from './state-ops';
import type { ActorDef, Decision, DirectorState, GroupDef, PresentMessage, Requester } from './types';

function present(section: { readonly Message?: unknown } | undefined): PresentMessage | undefined {
  // Present means sent whatever its value (0, "", false, null); absent means never (the original dropped falsy messages and sent None for OnReactivate).
  if (section === undefined || section === null || !Object.prototype.hasOwnProperty.call(section, 'Message'))
    return undefined;
  return { value: (section as { Message: PresentMessage['value'] }).Message };
}

function nonEmpty(s: string | null | undefined): string | null {
  return typeof s === 'string' && s !== '' ? s : null;
}

export function actorDefOf(actorClass: string, t: TliActor): ActorDef {
  const def: { -readonly [K in keyof ActorDef]: ActorDef[K] } = {
    actorClass,
    role: nonEmpty(t.OnLoad?.Role),
    globalName: nonEmpty(t.OnLoad?.GlobalName),
  };
  const onLoad = present(t.OnLoad);
  const onDeactivate = present(t.OnDeactivate);
  const onReactivate = present(t.OnReactivate);
  if (onLoad) def.onLoad = onLoad;
  if (onDeactivate) def.onDeactivate = onDeactivate;
  if (onReactivate) def.onReactivate = onReactivate;
  return def;
}

export function groupDefOf(req: Omit<DefineGroupRequest, 'DirectorOp' | 'Group'>): GroupDef {
  return {
    actors: Object.entries(req.Actors ?? {}).map(([cls, t]) => actorDefOf(cls, t)),
    autoUnload: req.AutoUnload ?? false,
    // 0 or absent: no pruning.
    keepLimit:
      req.TLS_Keep_Limit === undefined || req.TLS_Keep_Limit === null || req.TLS_Keep_Limit === 0
        ? null
        : req.TLS_Keep_Limit,
    ...(req.TLS_Memory_MiB !== undefined && req.TLS_Memory_MiB > 0 ? { memoryMiB: req.TLS_Memory_MiB } : {}),
  };
}

/** Replace (or create) the group's definition. Sources already loaded keep the one they loaded with. */
export function onDefineGroup(state: DirectorState, req: DefineGroupRequest, from: Requester, now: number): Decision {
  const def = groupDefOf(req);
  const existing = state.groups[req.Group];
  if (existing && JSON.stringify(existing.def) === JSON.stringify(def)) {
    // The same definition again (every load and refresh sends it): nothing to record or tell.
    return { state, effects: reply(from, { DirectorResponse: 'DeclaredGroup', Success: true, Group: req.Group }) };
  }
  const next: DirectorState = {
    ...state,
    groups: { ...state.groups, [req.Group]: existing ? { ...existing, def } : { def, sources: [], active: null } },
  };
  return {
    state: next,
    effects: [
      ...reply(from, { DirectorResponse: 'DeclaredGroup', Success: true, Group: req.Group }),
      { kind: 'persist' },
      { kind: 'publish', event: { kind: 'group-defined', group: req.Group, time: iso(now) } },
    ],
  };
}
