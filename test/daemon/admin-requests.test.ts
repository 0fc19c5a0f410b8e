import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdminClient } from '../../runtime/src/client/admin-client';
import { readToken } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import type { AdminEvent } from '../../runtime/src/protocol/admin-protocol';
import type { RemoteError, TransportError } from '../../runtime/src/transport/transport-error';
import { startFixtureDaemon, testDirectorDir, waitFor } from './helpers';

async function client(dir: string, port: number): Promise<AdminClient> {
  return AdminClient.connect({
    host: '127.0.0.1',
    port,
    token: await readToken(privatePaths(dir)),
    clientName: 'test',
  });
}

test('ask round-trips through the real daemon to a main-thread actor and back', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const c = await client(dir, port);
  t.after(() => c.close());
  const echo = await c.createActor('Echo', { globalName: 'Echo' });
  assert.equal(echo.system, `127.0.0.1:${port}`);
  const r = await c.ask(echo, { n: 1, s: 'two', a: [true, null] }, 2000);
  assert.deepEqual(r.reply, { echo: { n: 1, s: 'two', a: [true, null] } });
  assert.deepEqual(r.sender, echo);
  // Sequential asks each get their own reply.
  for (let i = 0; i < 50; i++) assert.deepEqual((await c.ask(echo, i, 2000)).reply, { echo: i });
});

test('an ask the actor never answers fails with ASK_TIMEOUT from the daemon, and the link stays usable', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const c = await client(dir, port);
  t.after(() => c.close());
  const silent = await c.createActor('Silent', { globalName: 'Silent' });
  await assert.rejects(c.ask(silent, 'anyone?', 100), (e: RemoteError) => {
    assert.equal(e.code, 'ASK_TIMEOUT');
    assert.match(e.message, /no reply from ActorAddr-\(.*\) within 100 ms/);
    return true;
  });
  assert.ok((await c.status()).pid > 0);
});

test('tell delivers replies to the client endpoint as delivery events, in order', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const c = await client(dir, port);
  t.after(() => c.close());
  const greeter = await c.createActor('Greeter', { globalName: 'Greeter' });
  const got: unknown[] = [];
  c.onDelivery((d) => got.push(d.message));
  await c.tell(greeter, 'me');
  await waitFor(() => got.length === 2, 5000, 'two deliveries');
  assert.deepEqual(got, [{ hello: 1, about: 'me' }, { hello: 2 }]);
});

test('closing a link fails its pending requests with TRANSPORT_CLOSED; other clients carry on', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const a = await client(dir, port);
  const b = await client(dir, port);
  t.after(() => b.close());
  const silent = await a.createActor('Silent', { globalName: 'Silent' });
  const pending = a.ask(silent, 'wait', 60_000);
  a.close();
  await assert.rejects(pending, (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_CLOSED');
    assert.match(e.message, /actor\/ask/);
    return true;
  });
  const echo = await b.createActor('Echo', { globalName: 'Echo' });
  assert.deepEqual((await b.ask(echo, 'still here', 2000)).reply, { echo: 'still here' });
});

test('a daemon that stops fails the pending requests of its clients with TRANSPORT_CLOSED', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const waiting = await client(dir, port);
  const stopper = await client(dir, port);
  const silent = await waiting.createActor('Silent', { globalName: 'Silent' });
  const pending = waiting.ask(silent, 'wait', 60_000);
  const { pid } = await stopper.shutdown();
  assert.ok(pid > 0);
  await assert.rejects(pending, (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_CLOSED');
    assert.match(e.message, /shutting down/);
    return true;
  });
  assert.equal((await stopper.closed).code, 'TRANSPORT_CLOSED');
});

test('events reach subscribers only, filtered by kind: a rejected source and a started actor', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const all = await client(dir, port);
  const onlyActors = await client(dir, port);
  const none = await client(dir, port);
  t.after(() => [all, onlyActors, none].forEach((c) => c.close()));
  const seen = { all: [] as AdminEvent[], onlyActors: [] as AdminEvent[], none: [] as AdminEvent[] };
  all.onEvent((e) => seen.all.push(e));
  onlyActors.onEvent((e) => seen.onlyActors.push(e));
  none.onEvent((e) => seen.none.push(e));
  await all.subscribe();
  await onlyActors.subscribe(['actor/']);

  // No Source Authority runs in the fixture daemon: the load is refused, and that is an event.
  await assert.rejects(
    none.loadSource(new Uint8Array([1, 2, 3]), 'junk.tls'),
    (e: RemoteError) => e.code === 'NO_SOURCE_AUTHORITY',
  );
  await waitFor(() => seen.all.some((e) => e.kind === 'source/rejected'), 5000, 'source/rejected');
  const rejected = seen.all.find((e) => e.kind === 'source/rejected')!;
  assert.equal(rejected.system, `127.0.0.1:${port}`);
  assert.deepEqual(
    { ...(rejected.data as object), message: undefined },
    {
      sourceHash: (rejected.data as { sourceHash: string }).sourceHash,
      info: 'junk.tls',
      code: 'NO_SOURCE_AUTHORITY',
      message: undefined,
    },
  );

  const spawner = await none.createActor('Spawner', { globalName: 'Spawner' });
  const { child } = (await none.ask(spawner, 'spawn', 5000)).reply as { child: { system: string; id: string } };
  const started = (e: AdminEvent): boolean =>
    e.kind === 'actor/started' && (e.data as { address: { id: string } }).address.id === child.id;
  await waitFor(() => seen.onlyActors.some(started) && seen.all.some(started), 5000, 'actor/started for the child');
  assert.equal(
    seen.onlyActors.some((e) => e.kind === 'source/rejected'),
    false,
    'the actor/ subscriber hears no source events',
  );
  assert.deepEqual(seen.none, [], 'a client that did not subscribe hears nothing');
});
