/**
 * The Loaded view: groups → sources (version, `ACTIVE`) → actors (role, class, address, since,
 * restarts). Ids are built from group, hash and the actor's place, so they stay the same while
 * the same thing is shown and expansion survives every update. A failed actor marks its source
 * and group in red, so it shows without expanding anything; a stopped one has its own icon.
 * Times are local (the UTC instant is in the tooltip).
 */
import { CONTEXT } from './context-values';
import type { LoadedActor, LoadedState } from './loaded-state';
import { formatLocalTime, localZone, timeTooltip, type TimeZone } from './local-time';
import type { TreeNode } from './tree-node';

export const FAILED_COLOR = 'list.errorForeground';

/** An actor the Director gave up on (its class would not start, or it kept crashing). */
export function isFailed(a: LoadedActor): boolean {
  return a.status === 'failed' || a.error !== null;
}

/** How many actors failed, in all groups: the status bar turns red when there are any. */
export function failedActorCount(state: LoadedState | undefined): number {
  return (state?.groups ?? []).reduce(
    (n, g) => n + g.sources.reduce((m, s) => m + s.actors.filter(isFailed).length, 0),
    0,
  );
}

function actorIcon(a: LoadedActor): { icon: string; iconColor?: string } {
  if (isFailed(a)) return { icon: 'error', iconColor: FAILED_COLOR };
  if (a.address !== null) return { icon: 'symbol-event' };
  return { icon: a.status === 'stopped' ? 'debug-stop' : 'circle-slash' };
}

function actorDescription(a: LoadedActor, zone: TimeZone): string {
  const parts = [
    a.role === null ? undefined : a.actorClass,
    a.address ?? (a.status === 'running' ? undefined : a.status.toUpperCase()),
  ];
  if (a.startTime !== null) parts.push(`since ${formatLocalTime(a.startTime, zone)}`);
  if (a.restarts > 0) parts.push(`${a.restarts} restart${a.restarts === 1 ? '' : 's'}`);
  return parts.filter((p) => p !== undefined).join(' · ');
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export function loadedTree(state: LoadedState, zone: TimeZone = localZone()): TreeNode[] {
  return state.groups.map((g): TreeNode => {
    const groupId = `loaded/${g.group}`;
    let groupFailed = 0;
    let groupActors = 0;
    const sources = g.sources.map((s): TreeNode => {
      const sourceId = `${groupId}/${s.hash}`;
      const failed = s.actors.filter(isFailed).length;
      groupFailed += failed;
      groupActors += s.actors.length;
      const actors = s.actors.map((a, i): TreeNode => ({
        id: `${sourceId}/${i}:${a.actorClass}`,
        label: a.role ?? a.actorClass,
        description: actorDescription(a, zone),
        tooltip: [
          `${a.actorClass}${a.role === null ? '' : ` (${a.role})`}`,
          `address: ${a.address ?? 'none'}`,
          `status: ${a.status}`,
          `since: ${a.startTime === null ? '?' : timeTooltip(a.startTime, zone)}`,
          `restarts: ${a.restarts}`,
          ...(a.error === null ? [] : [`error: ${a.error}`]),
        ].join('\n'),
        contextValue: a.address === null ? CONTEXT.actor : CONTEXT.actorRunning,
        ...actorIcon(a),
        children: [],
        data: {
          kind: 'actor',
          group: g.group,
          hash: s.hash,
          actorClass: a.actorClass,
          role: a.role,
          address: a.address,
        },
      }));
      return {
        id: sourceId,
        label: s.version ?? s.hash.slice(0, 12),
        description: [s.active ? 'ACTIVE' : undefined, failed > 0 ? `${failed} failed` : undefined, s.hash.slice(0, 12)]
          .filter((p) => p !== undefined)
          .join(' · '),
        tooltip: [
          `${g.group} ${s.version ?? '(no version)'}${s.active ? ', active' : ''}`,
          `hash ${s.hash}`,
          ...(s.path === null ? [] : [s.path]),
          ...(s.loadedAt === null ? [] : [`loaded ${timeTooltip(s.loadedAt, zone)}`]),
        ].join('\n'),
        contextValue: s.active ? CONTEXT.sourceActive : CONTEXT.source,
        ...(failed > 0
          ? { icon: 'error', iconColor: FAILED_COLOR }
          : { icon: s.active ? 'pass-filled' : 'circle-outline' }),
        children: actors,
        data: { kind: 'source', group: g.group, hash: s.hash, version: s.version, path: s.path, active: s.active },
      };
    });
    const active = g.sources.find((s) => s.active);
    return {
      id: groupId,
      label: g.group,
      description:
        g.sources.length === 0
          ? 'nothing loaded'
          : [`${g.sources.length} loaded`, groupFailed > 0 ? `${groupFailed} failed` : undefined]
              .filter((p) => p !== undefined)
              .join(' · '),
      tooltip: [
        `Group ${g.group}`,
        active === undefined ? 'no active source' : `active: ${active.version ?? active.hash.slice(0, 12)}`,
        `${plural(g.sources.length, 'source')} loaded, ${plural(groupActors, 'actor')}`,
        ...(groupFailed > 0 ? [`${plural(groupFailed, 'actor')} failed: expand to see which`] : []),
      ].join('\n'),
      contextValue: CONTEXT.loadedGroup,
      ...(groupFailed > 0 ? { icon: 'error', iconColor: FAILED_COLOR } : { icon: 'symbol-namespace' }),
      children: sources,
      data: { kind: 'loadedGroup', group: g.group },
    };
  });
}
