/**
 * The Loaded view: groups → sources (version, `ACTIVE`) → actors (role, class, address, since,
 * restarts). Ids are built from group, hash and the actor's place, so they stay the same while
 * the same thing is shown and expansion survives every update.
 */
import { CONTEXT } from './context-values';
import type { LoadedActor, LoadedState } from './loaded-state';
import type { TreeNode } from './tree-node';

function actorDescription(a: LoadedActor): string {
  const parts = [a.role === null ? undefined : a.actorClass, a.address ?? (a.status === 'running' ? undefined : a.status.toUpperCase())];
  if (a.startTime !== null) parts.push(`since ${a.startTime}`);
  if (a.restarts > 0) parts.push(`${a.restarts} restart${a.restarts === 1 ? '' : 's'}`);
  return parts.filter((p) => p !== undefined).join(' · ');
}

export function loadedTree(state: LoadedState): TreeNode[] {
  return state.groups.map((g): TreeNode => {
    const groupId = `loaded/${g.group}`;
    const sources = g.sources.map((s): TreeNode => {
      const sourceId = `${groupId}/${s.hash}`;
      const actors = s.actors.map((a, i): TreeNode => ({
        id: `${sourceId}/${i}:${a.actorClass}`,
        label: a.role ?? a.actorClass,
        description: actorDescription(a),
        tooltip: [
          `${a.actorClass}${a.role === null ? '' : ` (${a.role})`}`,
          `address: ${a.address ?? 'none'}`,
          `status: ${a.status}`,
          `since: ${a.startTime ?? '?'}`,
          `restarts: ${a.restarts}`,
          ...(a.error === null ? [] : [`error: ${a.error}`]),
        ].join('\n'),
        contextValue: a.address === null ? CONTEXT.actor : CONTEXT.actorRunning,
        icon: a.address === null ? 'error' : 'symbol-event',
        children: [],
        data: { kind: 'actor', group: g.group, hash: s.hash, actorClass: a.actorClass, role: a.role, address: a.address },
      }));
      return {
        id: sourceId,
        label: s.version ?? s.hash.slice(0, 12),
        description: [s.active ? 'ACTIVE' : undefined, s.hash].filter((p) => p !== undefined).join(' · '),
        tooltip: [`hash ${s.hash}`, ...(s.path === null ? [] : [s.path]), ...(s.loadedAt === null ? [] : [`loaded ${s.loadedAt}`])].join('\n'),
        contextValue: s.active ? CONTEXT.sourceActive : CONTEXT.source,
        icon: s.active ? 'pass-filled' : 'circle-outline',
        children: actors,
        data: { kind: 'source', group: g.group, hash: s.hash, version: s.version, path: s.path, active: s.active },
      };
    });
    return {
      id: groupId,
      label: g.group,
      description: g.sources.length === 0 ? 'nothing loaded' : `${g.sources.length} loaded`,
      contextValue: CONTEXT.loadedGroup,
      icon: 'symbol-namespace',
      children: sources,
      data: { kind: 'loadedGroup', group: g.group },
    };
  });
}
