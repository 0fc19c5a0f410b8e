// The per-source spawn count behind /metrics' restart figure belongs to one load of a source: an
// unload forgets it. Otherwise every version ever loaded keeps an entry for the daemon's life (one
// per upgrade, found in heap snapshots of 200 upgrade cycles) and a reload of the same package
// reports restarts that never happened.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { fooPackage } from './fixtures';
import { AcceptAllAuthority, ask, quietLogger } from './helpers';

const systems: ActorSystemCore[] = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});

// The worker pool's start count per source hash (behind /metrics' restarts) is dropped when the
// source leaves; it used to grow by one hash per upgrade for the daemon's life.
test('a source unloaded and loaded again starts with no restarts: its spawn count went with the unload', async () => {
  const s = await createLocalSystem({ systemName: 'src:1', loggerFactory: quietLogger, exitDeadlineMs: 500 });
  systems.push(s);
  await s.createActor(AcceptAllAuthority, { globalName: 'Test Authority' });
  const bytes = await fooPackage();
  const restartsOf = async (hash: string): Promise<number | undefined> =>
    (await s.sourceStats!()).find((x) => x.sourceHash === hash)?.restarts;
  for (let round = 0; round < 3; round++) {
    const h = await s.loadActorSource(bytes, 'foo.zip');
    const a = await s.createActor('foo.FooActor', { sourceHash: h });
    assert.equal(await ask(s, a, 'hello'), 'GOT:hello');
    assert.equal(await restartsOf(h), 0, `round ${round}: one worker, no restart`);
    await s.unloadActorSource(h);
    assert.equal(await restartsOf(h), undefined);
  }
});
