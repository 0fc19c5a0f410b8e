/**
 * What survives a daemon restart: the groups' definitions, the loaded sources in load order (each
 * with the definition it was loaded with) and the active source per group. Plain JSON; the adapter
 * writes it atomically to the daemon's private folder on every `persist` effect.
 */
import type { ActorDef, DirectorState, GroupDef, PendingLoad } from './types';
import { emptyState } from './types';

export const RECORD_FORMAT = 1;

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
}

export interface DirectorRecord {
  readonly format: number;
  readonly groups: { readonly [group: string]: GroupDef };
  /** Load order, oldest first, across groups. */
  readonly sources: readonly RecordedSource[];
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
      restore: { activate: s.active, loadedAt: s.loadedAt, actors: s.actors, autoUnload: s.autoUnload },
    }));
  return { state: { ...emptyState, groups, pending: loads }, loads };
}

/** Check a record read from disk; null when it is not one (the caller reports it). */
export function parseRecord(value: unknown): DirectorRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as { format?: unknown; groups?: unknown; sources?: unknown };
  if (r.format !== RECORD_FORMAT || typeof r.groups !== 'object' || r.groups === null || !Array.isArray(r.sources)) return null;
  return value as DirectorRecord;
}
