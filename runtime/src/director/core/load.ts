/**
 * LoadSource: from the request to the Source Authority's verdict. Activation (OnDeactivate to the
 * old source, the new source's actors, AutoUnload, pruning) is in activation.ts.
 */
import type { LoadSourceRequest } from '../../protocol/director-messages';
import { activate } from './activation';
import { activateLoaded } from './unload';
import { actorOutcome } from './outcomes';
import { findSource, iso, reply, replyAll } from './state-ops';
import type { Decision, DirectorState, Effect, PendingLoad, Requester } from './types';

/** A LoadSource request after the adapter read the file: its hash and version are known. */
export interface LoadInput {
  readonly request: LoadSourceRequest;
  readonly hash: string;
  readonly version: string | null;
}

export function onLoadRequest(state: DirectorState, input: LoadInput, from: Requester, now: number): Decision {
  const { request, hash, version } = input;
  const group = request.Group;
  const fail = (code: string, message: string): Decision => ({
    state,
    effects: reply(from, {
      DirectorResponse: 'SourceLoaded',
      Success: false,
      Group: group,
      SourceHash: hash,
      code,
      message,
    }),
  });
  // The original loaded the source first and failed later on an undefined group, leaving it loaded
  // but untracked: refuse before anything happens.
  if (!state.groups[group]) {
    return fail(
      'DIRECTOR_UNKNOWN_GROUP',
      `group "${group}" is not defined: send DefineGroup (its TLI) first; "director load ${group}" does both`,
    );
  }
  const loaded = findSource(state, hash);
  if (loaded) {
    if (loaded.group !== group) {
      return fail(
        'DIRECTOR_HASH_IN_OTHER_GROUP',
        `source ${hash} is already loaded in group "${loaded.group}", not "${group}"`,
      );
    }
    if (loaded.unloading) return fail('DIRECTOR_BUSY', `source ${hash} is being unloaded; try again when that is done`);
    if (!loaded.starting) {
      // Loading what is loaded changes nothing (scenario 33), and says so; loading a loaded but
      // inactive version makes it the active one (what the operator asked for).
      const made = state.groups[group]?.active !== hash ? activateLoaded(state, hash, now) : { state, effects: [] };
      return {
        state: made.state,
        effects: [
          ...made.effects,
          ...reply(from, {
            DirectorResponse: 'SourceLoaded',
            Success: true,
            Group: group,
            SourceHash: hash,
            Version: loaded.version,
            AlreadyLoaded: true,
            Actors: (findSource(made.state, hash) ?? loaded).actors.map(actorOutcome),
            ...(made.state !== state ? { Activated: true } : {}),
          }),
        ],
      };
    }
  }
  const pending = state.pending.find((p) => p.hash === hash);
  if (pending) {
    if (pending.group !== group)
      return fail(
        'DIRECTOR_HASH_IN_OTHER_GROUP',
        `source ${hash} is being loaded in group "${pending.group}", not "${group}"`,
      );
    return {
      state: {
        ...state,
        pending: state.pending.map((p) => (p.hash === hash ? { ...p, requesters: [...p.requesters, from] } : p)),
      },
      effects: [],
    };
  }
  const entry: PendingLoad = {
    hash,
    group,
    path: request.Source,
    version,
    requesters: [from],
    requestedBy: request.RequestedBy ?? 'unknown',
    accepted: false,
    keyId: null,
  };
  return {
    state: { ...state, pending: [...state.pending, entry] },
    effects: [{ kind: 'loadSource', hash, path: request.Source }],
  };
}

/** The Source Authority accepted the bytes: activate now, or after the group's current activation. */
export function onSourceAccepted(state: DirectorState, hash: string, keyId: string | null, now: number): Decision {
  const p = state.pending.find((x) => x.hash === hash);
  if (!p || p.accepted) return { state, effects: [] };
  const next: DirectorState = {
    ...state,
    pending: state.pending.map((x) => (x.hash === hash ? { ...x, accepted: true, keyId } : x)),
  };
  return activateNext(next, p.group, now);
}

/**
 * Activate the group's oldest pending load once it is validated, unless one of the group's loads
 * is still starting. Loads of a group therefore take effect in the order they were asked for,
 * whatever order their validations finish in (a restore relies on this).
 */
export function activateNext(state: DirectorState, group: string, now: number): Decision {
  const g = state.groups[group];
  if (!g || g.sources.some((s) => s.starting)) return { state, effects: [] };
  const p = state.pending.find((x) => x.group === group);
  if (!p || !p.accepted) return { state, effects: [] };
  return activate(state, p, now);
}

/** Validation failed (tampered, unknown key, unreadable): nothing changes; every requester hears why. */
export function onSourceRejected(
  state: DirectorState,
  hash: string,
  code: string,
  message: string,
  now: number,
): Decision {
  const p = state.pending.find((x) => x.hash === hash);
  if (!p) return { state, effects: [] };
  const effects: Effect[] = [
    ...replyAll(p.requesters, {
      DirectorResponse: 'SourceLoaded',
      Success: false,
      Group: p.group,
      SourceHash: hash,
      // The Director's own refusal (its copy could not be written) keeps its code.
      code: code === 'DIRECTOR_NOT_DURABLE' ? code : 'DIRECTOR_SOURCE_REJECTED',
      message: `${p.path} was not loaded: ${message}${g(state, p.group)}`,
      data: { authorityCode: code, path: p.path },
    }),
    {
      kind: 'audit',
      entry: {
        action: 'load-failed',
        sourceHash: hash,
        group: p.group,
        version: p.version,
        keyId: null,
        time: iso(now),
        by: p.requestedBy,
        code,
      },
    },
    {
      kind: 'publish',
      event: { kind: 'source-load-failed', group: p.group, sourceHash: hash, code, message, time: iso(now) },
    },
    { kind: 'log', level: 'error', text: `source ${hash} (${p.path}) rejected: [${code}] ${message}` },
  ];
  return { state: { ...state, pending: state.pending.filter((x) => x.hash !== hash) }, effects };
}

function g(state: DirectorState, group: string): string {
  const active = state.groups[group]?.active;
  return active ? ` (the active source of "${group}" is still ${active})` : '';
}
