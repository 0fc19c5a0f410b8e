// The transport codes of a link that cannot open or is closed by its peer, on real sockets.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../runtime/src/protocol/admin-protocol';
import { Link } from '../../runtime/src/transport/link';
import { openSocket } from '../../runtime/src/transport/open-socket';
import type { TransportError } from '../../runtime/src/transport/transport-error';
import { freePort } from '../support/ports';

/** A ws server on a loopback port 0, closed after the test. */
async function server(
  t: TestContext,
  options: { maxPayload?: number } = {},
): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await new Promise((r) => wss.once('listening', r));
  t.after(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` };
}

const clientLink = async (url: string): Promise<Link> =>
  new Link(await openSocket(url, { maxPayload: 1 << 20, timeoutMs: 5000 }), {
    peer: 'test server',
    maxPayload: 1 << 20,
    heartbeatMs: 0,
  });

test('nothing listening on the port is TRANSPORT_CONNECT_FAILED with errno ECONNREFUSED', async () => {
  const url = `ws://127.0.0.1:${await freePort()}/`;
  await assert.rejects(openSocket(url, { maxPayload: 1 << 20, timeoutMs: 5000 }), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_CONNECT_FAILED');
    assert.deepEqual(e.data, { url, errno: 'ECONNREFUSED' });
    return true;
  });
});

test('an HTTP server that is not a WebSocket server is TRANSPORT_CONNECT_FAILED with its status', async (t) => {
  const s = http.createServer((_req, res) => res.writeHead(404).end('no'));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => s.close(() => r())));
  const url = `ws://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  await assert.rejects(openSocket(url, { maxPayload: 1 << 20, timeoutMs: 5000 }), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_CONNECT_FAILED');
    assert.equal((e.data as { status?: number }).status, 404);
    return true;
  });
});

test('a peer that closes with 4001 (hello refused) ends the link with TRANSPORT_UNAUTHORIZED, pending requests too', async (t) => {
  const { wss, url } = await server(t);
  wss.on('connection', (ws) => ws.on('message', () => ws.close(CloseCode.Unauthorized, 'wrong token')));
  const link = await clientLink(url);
  await assert.rejects(link.request('admin/hello', {}, 5000), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_UNAUTHORIZED');
    assert.match(e.message, /test server refused this client: wrong token/);
    return true;
  });
  assert.equal((await link.closed).code, 'TRANSPORT_UNAUTHORIZED');
});

test("a frame over the receiver's maxPayload: the receiver closes with TRANSPORT_BAD_FRAME, the sender gets TRANSPORT_PEER_REFUSED_SIZE", async (t) => {
  const { wss, url } = await server(t, { maxPayload: 1024 });
  const serverLink = new Promise<Link>((resolve) =>
    wss.on('connection', (ws) => resolve(new Link(ws, { peer: 'test client', maxPayload: 1024, heartbeatMs: 0 }))),
  );
  const link = await clientLink(url);
  await assert.rejects(link.request('x/big', { pad: 'x'.repeat(4096) }, 5000), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_PEER_REFUSED_SIZE');
    return true;
  });
  const closed = await (await serverLink).closed;
  assert.equal(closed.code, 'TRANSPORT_BAD_FRAME');
  assert.match(closed.message, /test client sent a frame larger than 1024 bytes/);
});

test('a request whose handler throws an error without a code is answered with INTERNAL and its message', async (t) => {
  const { wss, url } = await server(t);
  wss.on(
    'connection',
    (ws) =>
      new Link(ws, {
        peer: 'test client',
        maxPayload: 1 << 20,
        heartbeatMs: 0,
        onRequest: () => {
          throw new Error('a bug on the answering side');
        },
      }),
  );
  const link = await clientLink(url);
  await assert.rejects(link.request('x/any', {}, 5000), (e: TransportError) => {
    assert.equal(e.code, 'INTERNAL');
    assert.equal(e.message, 'a bug on the answering side');
    return true;
  });
  assert.equal(link.isClosed, false, 'the link stays usable');
});
