/**
 * What the Loaded view shows: the toolchain's typed `list()` report (loadedStateOf), or the
 * Director's `AllAddresses` reply (RetrieveAll) over the admin link, which decodeLoadedState
 * checks field by field, so a daemon of another version gives a clear error instead of a broken tree.
 */
import type { GroupInfo, RunningActorInfo, SourceInfo } from '../../../runtime/src/protocol/director-messages';
import { ExtensionError } from './extension-error';
import { formatAddress, isActorAddress, type ActorAddress } from '../../../runtime/src/protocol/actor-address';
import { isPlainObject } from '../../../runtime/src/protocol/plain-object';

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
    super('EXTENSION_LIST_OUTPUT', `RetrieveAll reply: ${where}: ${what}`, where);
  }
}

/** The fields of a reply object as the decoder reads them: names from the contract, values still unchecked. */
type Fields<T> = { readonly [K in keyof T]?: unknown };
const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function decodeActor(v: unknown, where: string): LoadedActor {
  if (!isPlainObject(v)) throw new LoadedStateError(where, 'expected an actor object');
  const a: Fields<RunningActorInfo> = v;
  if (typeof a.ActorClass !== 'string') throw new LoadedStateError(where, '"ActorClass" must be a string');
  const addr = a.ActorAddress;
  return {
    actorClass: a.ActorClass,
    role: optStr(a.Role),
    address: isActorAddress(addr) ? formatAddress(addr) : typeof addr === 'string' ? addr : null,
    startTime: optStr(a.StartTime),
    status:
      typeof a.Status === 'string' ? a.Status : isActorAddress(addr) || typeof addr === 'string' ? 'running' : 'exited',
    restarts: typeof a.Restarts === 'number' ? a.Restarts : 0,
    error: optStr(a.Error),
  };
}

function decodeGroup(name: string, v: unknown): LoadedGroup {
  const where = `Groups.${name}`;
  if (!isPlainObject(v)) throw new LoadedStateError(where, 'expected a group object');
  const g: Fields<GroupInfo> = v;
  const loaded = g.Loaded ?? [];
  if (!Array.isArray(loaded) || !loaded.every((h) => typeof h === 'string')) {
    throw new LoadedStateError(`${where}.Loaded`, 'expected a list of source hashes');
  }
  const running = isPlainObject(g.Running) ? g.Running : {};
  const infos = Array.isArray(g.Sources) ? g.Sources.filter(isPlainObject) : [];
  const activeHash = optStr(g.ActiveHash);
  const sources = loaded.map((hash): LoadedSource => {
    const info: Fields<SourceInfo> | undefined = infos.find((s) => s['SourceHash'] === hash);
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

/**
 * What the toolchain's `list()` returns, as far as the view reads it: the package's `ListReport`
 * (this pure model imports no package code, so the shape is restated; the adapter passes the
 * typed report and the compiler checks the two agree).
 */
export interface ListedState {
  readonly groups: readonly {
    readonly name: string;
    readonly activeHash: string | null;
    readonly sources: readonly {
      readonly hash: string;
      readonly version: string | null;
      readonly path: string | null;
      readonly loadedAt: string | null;
      readonly active: boolean;
      readonly actors: readonly {
        readonly actorClass: string;
        readonly role: string | null;
        readonly address: ActorAddress | null;
        readonly status: string;
        readonly startTime: string | null;
        readonly restarts: number;
        readonly error: string | null;
      }[];
    }[];
  }[];
}

/** The Loaded state from the typed list report: a mapping, nothing to check. */
export function loadedStateOf(report: ListedState): LoadedState {
  const groups = report.groups.map((g): LoadedGroup => ({
    group: g.name,
    activeHash: g.activeHash,
    sources: g.sources.map((src): LoadedSource => ({
      hash: src.hash,
      version: src.version,
      path: src.path,
      loadedAt: src.loadedAt,
      active: src.active,
      actors: src.actors.map((a): LoadedActor => ({
        actorClass: a.actorClass,
        role: a.role,
        address: a.address === null ? null : formatAddress(a.address),
        startTime: a.startTime,
        status: a.status,
        restarts: a.restarts,
        error: a.error,
      })),
    })),
  }));
  return { groups: [...groups].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)) };
}

/** The Loaded state from the Director's AllAddresses reply (`{ Groups: {...} }`) or its bare `Groups` map. */
export function decodeLoadedState(value: unknown): LoadedState {
  if (!isPlainObject(value)) throw new LoadedStateError('top level', 'expected an object');
  if ('Success' in value && value['Success'] === false) {
    throw new LoadedStateError(
      'reply',
      typeof value['message'] === 'string' ? value['message'] : 'the Director reported a failure',
    );
  }
  const groups = 'Groups' in value ? value['Groups'] : value;
  if (!isPlainObject(groups)) throw new LoadedStateError('Groups', 'expected an object of groups');
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
