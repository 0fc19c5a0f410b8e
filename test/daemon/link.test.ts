import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { Link, type LinkOptions } from '../../runtime/src/transport/link';
import type { RemoteError, TransportError } from '../../runtime/src/transport/transport-error';

/** A real ws server on a loopback port 0 whose side of each connection is a Link with `serverOptions`. */
async function pair(
  t: TestContext,
  serverOptions: Partial<LinkOptions>,
  client: WebSocket.ClientOptions = {},
  clientOptions: Partial<LinkOptions> = {},
): Promise<{ link: Link; server: Promise<Link> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const sockets: WebSocket[] = [];
  t.after(async () => {
    for (const s of sockets) s.terminate();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  const server = new Promise<Link>((resolve) =>
    wss.on('connection', (ws) =>
      resolve(new Link(ws, { peer: 'test client', maxPayload: 1 << 20, heartbeatMs: 0, ...serverOptions })),
    ),
  );
  const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`, client);
  sockets.push(ws);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return { link: new Link(ws, { peer: 'test server', maxPayload: 1 << 20, heartbeatMs: 0, ...clientOptions }), server };
}

test('a request without an answer fails with TRANSPORT_TIMEOUT at its deadline', async (t) => {
  const { link } = await pair(t, { onRequest: () => new Promise(() => undefined) });
  await assert.rejects(link.request('x/never', {}, 50), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_TIMEOUT');
    assert.match(e.message, /x\/never: no answer from test server within 50 ms/);
    return true;
  });
  assert.equal(link.pendingCount, 0);
});

test('closing a link fails every pending request at once with TRANSPORT_CLOSED and empties the pending map', async (t) => {
  const { link } = await pair(t, { onRequest: () => new Promise(() => undefined) });
  const pending = [link.request('a', {}, 60_000), link.request('b', {}, 60_000), link.request('c', {}, 60_000)];
  assert.equal(link.pendingCount, 3);
  link.close();
  const results = await Promise.allSettled(pending);
  for (const r of results) {
    assert.equal(r.status, 'rejected');
    assert.equal((r.reason as TransportError).code, 'TRANSPORT_CLOSED');
  }
  assert.equal(link.pendingCount, 0);
  await assert.rejects(link.request('d', {}), (e: TransportError) => e.code === 'TRANSPORT_CLOSED');
});

test('when the peer goes away its pending requests fail with TRANSPORT_CLOSED', async (t) => {
  const { link, server } = await pair(t, { onRequest: () => new Promise(() => undefined) });
  const pending = link.request('slow', {}, 60_000);
  (await server).socket.terminate();
  await assert.rejects(pending, (e: TransportError) => e.code === 'TRANSPORT_CLOSED');
});

test('a handler error travels back with its code; results and events arrive', async (t) => {
  const events: unknown[] = [];
  const { link, server } = await pair(
    t,
    {
      onRequest: (method, params) => {
        if (method === 'fail') throw Object.assign(new Error('it failed here'), { code: 'SOME_CODE' });
        return { got: params };
      },
    },
    {},
    { onEvent: (e, p) => events.push([e, p]) },
  );
  await assert.rejects(
    link.request('fail', {}),
    (e: RemoteError) => e.code === 'SOME_CODE' && e.message === 'it failed here',
  );
  assert.deepEqual(await link.request('echo', [1, 2]), { got: [1, 2] });
  const s = await server;
  s.notify('news', { n: 1 });
  await new Promise<void>((r) => {
    const check = (): void => (events.length > 0 ? r() : void setImmediate(check));
    check();
  });
  assert.deepEqual(events, [['news', { n: 1 }]]);
});

test('a silent peer (no pong) is terminated after two heartbeat periods with TRANSPORT_HEARTBEAT_LOST', async (t) => {
  const { server } = await pair(t, { heartbeatMs: 50 }, { autoPong: false });
  const s = await server;
  const reason = await s.closed;
  assert.equal(reason.code, 'TRANSPORT_HEARTBEAT_LOST');
  assert.match(reason.message, /did not answer heartbeats for 100 ms/);
});

test('a peer that answers pings is kept alive across many heartbeat periods', async (t) => {
  const { link, server } = await pair(t, { heartbeatMs: 20, onRequest: () => 'pong' });
  const s = await server;
  const started = Date.now();
  // Keep asking for ten periods; the link must stay open.
  while (Date.now() - started < 200) assert.equal(await link.request('ping', {}), 'pong');
  assert.equal(s.isClosed, false);
});

test('a peer that stops reading is dropped once too many event bytes wait for it', async (t) => {
  const { link, server } = await pair(t, { maxBufferedBytes: 256 * 1024 });
  link.socket.pause(); // this side stops reading; the server's unsent bytes pile up
  const s = await server;
  const chunk = 'x'.repeat(64 * 1024);
  const deadline = Date.now() + 20_000;
  while (!s.isClosed && Date.now() < deadline) {
    s.notify('news', chunk);
    await new Promise((r) => setImmediate(r));
  }
  const reason = await s.closed;
  assert.equal(reason.code, 'TRANSPORT_CLOSED');
  assert.match(reason.message, /stopped reading/);
});
