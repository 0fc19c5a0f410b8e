/**
 * The refresh `director start` runs (its `afterStart` hook): load the newest package of every
 * group that has nothing loaded. A group the daemon restored (or that was loaded before) is left
 * exactly as it is, so a restarted daemon keeps the set and the active sources it had; run
 * `director refresh` to move every group to its newest package.
 */
import type { CommandContext } from '../cli/command';
import type { AllAddressesReply } from '../protocol/director-messages';
import { defaultConnector } from './daemon-connector';
import { DirectorOpError } from './director-error';
import type { DirectorConnector } from './director-link';
import { askDirector } from './director-link';
import { loadGroups } from './refresh';
import { tliGroups } from './load-target';

export async function startRefresh(ctx: CommandContext, connector: DirectorConnector = defaultConnector): Promise<number> {
  const link = await connector(ctx, { start: false });
  if (!link) throw new DirectorOpError('DIRECTOR_NO_DAEMON', `the daemon of ${ctx.directorDir} stopped right after it started; see ${ctx.directorDir}/.daemon/daemon.log`);
  try {
    const all = await askDirector<AllAddressesReply>(link, { DirectorOp: 'RetrieveAll' });
    const empty = (await tliGroups(ctx.directorDir)).filter((g) => (all.Groups[g]?.Loaded.length ?? 0) === 0);
    return await loadGroups(ctx, link, empty, 'start');
  } finally {
    await link.close();
  }
}
