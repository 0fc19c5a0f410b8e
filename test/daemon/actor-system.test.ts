import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor } from '../../runtime/src/actors/actor';
import { ActorSystem, DaemonActorSystem } from '../../runtime/src/actor-system';
import type { DaemonError } from '../../runtime/src/daemon/daemon-error';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { processAlive } from '../../runtime/src/daemon/private-folder';
import type { TransportError } from '../../runtime/src/transport/transport-error';
import { startFixtureDaemon, testDirectorDir, waitFor } from './helpers';

test('ActorSystem.connect reaches the daemon of a director dir with its token and asks a main-thread actor', async (t) => {
  const { dir } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const asys = await ActorSystem.connect({ directorDir: dir });
  t.after(() => asys.close());
  assert.equal(asys.base, 'daemon');
  const echo = await asys.createActor('Echo', { globalName: 'Echo' });
  assert.deepEqual(await asys.ask(echo, { DirectorOp: 'RetrieveAll' }, 5), { echo: { DirectorOp: 'RetrieveAll' } });
});

test('ActorSystem.connect with no daemon running fails with DAEMON_NOT_RUNNING', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await assert.rejects(ActorSystem.connect({ directorDir: dir }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_NOT_RUNNING');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}; run \`director start\``));
    return true;
  });
});

test('close() drops only this client: another client keeps working and the daemon runs on', async (t) => {
  const { dir } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const a = await ActorSystem.connect({ directorDir: dir });
  const b = await ActorSystem.connect({ directorDir: dir });
  t.after(() => b.close());
  const echo = await a.createActor('Echo', { globalName: 'Echo' });
  await a.close();
  await assert.rejects(a.ask(echo, 1, 1), (e: TransportError) => e.code === 'TRANSPORT_CLOSED');
  assert.deepEqual(await b.ask(echo, 2, 5), { echo: 2 });
});

test('ask through ActorSystem rejects with ASK_TIMEOUT when no reply comes in time', async (t) => {
  const { dir } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const asys = await ActorSystem.connect({ directorDir: dir });
  t.after(() => asys.close());
  const silent = await asys.createActor('Silent', { globalName: 'Silent' });
  await assert.rejects(asys.ask(silent, 'hello?', 0.1), (e: RemoteError) => e.code === 'ASK_TIMEOUT');
});

test('shutdown() through ActorSystem stops the daemon and resolves once its link is gone', async (t) => {
  const { dir } = await testDirectorDir(t);
  const { pid } = await startFixtureDaemon(dir);
  const asys = (await ActorSystem.connect({ directorDir: dir })) as DaemonActorSystem;
  await asys.shutdown();
  assert.equal(asys.client.isClosed, true);
  await waitFor(() => !processAlive(pid), 10_000, 'the daemon process to end');
});

class Doubler extends Actor {
  override receiveMessage(message: unknown, sender: ActorAddress | null): void {
    if (sender !== null && typeof message === 'number') this.send(sender, message * 2);
  }
}

test('the simple base runs actors in this thread with the same methods', async (t) => {
  const asys = await ActorSystem.simple();
  t.after(() => asys.shutdown());
  assert.equal(asys.base, 'simple');
  const d = await asys.createActor(Doubler);
  assert.equal(await asys.ask(d, 21, 5), 42);
  const got: unknown[] = [];
  asys.onDelivery((m) => got.push(m.message));
  await asys.tell(d, 5);
  await waitFor(() => got.length === 1, 5000, 'the tell reply');
  assert.deepEqual(got, [10]);
  await assert.rejects(asys.ask(d, 'no reply for strings', 0.05), (e: DaemonError) => e.code === 'ASK_TIMEOUT');
});
