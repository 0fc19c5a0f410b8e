/**
 * Unloading a source: OnDeactivate (only when it is the active source, only to living actors),
 * then the actor system unloads it (its actors end). When the active source goes, the highest
 * VERSION still loaded is reactivated (the original took the most recently loaded); unloading an
 * inactive source reactivates nothing (the original re-sent OnReactivate to the active one).
 */
import type { UnloadSourceRequest } from '../../protocol/director-messages';
import { notifyWaiters } from './activation';
import { describeActor, findSource, iso, reply, replyAll, withActor } from './state-ops';
import type { Decision, DirectorState, Effect, LoadedSource, Requester } from './types';
import { compareVersions } from './version-compare';

export function onUnloadRequest(state: DirectorState, req: UnloadSourceRequest, from: Requester): Decision {
  const hash = req.SourceHash;
  const source = findSource(state, hash);
  if (!source) {
    const pending = state.pending.find((p) => p.hash === hash);
    const [code, message] = pending
      ? ['DIRECTOR_BUSY', `source ${hash} is still being loaded; unload it when its load has finished`]
      : ['DIRECTOR_UNKNOWN_HASH', `no loaded source has the hash "${hash}"; "director list" shows the loaded ones`];
    return {
      state,
      effects: reply(from, { DirectorResponse: 'SourceUnloaded', Success: false, SourceHash: hash, code, message }),
    };
  }
  const waiting = state.unloading.find((u) => u.hash === hash);
  if (waiting) {
    return {
      state: {
        ...state,
        unloading: state.unloading.map((u) => (u.hash === hash ? { ...u, requesters: [...u.requesters, from] } : u)),
      },
      effects: [],
    };
  }
  const effects: Effect[] = [];
  if (state.groups[source.group]?.active === hash) {
    for (const a of source.actors) {
      if (a.address && a.def.onDeactivate)
        effects.push({ kind: 'send', to: a.address, message: a.def.onDeactivate.value });
    }
  }
  effects.push({ kind: 'unloadSource', hash });
  const next: DirectorState = {
    ...markUnloading(state, source),
    unloading: [...state.unloading, { hash, requesters: [from], requestedBy: req.RequestedBy ?? 'unknown' }],
  };
  return { state: next, effects };
}

function markUnloading(state: DirectorState, source: LoadedSource): DirectorState {
  const g = state.groups[source.group];
  if (!g) return state;
  return {
    ...state,
    groups: {
      ...state.groups,
      [source.group]: { ...g, sources: g.sources.map((s) => (s.hash === source.hash ? { ...s, unloading: true } : s)) },
    },
  };
}

/** The actor system reports the source gone (ours, AutoUnload's, or anyone's unload). */
export function onSourceUnloaded(state: DirectorState, hash: string, now: number): Decision {
  const effects: Effect[] = [];
  let next = state;
  const pending = state.pending.find((p) => p.hash === hash);
  const source = findSource(state, hash);
  if (pending && (!source || source.starting)) {
    effects.push(
      ...replyAll(pending.requesters, {
        DirectorResponse: 'SourceLoaded',
        Success: false,
        Group: pending.group,
        SourceHash: hash,
        code: 'DIRECTOR_UNLOADED_WHILE_LOADING',
        message: `source ${hash} was unloaded before its load finished`,
      }),
    );
    next = { ...next, pending: next.pending.filter((p) => p.hash !== hash) };
  }
  const waiter = state.unloading.find((u) => u.hash === hash);
  next = { ...next, unloading: next.unloading.filter((u) => u.hash !== hash) };
  if (!source) return { state: next, effects };
  const group = next.groups[source.group];
  if (!group) return { state: next, effects };
  const wasActive = group.active === hash;
  const remaining = group.sources.filter((s) => s.hash !== hash);
  next = {
    ...next,
    groups: {
      ...next.groups,
      [source.group]: { ...group, sources: remaining, active: wasActive ? null : group.active },
    },
  };
  effects.push(
    {
      kind: 'audit',
      entry: {
        action: 'unload',
        sourceHash: hash,
        group: source.group,
        version: source.version,
        keyId: source.keyId,
        time: iso(now),
        by: waiter?.requestedBy ?? 'actor system',
      },
    },
    {
      kind: 'publish',
      event: {
        kind: 'source-unloaded',
        group: source.group,
        sourceHash: hash,
        version: source.version,
        time: iso(now),
      },
    },
  );
  if (wasActive) {
    const r = reactivate(next, source.group, now);
    next = r.state;
    effects.push(...r.effects);
  }
  effects.push(
    ...replyAll(waiter?.requesters ?? [], {
      DirectorResponse: 'SourceUnloaded',
      Success: true,
      Group: source.group,
      SourceHash: hash,
      Reactivated: wasActive ? (next.groups[source.group]?.active ?? null) : null,
    }),
  );
  effects.push({ kind: 'persist' });
  return { state: next, effects };
}

/** Make the highest version still loaded (and not unloading) the group's active source. */
export function reactivate(state: DirectorState, group: string, now: number): Decision {
  const g = state.groups[group];
  if (!g) return { state, effects: [] };
  const candidates = g.sources.filter((s) => !s.unloading);
  // Highest version; among equal versions the most recently loaded.
  let best: LoadedSource | undefined;
  for (const s of candidates) if (!best || compareVersions(s.version, best.version) >= 0) best = s;
  return makeActive(state, group, best, now);
}

/**
 * `load` of a loaded, inactive version: it becomes the active one again (the active one gets
 * OnDeactivate, its actors OnReactivate), as the operator asked.
 */
export function activateLoaded(state: DirectorState, hash: string, now: number): Decision {
  const src = findSource(state, hash);
  const g = src ? state.groups[src.group] : undefined;
  if (!src || !g || g.active === hash) return { state, effects: [] };
  const effects: Effect[] = [];
  const old = g.sources.find((s) => s.hash === g.active);
  for (const a of old?.actors ?? []) {
    if (a.address && a.def.onDeactivate)
      effects.push({ kind: 'send', to: a.address, message: a.def.onDeactivate.value });
  }
  const d = makeActive(state, src.group, src, now);
  return { state: d.state, effects: [...effects, ...d.effects] };
}

function makeActive(state: DirectorState, group: string, best: LoadedSource | undefined, now: number): Decision {
  const g = state.groups[group];
  if (!g) return { state, effects: [] };
  let next: DirectorState = { ...state, groups: { ...state.groups, [group]: { ...g, active: best?.hash ?? null } } };
  const effects: Effect[] = [
    {
      kind: 'publish',
      event: {
        kind: 'source-activated',
        group,
        sourceHash: best?.hash ?? null,
        version: best?.version ?? null,
        time: iso(now),
      },
    },
  ];
  if (best) {
    const src = best;
    src.actors.forEach((a, index) => {
      if (a.address && a.status === 'running') {
        // The new version took this actor's GlobalName; it takes it back.
        if (a.def.globalName !== null)
          effects.push({ kind: 'setGlobalName', name: a.def.globalName, address: a.address });
        if (a.def.onReactivate) effects.push({ kind: 'send', to: a.address, message: a.def.onReactivate.value });
      } else if (a.status !== 'starting' && a.status !== 'restarting') {
        // A dead actor of the reactivated source starts again from its own source (the original
        // omitted the hash, so the class was looked up outside any source). A start, not a restart: if it fails (a class missing...) it is
        // shown failed, not retried.
        next = withActor(next, src.hash, index, (x) => ({ ...x, status: 'starting', recentExits: [] }));
        effects.push({
          kind: 'log',
          level: 'info',
          text: `starting ${describeActor(a)} of reactivated source ${src.hash} again`,
        });
        effects.push({
          kind: 'createActor',
          hash: src.hash,
          index,
          actorClass: a.def.actorClass,
          globalName: a.def.globalName,
        });
      }
    });
  }
  const n = notifyWaiters(next);
  return { state: n.state, effects: [...effects, ...n.effects] };
}
