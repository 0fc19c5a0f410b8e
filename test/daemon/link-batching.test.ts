// Frames sent in one turn of the event loop leave in one TCP write (transport/link.ts `put`),
// while the first frame of a turn goes out at once; every frame is still its own message,
// answered and checked on its own.
import assert from 'node:assert/strict';
import type { AddressInfo, Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { Link } from '../../runtime/src/transport/link';
import { TransportError, type RemoteError } from '../../runtime/src/transport/transport-error';

async function pair(
  t: TestContext,
  onRequest: (method: string, params: unknown) => unknown,
): Promise<{ link: Link; tcp: Socket }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => new Link(ws, { peer: 'client', maxPayload: 1 << 20, heartbeatMs: 0, onRequest }));
  const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  t.after(async () => {
    ws.terminate();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const tcp = (ws as unknown as { _socket: Socket })._socket;
  return { link: new Link(ws, { peer: 'server', maxPayload: 1 << 20, heartbeatMs: 0 }), tcp };
}

/** Counts the system-call-level writes of a socket (write and writev both end in _writeGeneric). */
function countWrites(tcp: Socket): { readonly n: number } {
  const counter = { n: 0 };
  const s = tcp as unknown as { _writeGeneric: (...a: unknown[]) => unknown };
  const original = s._writeGeneric.bind(tcp);
  s._writeGeneric = (...a: unknown[]) => {
    counter.n += 1;
    return original(...a);
  };
  return counter;
}

test('200 requests made in one turn leave in one write and are each answered in order', async (t) => {
  const { link, tcp } = await pair(t, (_m, params) => ({ twice: (params as { n: number }).n * 2 }));
  const writes = countWrites(tcp);
  const answers = Promise.all(Array.from({ length: 200 }, (_, n) => link.request('double', { n })));
  // The first frame went out at once; the other 199 are held until the turn ends.
  assert.equal(writes.n, 1);
  const got = (await answers) as { twice: number }[];
  assert.deepEqual(
    got.map((g) => g.twice),
    Array.from({ length: 200 }, (_, n) => n * 2),
  );
  assert.equal(writes.n, 2);
});

test("a batch of answers still carries each request's own error code", async (t) => {
  const { link } = await pair(t, (method) => {
    if (method === 'bad') throw new TransportError('TRANSPORT_NOT_PLAIN_DATA', 'refused on purpose');
    return 'ok';
  });
  const results = await Promise.allSettled([
    link.request('good', null),
    link.request('bad', null),
    link.request('good', null),
  ]);
  assert.equal(results[0]?.status, 'fulfilled');
  assert.equal(results[2]?.status, 'fulfilled');
  assert.ok(results[1]?.status === 'rejected');
  assert.equal((results[1].reason as RemoteError).code, 'TRANSPORT_NOT_PLAIN_DATA');
  assert.match((results[1].reason as RemoteError).message, /refused on purpose/);
});

test('sequential requests are not delayed: each goes out in its own write at once', async (t) => {
  const { link, tcp } = await pair(t, () => 'pong');
  const writes = countWrites(tcp);
  for (let i = 0; i < 20; i++) {
    const before = writes.n;
    const p = link.request('ping', null);
    assert.equal(writes.n, before + 1);
    assert.equal(await p, 'pong');
  }
});
