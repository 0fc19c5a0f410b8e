// A create pending in a source's worker when that worker ends fails with SOURCE_WORKER_EXITED,
// and the source can create again in a fresh worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { ActorSystemError } from '../../runtime/src/actors/index';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { AcceptAllAuthority, makeZip, quietLogger } from './helpers';

const systems: ActorSystemCore[] = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});

test('a constructor that ends its worker (process.exit) fails the pending create with SOURCE_WORKER_EXITED', async () => {
  const s = await createLocalSystem({ systemName: 'wexit:1', loggerFactory: quietLogger, exitDeadlineMs: 500 });
  systems.push(s);
  await s.createActor(AcceptAllAuthority, { globalName: 'Test Authority' });
  const zip = await makeZip({
    'w/quitter.js': `
      const { Actor } = require('thespian-director');
      class Quitter extends Actor { constructor() { super(); process.exit(4); } }
      exports.Quitter = Quitter;`,
    'w/stayer.js': `
      const { Actor } = require('thespian-director');
      class Stayer extends Actor { receiveMessage(m, s) { if (s) this.send(s, 'here'); } }
      exports.Stayer = Stayer;`,
  });
  const h = await s.loadActorSource(zip, 'w.zip');
  await assert.rejects(s.createActor('w.quitter.Quitter', { sourceHash: h }), (e: ActorSystemError) => {
    assert.equal(e.code, 'SOURCE_WORKER_EXITED');
    assert.match(e.message, /The worker of this source has ended/);
    return true;
  });
  const again = await s.createActor('w.stayer.Stayer', { sourceHash: h });
  assert.match(again.id, /^w\d+\.\d+$/);
});
