/** RetrieveAll, RetrieveRole and RequestNotification: answers computed from the state alone. */
import type { ActorAddress } from '../../protocol/actor-address';
import { sameAddress } from '../../protocol/actor-address';
import type {
  AllAddressesReply,
  GroupInfo,
  RetrieveRoleRequest,
  RoleAddressReply,
  RunningActorInfo,
} from '../../protocol/director-messages';
import { runningActorInfo } from './outcomes';
import type { DirectorState, GroupState } from './types';

function groupInfo(g: GroupState | undefined): GroupInfo {
  if (!g) return { ActiveHash: null, Loaded: [], Running: {}, Sources: [] };
  const running: { [hash: string]: RunningActorInfo[] } = {};
  for (const s of g.sources) running[s.hash] = s.actors.map(runningActorInfo);
  return {
    ActiveHash: g.active,
    Loaded: g.sources.map((s) => s.hash),
    Running: running,
    Sources: g.sources.map((s) => ({
      SourceHash: s.hash,
      Version: s.version,
      Path: s.path,
      LoadedAt: s.loadedAt,
      Starting: s.starting,
      KeyId: s.keyId,
    })),
  };
}

/** Every defined group (or just `group`, even unknown: then empty), sources in load order. */
export function retrieveAll(state: DirectorState, group?: string | null): AllAddressesReply {
  const groups: { [name: string]: GroupInfo } = {};
  if (group !== undefined && group !== null) {
    groups[group] = groupInfo(state.groups[group]);
  } else {
    for (const [name, g] of Object.entries(state.groups)) groups[name] = groupInfo(g);
  }
  return { DirectorResponse: 'AllAddresses', Success: true, Groups: groups };
}

/** The running actor with `Role` in the active source of `Group` (or of any group, in definition order). */
export function retrieveRole(state: DirectorState, req: RetrieveRoleRequest): RoleAddressReply {
  const wanted = req.Group !== undefined && req.Group !== null && req.Group !== '' ? req.Group : null;
  let notRunning: string | null = null;
  for (const [name, g] of Object.entries(state.groups)) {
    if (wanted !== null && name !== wanted) continue;
    const s = g.sources.find((x) => x.hash === g.active);
    if (!s) continue;
    for (const a of s.actors) {
      if (a.def.role !== req.Role) continue;
      if (a.address && a.startTime) {
        return {
          DirectorResponse: 'RoleAddress',
          Success: true,
          Group: name,
          SourceHash: s.hash,
          ActorClass: a.def.actorClass,
          Role: req.Role,
          ActorAddress: a.address,
          StartTime: a.startTime,
        };
      }
      notRunning ??= `${a.def.actorClass} in group "${name}" is ${a.status}${a.error ? ` (${a.error})` : ''}`;
    }
    // During an upgrade the new source's actor does not exist yet: the role still resolves to the
    // actor that had it (the newest other source running one), so a lookup never fails (no blink).
    if (s.starting) {
      const previous = [...g.sources]
        .reverse()
        .find((x) => x.hash !== s.hash && x.actors.some((a) => a.def.role === req.Role && a.address && a.startTime));
      const a = previous?.actors.find((x) => x.def.role === req.Role && x.address && x.startTime);
      if (previous && a?.address && a.startTime) {
        return {
          DirectorResponse: 'RoleAddress',
          Success: true,
          Group: name,
          SourceHash: previous.hash,
          ActorClass: a.def.actorClass,
          Role: req.Role,
          ActorAddress: a.address,
          StartTime: a.startTime,
        };
      }
    }
  }
  const where = wanted !== null ? `group "${wanted}"` : 'any group';
  return {
    DirectorResponse: 'RoleAddress',
    Success: false,
    Group: wanted,
    SourceHash: null,
    ActorClass: null,
    Role: req.Role,
    ActorAddress: null,
    code: notRunning ? 'DIRECTOR_ROLE_NOT_RUNNING' : 'DIRECTOR_UNKNOWN_ROLE',
    message: notRunning
      ? `the actor with role "${req.Role}" is not running: ${notRunning}`
      : `no active source of ${where} has an actor with role "${req.Role}"; "director list" shows the roles`,
  };
}

/** Remember a one-shot waiter (once, however often it asks). */
export function addWaiter(state: DirectorState, who: ActorAddress): DirectorState {
  if (state.waiters.some((w) => sameAddress(w, who))) return state;
  return { ...state, waiters: [...state.waiters, who] };
}
