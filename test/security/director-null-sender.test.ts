/**
 * The Director refuses changes from actors of loaded sources by their sender id (`wN.`). A
 * source can post raw frames on its worker channel (`parentPort` is in its reach) and the channel
 * takes a message with no sender at all (a tell without a sender is legitimate): such a message
 * reached the Director with sender null, past the check, and one source unloaded another group's
 * source. Now a change request that arrives through the actor system with no sender is refused
 * like one from a source (SOURCE_CALL_REFUSED, logged); the daemon's own code that asks the
 * Director without an actor (revocation unloads) calls it directly, not through a message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { readFile } from 'node:fs/promises';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, director, fooAndBarLoaded, secDir } from './support';

// foo's Main, told { forge: request }, posts the request to the Director as a raw worker frame
// with no sender, then answers 'posted'.
const FORGER = `
  if (m && m.forge) {
    this.createActor('Director', { globalName: 'Director' }).then((d) => {
      require('worker_threads').parentPort.postMessage([['m', d, m.forge, null]]);
      this.send(s, 'posted');
    });
    return;
  }`;

test('a change request reaching the Director with no sender (a source posting a raw frame) is refused', async (t) => {
  const s = await secDir(t);
  const { asys, roleOf } = await fooAndBarLoaded(t, s, FORGER);
  const foo = (await roleOf('foo')).ActorAddress;
  const bar = await roleOf('bar');

  assert.equal(
    await asys.ask(foo, { forge: { DirectorOp: 'UnloadSource', SourceHash: bar.SourceHash } }, 10),
    'posted',
  );
  // Either the Director refused (logged) or it unloaded bar: wait for one of them.
  const log = privatePaths(s.dir).startLog;
  const refused = /SOURCE_CALL_REFUSED: a message with no sender asked the Director to UnloadSource/;
  const barLoaded = async (): Promise<boolean> =>
    (await asys.client.listSources()).some((x) => x.sourceHash === bar.SourceHash);
  await waitFor(
    async () => refused.test(await readFile(log, 'utf8')) || !(await barLoaded()),
    10_000,
    'the refusal in the daemon log, or the unload',
  );
  assert.ok(await barLoaded(), 'bar was unloaded by a message of another source');
  // bar is as it was; the operator still can change it.
  assert.equal((await roleOf('bar')).SourceHash, bar.SourceHash);
  await answersWithinASecond(s);
  assert.equal((await director(s, 'unload', bar.SourceHash)).code, 0);
});
