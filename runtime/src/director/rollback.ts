/**
 * What the Director does when the record of a change cannot be written (disk full, read-only):
 * decided here from the change alone, carried out by the adapter (director-service.ts).
 *
 * - The rollback of a load that was never recorded (an internal unload) goes on: it brings the
 *   state back to the record on disk, whatever the disk says.
 * - An unload asked for is refused: nothing has happened yet (write-ahead).
 * - A load of a loaded version (making it active) is refused: nothing has happened yet.
 * - A source the write would have added is unloaded again (`rollBack` lists it); its requesters
 *   hear DIRECTOR_NOT_DURABLE, whatever stage its load reached.
 * - Any other change (a restart count, a group's definition) goes on; it is written with the next
 *   change that succeeds.
 */
import type { DirectorReply } from '../protocol/director-messages';
import type { CoreInput } from './core/director-core';
import { toRecord } from './core/record';
import type { Decision, DirectorState } from './core/types';

export interface RollbackPlan {
  readonly decision: Decision;
  /** Sources to unload again (their load was never recorded). */
  readonly rollBack: readonly string[];
  readonly log: string;
}

export function planRollback(
  prev: DirectorState,
  d: Decision,
  input: CoreInput,
  why: string,
  recorded: ReadonlySet<string>,
  rollingBack: ReadonlySet<string>,
): RollbackPlan {
  if (input.kind === 'request' && input.request.DirectorOp === 'UnloadSource') {
    const hash = input.request.SourceHash;
    if (input.from === null && rollingBack.has(hash))
      return { decision: d, rollBack: [], log: `${why}; rolling back the load of ${hash} all the same` };
    const msg: DirectorReply = {
      DirectorResponse: 'SourceUnloaded',
      Success: false,
      SourceHash: hash,
      code: 'DIRECTOR_NOT_DURABLE',
      message: `${why}; the source stays loaded and nothing changed`,
    };
    return {
      decision: { state: prev, effects: input.from ? [{ kind: 'reply', to: input.from, message: msg }] : [] },
      rollBack: [],
      log: `${why}: unload of ${hash} refused, nothing changed`,
    };
  }
  const added = toRecord(d.state)
    .sources.filter((s) => !recorded.has(s.hash))
    .map((s) => s.hash);
  if (input.kind === 'load' && added.length === 0) {
    const msg: DirectorReply = {
      DirectorResponse: 'SourceLoaded',
      Success: false,
      Group: input.input.request.Group,
      SourceHash: input.input.hash,
      code: 'DIRECTOR_NOT_DURABLE',
      message: `${why}; nothing changed`,
    };
    return {
      decision: { state: prev, effects: input.from ? [{ kind: 'reply', to: input.from, message: msg }] : [] },
      rollBack: [],
      log: `${why}: load of ${input.input.hash} refused, nothing changed`,
    };
  }
  if (added.length > 0)
    return { decision: d, rollBack: added, log: `${why}: the load of ${added.join(', ')} is rolled back` };
  return { decision: d, rollBack: [], log: `${why}; it is written with the next change` };
}

/** A load reply for a source being rolled back becomes its failure. */
export function notDurableReply(message: DirectorReply, why: string): DirectorReply {
  if (message.DirectorResponse !== 'SourceLoaded') return message;
  return {
    DirectorResponse: 'SourceLoaded',
    Success: false,
    ...(message.Group !== undefined ? { Group: message.Group } : {}),
    ...(message.SourceHash !== undefined ? { SourceHash: message.SourceHash } : {}),
    code: 'DIRECTOR_NOT_DURABLE',
    message: `${why}; the load was rolled back`,
  };
}
