/**
 * What the Loaded view shows: `director list --json`, or the Director's `AllAddresses` reply
 * (RetrieveAll) over the admin link. decodeLoadedState accepts either, and checks every field it
 * uses, so a daemon of another version gives a clear error instead of a broken tree.
 */
import type { GroupInfo, RunningActorInfo, SourceInfo } from '../../../runtime/src/protocol/director-messages';
import { ExtensionError } from './extension-error';
import { formatAddress, isActorAddress } from '../../../runtime/src/protocol/actor-address';

export interface LoadedActor {
  readonly actorClass: string;
  readonly role: string | null;
  /** Readable address (`ActorAddr-(…|…)`), or null when not running. */
  readonly address: string | null;
  readonly startTime: string | null;
  readonly status: string;
  readonly restarts: number;
  readonly error: string | null;
}

export interface LoadedSource {
  readonly hash: string;
  readonly version: string | null;
  readonly path: string | null;
  readonly loadedAt: string | null;
  readonly active: boolean;
  readonly actors: readonly LoadedActor[];
}

export interface LoadedGroup {
  readonly group: string;
  readonly activeHash: string | null;
  /** Load order, oldest first (as `list`). */
  readonly sources: readonly LoadedSource[];
}

/** Sorted by group name. */
export interface LoadedState {
  readonly groups: readonly LoadedGroup[];
}

/** EXTENSION_LIST_OUTPUT, saying which field was wrong. */
export class LoadedStateError extends ExtensionError {
  constructor(where: string, what: string) {
    super('EXTENSION_LIST_OUTPUT', `list --json: ${where}: ${what}`, where);
  }
}

type Obj = { readonly [k: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function decodeActor(v: unknown, where: string): LoadedActor {
  if (!isObj(v)) throw new LoadedStateError(where, 'expected an actor object');
  const a = v as Partial<Record<keyof RunningActorInfo, unknown>>;
  if (typeof a.ActorClass !== 'string') throw new LoadedStateError(where, '"ActorClass" must be a string');
  const addr = a.ActorAddress;
  return {
    actorClass: a.ActorClass,
    role: optStr(a.Role),
    address: isActorAddress(addr) ? formatAddress(addr) : typeof addr === 'string' ? addr : null,
    startTime: optStr(a.StartTime),
    status: typeof a.Status === 'string' ? a.Status : isActorAddress(addr) || typeof addr === 'string' ? 'running' : 'exited',
    restarts: typeof a.Restarts === 'number' ? a.Restarts : 0,
    error: optStr(a.Error),
  };
}

function decodeGroup(name: string, v: unknown): LoadedGroup {
  const where = `Groups.${name}`;
  if (!isObj(v)) throw new LoadedStateError(where, 'expected a group object');
  const g = v as Partial<Record<keyof GroupInfo, unknown>>;
  const loaded = g.Loaded ?? [];
  if (!Array.isArray(loaded) || !loaded.every((h) => typeof h === 'string')) {
    throw new LoadedStateError(`${where}.Loaded`, 'expected a list of source hashes');
  }
  const running = isObj(g.Running) ? g.Running : {};
  const infos = Array.isArray(g.Sources) ? (g.Sources as unknown[]).filter(isObj) : [];
  const activeHash = optStr(g.ActiveHash);
  const sources = (loaded).map((hash): LoadedSource => {
    const info = infos.find((s) => s['SourceHash'] === hash) as Partial<Record<keyof SourceInfo, unknown>> | undefined;
    const actors = running[hash] ?? [];
    if (!Array.isArray(actors)) throw new LoadedStateError(`${where}.Running.${hash}`, 'expected a list of actors');
    return {
      hash,
      version: optStr(info?.Version),
      path: optStr(info?.Path),
      loadedAt: optStr(info?.LoadedAt),
      active: hash === activeHash,
      actors: actors.map((a, i) => decodeActor(a, `${where}.Running.${hash}[${i}]`)),
    };
  });
  return { group: name, activeHash, sources };
}

/** `list --json`'s own shape: `{ groups: [{ name, activeHash, sources: [{ hash, …, actors: [...] }] }] }`. */
function decodeListJson(groups: unknown[]): LoadedState {
  const out = groups.map((g, gi): LoadedGroup => {
    const where = `groups[${gi}]`;
    if (!isObj(g) || typeof g['name'] !== 'string') throw new LoadedStateError(where, 'expected a group with a "name"');
    const sources = g['sources'] ?? [];
    if (!Array.isArray(sources)) throw new LoadedStateError(`${where}.sources`, 'expected a list of sources');
    const activeHash = optStr(g['activeHash']);
    return {
      group: g['name'],
      activeHash,
      sources: sources.map((src, si): LoadedSource => {
        const sw = `${where}.sources[${si}]`;
        if (!isObj(src) || typeof src['hash'] !== 'string') throw new LoadedStateError(sw, 'expected a source with a "hash"');
        const actors = src['actors'] ?? [];
        if (!Array.isArray(actors)) throw new LoadedStateError(`${sw}.actors`, 'expected a list of actors');
        return {
          hash: src['hash'],
          version: optStr(src['version']),
          path: optStr(src['path']),
          loadedAt: optStr(src['loadedAt']),
          active: src['active'] === true || src['hash'] === activeHash,
          actors: actors.map((a, ai) => {
            if (!isObj(a)) throw new LoadedStateError(`${sw}.actors[${ai}]`, 'expected an actor object');
            return decodeActor(
              { ActorClass: a['actorClass'], Role: a['role'], ActorAddress: a['address'], StartTime: a['startTime'], Status: a['status'], Restarts: a['restarts'], Error: a['error'] },
              `${sw}.actors[${ai}]`,
            );
          }),
        };
      }),
    };
  });
  out.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { groups: out };
}

/**
 * The Loaded state from `list --json` (`{ groups: [...] }`), the Director's AllAddresses reply
 * (`{ Groups: {...} }`) or its bare `Groups` map.
 */
export function decodeLoadedState(value: unknown): LoadedState {
  if (!isObj(value)) throw new LoadedStateError('top level', 'expected an object');
  if (Array.isArray(value['groups'])) return decodeListJson(value['groups'] as unknown[]);
  if ('Success' in value && value['Success'] === false) {
    throw new LoadedStateError('reply', typeof value['message'] === 'string' ? value['message'] : 'the Director reported a failure');
  }
  const groups = 'Groups' in value ? value['Groups'] : value;
  if (!isObj(groups)) throw new LoadedStateError('Groups', 'expected an object of groups');
  return {
    groups: Object.keys(groups)
      .sort()
      .map((name) => decodeGroup(name, groups[name])),
  };
}

/** Every loaded source hash, with whether it is active: what the Available view marks. */
export function loadedHashes(state: LoadedState | undefined): ReadonlyMap<string, 'active' | 'loaded'> {
  const m = new Map<string, 'active' | 'loaded'>();
  for (const g of state?.groups ?? []) for (const s of g.sources) m.set(s.hash, s.active ? 'active' : 'loaded');
  return m;
}

/** How many sources are loaded in all: the status bar's number. */
export function loadedSourceCount(state: LoadedState | undefined): number {
  return (state?.groups ?? []).reduce((n, g) => n + g.sources.length, 0);
}
