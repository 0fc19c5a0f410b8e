/**
 * What survives a daemon restart: the groups' definitions, the loaded sources in load order (each
 * with the definition it was loaded with), the active source per group and, per OnLoad actor, what
 * a restore needs to bring it back in the same state: whether it ran (it is started again and, for
 * an inactive source, deactivated again), its restart count and its crash-budget window. Plain
 * JSON; the adapter writes it atomically to the daemon's private folder BEFORE it carries out the
 * effects of any change to it (write-ahead), so an acknowledged command is on disk.
 */
import type { ActorDef, ActorStatus, DirectorState, GroupDef, PendingLoad, RunningActor } from './types';
import { emptyState } from './types';

/** Format 2 added `actorStates`; format 1 records (no states) are still read. */
export const RECORD_FORMAT = 2;

/** An OnLoad actor as recorded: `running` covers starting and restarting too. */
export interface RecordedActorState {
  readonly status: 'running' | 'exited' | 'failed' | 'stopped';
  readonly restarts: number;
  readonly recentExits: readonly number[];
  readonly error?: string;
}

export interface RecordedSource {
  readonly hash: string;
  readonly group: string;
  readonly path: string;
  readonly version: string | null;
  readonly keyId: string | null;
  readonly loadedAt: string;
  readonly autoUnload: boolean | number;
  readonly actors: readonly ActorDef[];
  readonly active: boolean;
  /** One per actor, same order (absent in format 1). */
  readonly actorStates?: readonly RecordedActorState[];
}

export interface DirectorRecord {
  readonly format: number;
  readonly groups: { readonly [group: string]: GroupDef };
  /** Load order, oldest first, across groups. */
  readonly sources: readonly RecordedSource[];
}

function recordedStatus(s: ActorStatus): RecordedActorState['status'] {
  return s === 'starting' || s === 'restarting' || s === 'running' ? 'running' : s;
}

function actorState(a: RunningActor): RecordedActorState {
  const base = { status: recordedStatus(a.status), restarts: a.restarts, recentExits: a.recentExits };
  return a.status === 'failed' || a.status === 'exited'
    ? { ...base, ...(a.error !== undefined ? { error: a.error } : {}) }
    : base;
}

export function toRecord(state: DirectorState): DirectorRecord {
  const groups: { [group: string]: GroupDef } = {};
  const sources: RecordedSource[] = [];
  for (const [name, g] of Object.entries(state.groups)) {
    groups[name] = g.def;
    for (const s of g.sources) {
      if (s.unloading) continue;
      sources.push({
        hash: s.hash,
        group: name,
        path: s.path,
        version: s.version,
        keyId: s.keyId,
        loadedAt: s.loadedAt,
        autoUnload: s.autoUnload,
        actors: s.actors.map((a) => a.def),
        active: g.active === s.hash,
        actorStates: s.actors.map(actorState),
      });
    }
  }
  sources.sort((a, b) => (a.loadedAt < b.loadedAt ? -1 : a.loadedAt > b.loadedAt ? 1 : 0));
  return { format: RECORD_FORMAT, groups, sources };
}

/** The state to start from and the loads to redo (in order) to restore `record`. */
export function restorePlan(record: DirectorRecord): { state: DirectorState; loads: PendingLoad[] } {
  const groups: { [name: string]: DirectorState['groups'][string] } = {};
  for (const [name, def] of Object.entries(record.groups)) groups[name] = { def, sources: [], active: null };
  const loads: PendingLoad[] = record.sources
    .filter((s) => groups[s.group] !== undefined)
    .map((s) => ({
      hash: s.hash,
      group: s.group,
      path: s.path,
      version: s.version,
      requesters: [],
      requestedBy: 'restore',
      accepted: false,
      keyId: s.keyId,
      restore: {
        activate: s.active,
        loadedAt: s.loadedAt,
        actors: s.actors,
        autoUnload: s.autoUnload,
        ...(s.actorStates && s.actorStates.length === s.actors.length ? { actorStates: s.actorStates } : {}),
      },
    }));
  return { state: { ...emptyState, groups, pending: loads }, loads };
}

/** Check a record read from disk; null when it is not one (the caller reports it). */
export function parseRecord(value: unknown): DirectorRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as { format?: unknown; groups?: unknown; sources?: unknown };
  if (
    (r.format !== RECORD_FORMAT && r.format !== 1) ||
    typeof r.groups !== 'object' ||
    r.groups === null ||
    !Array.isArray(r.sources)
  )
    return null;
  return value as DirectorRecord;
}

/** The hashes a record keeps loaded (their copies must stay). */
export function recordedHashes(record: DirectorRecord): Set<string> {
  return new Set(record.sources.map((s) => s.hash));
}
