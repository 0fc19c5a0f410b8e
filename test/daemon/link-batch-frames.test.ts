// Batch frames on a Link (docs/admin-protocol.md, "Batch frames"): a JSON array of frames in one
// WebSocket message, each frame checked and answered as if it had come alone. A side sends them
// only to a peer that reads them (allowBatches; the daemon: once the client has sent one); the
// first frame of a burst still leaves at once, alone.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { BATCH_FRAMES, Link } from '../../runtime/src/transport/link';

/** A Link server (batchOnceSeen, as the daemon's) and a connected ws client socket. */
async function linkServer(t: TestContext, onRequest: (method: string, params: unknown) => unknown): Promise<WebSocket> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on(
    'connection',
    (s) => new Link(s, { peer: 'client', maxPayload: 1 << 20, heartbeatMs: 0, batchOnceSeen: true, onRequest }),
  );
  const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  t.after(async () => {
    ws.terminate();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return ws;
}

/** {@link linkServer} with a raw client that records each message it gets. */
async function server(
  t: TestContext,
  onRequest: (method: string, params: unknown) => unknown,
): Promise<{ ws: WebSocket; messages: unknown[] }> {
  const ws = await linkServer(t, onRequest);
  const messages: unknown[] = [];
  ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString('utf8'))));
  return { ws, messages };
}

const request = (id: number, method = 'double', params: unknown = { n: id }): object => ({
  id,
  method,
  params,
  timeoutMs: 5000,
});
type Answer = { id: number; result?: unknown; error?: { code: string; message: string } };
const flat = (messages: unknown[]): Answer[] =>
  messages.flatMap((m): Answer[] => (Array.isArray(m) ? (m as Answer[]) : [m as Answer]));

test('each frame of a batch is checked and answered on its own, in order; a malformed one gets its own error', async (t) => {
  const { ws, messages } = await server(t, (_m, p) => (p as { n: number }).n * 2);
  ws.send(
    JSON.stringify([
      request(1),
      { id: 2, method: 'double', params: { n: 2 } },
      request(3),
      { id: 4, method: 'double', timeoutMs: 5000, extra: 1 },
      request(5),
    ]),
  );
  await waitUntil(() => flat(messages).length === 5);
  const got = flat(messages);
  assert.deepEqual(
    got.filter((f) => 'result' in f).map((f) => [f.id, f.result]),
    [
      [1, 2],
      [3, 6],
      [5, 10],
    ],
  );
  // No timeoutMs, an unknown key: each its own ADMIN_BAD_FRAME with its id.
  assert.deepEqual(
    got.filter((f) => 'error' in f).map((f) => [f.id, f.error!.code]),
    [
      [2, 'ADMIN_BAD_FRAME'],
      [4, 'ADMIN_BAD_FRAME'],
    ],
  );
  assert.deepEqual(
    got.map((f) => f.id),
    [1, 2, 3, 4, 5],
  );
});

test('an empty batch, or one holding anything but frame objects, is refused whole with one ADMIN_BAD_FRAME; the link carries on', async (t) => {
  const { ws, messages } = await server(t, () => 'ok');
  for (const bad of ['[]', '[1,2,3]', JSON.stringify([request(8), 'not a frame']), JSON.stringify([[request(9)]])])
    ws.send(bad);
  ws.send(JSON.stringify(request(7)));
  await waitUntil(() => messages.length === 5);
  for (const m of messages.slice(0, 4)) {
    assert.equal((m as Answer).id, 0);
    assert.equal((m as Answer).error?.code, 'ADMIN_BAD_FRAME');
    assert.match((m as Answer).error!.message, /a batch a non-empty array of frame objects/);
  }
  // Nothing of a refused batch was handled (no answer to 8 or 9), and none of them made the link batch.
  assert.deepEqual(messages[4], { id: 7, result: 'ok' });
});

test('a peer that never sent a batch never gets one; once it has, a burst of answers comes back batched', async (t) => {
  const { ws, messages } = await server(t, (_m, p) => (p as { n: number }).n);
  for (let i = 1; i <= 50; i++) ws.send(JSON.stringify(request(i)));
  await waitUntil(() => messages.length === 50);
  assert.ok(
    messages.every((m) => !Array.isArray(m)),
    'only single frames to a peer that did not batch',
  );
  messages.length = 0;
  const n = BATCH_FRAMES + 100;
  ws.send(JSON.stringify(Array.from({ length: n }, (_, i) => request(100 + i))));
  await waitUntil(() => flat(messages).length === n);
  assert.deepEqual(
    flat(messages).map((f) => f.id),
    Array.from({ length: n }, (_, i) => 100 + i),
  );
  // The first answer of the burst alone, the rest in batches of at most BATCH_FRAMES.
  assert.ok(!Array.isArray(messages[0]));
  assert.ok(
    messages.length >= 3 && messages.slice(1).every((m) => Array.isArray(m) && m.length <= BATCH_FRAMES),
    JSON.stringify(messages.map((m) => (Array.isArray(m) ? m.length : 1))),
  );
});

test('two Links that allow batches: a pipelined burst of requests is answered in full and in order', async (t) => {
  const ws = await linkServer(t, (_m, p) => p);
  const link = new Link(ws, { peer: 'server', maxPayload: 1 << 20, heartbeatMs: 0 });
  link.allowBatches();
  const got = await Promise.all(
    Array.from({ length: 2000 }, (_, i) => link.request('echo', { i, text: 'é'.repeat(i % 7) })),
  );
  assert.deepEqual(
    got,
    Array.from({ length: 2000 }, (_, i) => ({ i, text: 'é'.repeat(i % 7) })),
  );
});

async function waitUntil(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
