/**
 * Activation of a validated source and the end of its load.
 *
 * Effect order on activation, and why:
 * 1. OnDeactivate messages to the old active source's living actors (an exited one has no
 *    address and is skipped: the original crashed there and silently dropped the load);
 * 2. for each new actor with a GlobalName held by an actor of this group: release the name
 *    (`setGlobalName(name, null)`), then 3. `createActor` claiming it. The release is a registry
 *    change made before the create, so the create can never resolve to the old actor (the original's replacement race).
 * The OnLoad message goes out when the actor is known to exist (onActorCreated).
 */
import { chooseAutoUnloads } from './auto-unload';
import { compareVersions } from './version-compare';
import { actorOutcome, failedActors } from './outcomes';
import { describeActor, iso, replyAll, withSource } from './state-ops';
import type { Decision, DirectorState, Effect, LoadedSource, PendingLoad, RunningActor } from './types';

export function activate(state: DirectorState, p: PendingLoad, now: number): Decision {
  const group = state.groups[p.group];
  if (!group) return { state, effects: [] };
  const restore = p.restore;
  const willActivate = restore ? restore.activate : true;
  // A restore starts every actor that ran before the crash, inactive sources' too (they get their
  // OnLoad and then OnDeactivate again, see onActorCreated), with its restart count and crash
  // window; one that had exited or failed stays so, as it would have without the crash.
  const actors: RunningActor[] = (restore?.actors ?? group.def.actors).map((def, i) => {
    const was = restore?.actorStates?.[i];
    const base = {
      def,
      address: null,
      startTime: null,
      restarts: was?.restarts ?? 0,
      recentExits: was?.recentExits ?? [],
    };
    if (was === undefined || was.status === 'running') return { ...base, status: 'starting' };
    return { ...base, status: was.status, ...(was.error !== undefined ? { error: was.error } : {}) };
  });
  const toStart = actors.filter((a) => a.status === 'starting').length;
  const source: LoadedSource = {
    hash: p.hash,
    group: p.group,
    path: p.path,
    version: p.version,
    keyId: p.keyId,
    loadedAt: restore?.loadedAt ?? iso(now),
    autoUnload: restore?.autoUnload ?? group.def.autoUnload,
    actors,
    starting: toStart > 0,
    unloading: false,
  };
  const effects: Effect[] = [];
  const old = group.sources.find((s) => s.hash === group.active);
  if (willActivate && old) {
    for (const a of old.actors) {
      if (a.address && a.def.onDeactivate)
        effects.push({ kind: 'send', to: a.address, message: a.def.onDeactivate.value });
    }
  }
  const next: DirectorState = {
    ...state,
    groups: {
      ...state.groups,
      [p.group]: { ...group, sources: [...group.sources, source], active: willActivate ? p.hash : group.active },
    },
  };
  effects.push({
    kind: 'publish',
    event: { kind: 'source-loaded', group: p.group, sourceHash: p.hash, version: p.version, time: iso(now) },
  });
  if (willActivate)
    effects.push({
      kind: 'publish',
      event: { kind: 'source-activated', group: p.group, sourceHash: p.hash, version: p.version, time: iso(now) },
    });
  actors.forEach((a, index) => {
    if (a.status !== 'starting') return;
    if (!willActivate) {
      // A restored inactive source's actor: it runs again, without the group's global name (the
      // active source holds it, as before the crash).
      effects.push({ kind: 'createActor', hash: p.hash, index, actorClass: a.def.actorClass, globalName: null });
      return;
    }
    const name = a.def.globalName;
    if (name !== null) {
      const holder = group.sources.flatMap((s) => s.actors).find((x) => x.address && x.def.globalName === name);
      if (holder) effects.push({ kind: 'setGlobalName', name, address: null });
    }
    effects.push({ kind: 'createActor', hash: p.hash, index, actorClass: a.def.actorClass, globalName: name });
  });
  if (source.starting) return { state: next, effects };
  return finishLoad(next, p, now, effects);
}

/** Every OnLoad actor of `hash` has started or failed: reply, AutoUnload, prune, notify, persist. */
export function completeLoad(state: DirectorState, hash: string, now: number): Decision {
  const p = state.pending.find((x) => x.hash === hash);
  const next = withSource(state, hash, (s) => ({ ...s, starting: false }));
  if (!p) return { state: next, effects: [] };
  return finishLoad(next, p, now, []);
}

function finishLoad(state: DirectorState, p: PendingLoad, now: number, effects: Effect[]): Decision {
  let next: DirectorState = { ...state, pending: state.pending.filter((x) => x.hash !== p.hash) };
  const group = next.groups[p.group];
  const source = group?.sources.find((s) => s.hash === p.hash);
  if (!group || !source) return { state: next, effects };
  const out = [...effects];
  const failed = failedActors(source);
  if (failed.length === 0) {
    out.push(
      ...replyAll(p.requesters, {
        DirectorResponse: 'SourceLoaded',
        Success: true,
        Group: p.group,
        SourceHash: p.hash,
        Version: p.version,
        AlreadyLoaded: false,
        Actors: source.actors.map(actorOutcome),
      }),
    );
  } else {
    const why = failed.map((a) => `${describeActor(a)}: ${a.error ?? 'not started'}`).join('; ');
    out.push(
      ...replyAll(p.requesters, {
        DirectorResponse: 'SourceLoaded',
        Success: false,
        Group: p.group,
        SourceHash: p.hash,
        code: 'DIRECTOR_ACTOR_START_FAILED',
        message: `source ${p.hash} is loaded and active, but ${failed.length} of its OnLoad actors did not start: ${why}`,
        data: {
          actors: source.actors.map((a) => ({
            ActorClass: a.def.actorClass,
            Role: a.def.role,
            Error: a.error ?? null,
          })),
        },
      }),
    );
  }
  // An explicit load of an older signed version than one still loaded is how one rolls back: allowed, and said so.
  const newer = p.restore
    ? undefined
    : group.sources.find((s) => s.hash !== p.hash && !s.unloading && compareVersions(s.version, p.version) > 0);
  out.push({
    kind: 'audit',
    entry: {
      action: newer ? 'rollback' : 'load',
      sourceHash: p.hash,
      group: p.group,
      version: p.version,
      keyId: p.keyId,
      time: iso(now),
      by: p.restore ? 'restore' : p.requestedBy,
      ...(newer ? { rollbackFrom: newer.version } : {}),
    },
  });
  if (!p.restore) {
    const older = group.sources.filter((s) => s.hash !== p.hash && !s.unloading);
    for (const h of chooseAutoUnloads(older)) {
      next = withSource(next, h, (s) => ({ ...s, unloading: true }));
      next = {
        ...next,
        unloading: [...next.unloading, { hash: h, requesters: [], requestedBy: `AutoUnload after ${p.hash}` }],
      };
      out.push({ kind: 'unloadSource', hash: h });
    }
    if (group.def.keepLimit !== null) {
      out.push({
        kind: 'prune',
        group: p.group,
        keepLimit: group.def.keepLimit,
        loadedPaths: group.sources.map((s) => s.path),
      });
    }
    out.push(...notifyWaiters(next).effects);
    next = notifyWaiters(next).state;
  }
  out.push({ kind: 'persist' });
  return { state: next, effects: out };
}

/** Tell every RequestNotification waiter that an active source changed (one-shot). */
export function notifyWaiters(state: DirectorState): Decision {
  if (state.waiters.length === 0) return { state, effects: [] };
  return {
    state: { ...state, waiters: [] },
    effects: state.waiters.map((to) => ({
      kind: 'reply',
      to,
      message: { DirectorResponse: 'NotificationOfUpdate', Success: true },
    })),
  };
}
