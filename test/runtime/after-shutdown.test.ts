// A simple-base ActorSystem used after shutdown refuses with ADMIN_SHUTTING_DOWN (the code a
// daemon client gets from a daemon that is going away), for every call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem } from '../../runtime/src/actor-system';
import type { DirectorError } from '../../runtime/src/protocol/errors';

test('createActor, tell and ask on a shut-down simple system reject with ADMIN_SHUTTING_DOWN', async () => {
  const sys = await ActorSystem.simple();
  await sys.shutdown();
  const shutDown = (e: DirectorError): boolean => {
    assert.equal(e.code, 'ADMIN_SHUTTING_DOWN');
    assert.match(e.message, /this actor system was shut down or closed/);
    return true;
  };
  await assert.rejects(sys.createActor('foo.fooactor.FooActor'), shutDown);
  await assert.rejects(sys.tell({ system: 'simple', id: '1' }, 'hi'), shutDown);
  await assert.rejects(sys.ask({ system: 'simple', id: '1' }, 'hi', 1), shutDown);
});
