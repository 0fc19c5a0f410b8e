import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { AdminClient } from '../../runtime/src/client/admin-client';
import { readToken } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { CloseCode } from '../../runtime/src/protocol/admin-protocol';
import type { RemoteError, TransportError } from '../../runtime/src/transport/transport-error';
import { rawText } from '../../runtime/src/transport/raw-text';
import { startFixtureDaemon, testDirectorDir } from './helpers';

/** An authenticated raw socket: send text, await the next frame. */
async function rawClient(
  port: number,
  token: string,
): Promise<{
  ws: WebSocket;
  next: () => Promise<{ id: number; result?: unknown; error?: { code: string; message: string } }>;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  const queue: unknown[] = [];
  const waiters: ((v: unknown) => void)[] = [];
  ws.on('message', (d) => {
    const v: unknown = JSON.parse(rawText(d));
    const w = waiters.shift();
    if (w) w(v);
    else queue.push(v);
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const next = (): Promise<never> =>
    new Promise((r) => (queue.length > 0 ? r(queue.shift() as never) : waiters.push(r as (v: unknown) => void)));
  ws.send(JSON.stringify({ id: 1, method: 'admin/hello', params: { token, protocolVersion: 1 }, timeoutMs: 5000 }));
  const hello = (await next()) as { result?: unknown };
  assert.ok(hello.result);
  return { ws, next };
}

test('malformed frames are answered with a code and the daemon keeps answering on the same link', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const { ws, next } = await rawClient(port, await readToken(privatePaths(dir)));
  t.after(() => ws.close());
  const cases: [string | Buffer, string, RegExp][] = [
    ['this is not json', 'ADMIN_BAD_FRAME', /not valid JSON/],
    ['[1,2,3]', 'ADMIN_BAD_FRAME', /must be a JSON object/],
    [
      JSON.stringify({ id: 2, method: 'admin/status', timeoutMs: 1000, extra: 1 }),
      'ADMIN_BAD_FRAME',
      /unknown key "extra"/,
    ],
    [JSON.stringify({ id: 3, method: 'admin/status' }), 'ADMIN_BAD_FRAME', /"timeoutMs" must be a number/],
    [
      JSON.stringify({ id: 4, method: 'no/such', params: {}, timeoutMs: 1000 }),
      'ADMIN_UNKNOWN_METHOD',
      /unknown method "no\/such"/,
    ],
    [
      JSON.stringify({ id: 5, method: 'actor/tell', params: { to: 'x', message: 1 }, timeoutMs: 1000 }),
      'ADMIN_BAD_PARAMS',
      /"to" must be an actor address/,
    ],
    [
      JSON.stringify({ id: 6, method: 'source/load', params: { data: '***' }, timeoutMs: 1000 }),
      'ADMIN_BAD_PARAMS',
      /base64/,
    ],
    [
      JSON.stringify({ id: 7, method: 'admin/status', params: { verbose: true }, timeoutMs: 1000 }),
      'ADMIN_BAD_PARAMS',
      /takes no params, got "verbose"/,
    ],
    [Buffer.from([1, 2, 3]), 'ADMIN_BAD_FRAME', /binary frames/],
    // Decoded by schemas: a prototype key is an unknown key like any other; messages say what came.
    [
      '{"id":8,"method":"admin/status","timeoutMs":1000,"__proto__":{"x":1}}',
      'ADMIN_BAD_FRAME',
      /^unknown key "__proto__" in a request frame; allowed: id, method, params, timeoutMs$/,
    ],
    [
      '{"id":9,"method":"actor/ask","params":{"to":{"system":"s","id":"i"},"message":1,"__proto__":{}},"timeoutMs":1000}',
      'ADMIN_BAD_PARAMS',
      /^actor\/ask: unknown param "__proto__"; allowed: to, message$/,
    ],
    [
      JSON.stringify({ id: 10, method: 'actor/ask', params: [1], timeoutMs: 1000 }),
      'ADMIN_BAD_PARAMS',
      /^actor\/ask: "params" must be an object, got an array of 1$/,
    ],
    [
      JSON.stringify({ id: 11, method: 'admin/status', timeoutMs: 'soon' }),
      'ADMIN_BAD_FRAME',
      /^"timeoutMs" must be a number from 1 to 600000, got "soon"$/,
    ],
  ];
  for (const [frame, code, message] of cases) {
    ws.send(frame);
    const r = await next();
    assert.equal(r.error?.code, code, `for ${String(frame)}`);
    assert.match(r.error.message, message);
  }
  ws.send(JSON.stringify({ id: 99, method: 'admin/status', params: {}, timeoutMs: 1000 }));
  const ok = await next();
  assert.equal(ok.id, 99);
  assert.equal((ok.result as { pid: number }).pid > 0, true);
});

test('an oversized frame is refused: the daemon closes that link with 1009 and keeps serving others', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir, { THESPIAN_ADMIN_MAX_PAYLOAD: String(64 * 1024) });
  const token = await readToken(privatePaths(dir));
  const { ws } = await rawClient(port, token);
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  ws.send(JSON.stringify({ id: 2, method: 'admin/status', params: { pad: 'x'.repeat(100 * 1024) }, timeoutMs: 1000 }));
  assert.equal(await closed, CloseCode.TooLarge);
  const other = await AdminClient.connect({ host: '127.0.0.1', port, token });
  assert.ok((await other.status()).pid > 0);
  other.close();
});

test('a client refuses to send a frame larger than its maxPayload with TRANSPORT_FRAME_TOO_LARGE, and the link stays usable', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const c = await AdminClient.connect({
    host: '127.0.0.1',
    port,
    token: await readToken(privatePaths(dir)),
    maxPayload: 1024,
  });
  t.after(() => c.close());
  await assert.rejects(c.loadSource(new Uint8Array(4096)), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_FRAME_TOO_LARGE');
    assert.match(e.message, /more than the largest frame/);
    return true;
  });
  assert.ok((await c.status()).pid > 0);
});

test('a message that is not plain data fails at the sender with TRANSPORT_NOT_PLAIN_DATA', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const c = await AdminClient.connect({ host: '127.0.0.1', port, token: await readToken(privatePaths(dir)) });
  t.after(() => c.close());
  const echo = await c.createActor('Echo', { globalName: 'Echo' });
  await assert.rejects(c.ask(echo, { when: new Date() } as never, 1000), (e: TransportError) => {
    assert.equal(e.code, 'TRANSPORT_NOT_PLAIN_DATA');
    assert.match(e.message, /when is a Date instance/);
    return true;
  });
  await assert.rejects(
    c.request('actor/create', { spec: 'x', bogus: 1 }),
    (e: RemoteError) => e.code === 'ADMIN_BAD_PARAMS',
  );
});
