// What a convention leader refuses on its link, seen by a hand-written client that speaks the
// protocol's frames itself: a taken system name, a wrong secret, malformed requests after a good
// join, and a source it does not hold. A real leader daemon; each refusal's exact code.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { CONVENTION_PROTOCOL_VERSION, proofText } from '../../runtime/src/protocol/convention-protocol';
import { newNonce, secretFromBytes } from '../../runtime/src/convention/secret';
import { makeHost, newSecret, start, type Host } from './helpers';

interface Answer {
  readonly result?: { readonly nonce?: string; readonly leaderName?: string };
  readonly error?: { readonly code: string; readonly message: string };
}

/** A raw client of the leader's convention port: numbered requests, answers by id. */
async function rawClient(
  t: TestContext,
  leader: Host,
): Promise<{ ask(method: string, params: unknown): Promise<Answer>; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${leader.port + 1}/convention`);
  t.after(() => ws.terminate());
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  const waiting = new Map<number, (a: Answer) => void>();
  ws.on('message', (d: Buffer) => {
    const f = JSON.parse(d.toString('utf8')) as Answer & { id?: number };
    if (typeof f.id === 'number') waiting.get(f.id)?.(f);
  });
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  let next = 1;
  return {
    closed,
    ask: (method, params) => {
      const id = next++;
      ws.send(JSON.stringify({ id, method, params, timeoutMs: 5000 }));
      return new Promise((r) => waiting.set(id, r));
    },
  };
}

const hello = (systemName: string, nonce: string): object => ({
  protocolVersion: CONVENTION_PROTOCOL_VERSION,
  systemName,
  nonce,
  capabilities: {},
});

/** hello + prove with `secret` as `name`; the prove's answer. */
async function join(
  c: Awaited<ReturnType<typeof rawClient>>,
  leader: Host,
  name: string,
  secret: Uint8Array,
): Promise<Answer> {
  const nonce = newNonce();
  const h = await c.ask('convention/hello', hello(name, nonce));
  assert.equal(h.error, undefined, JSON.stringify(h.error));
  const leaderNonce = h.result?.nonce ?? '';
  const proof = secretFromBytes(secret).prove(proofText('member', nonce, leaderNonce, name, leader.name));
  return c.ask('convention/prove', { proof });
}

test('convention leader refusals: CONVENTION_DUPLICATE_NAME, CONVENTION_BAD_SECRET, CONVENTION_BAD_REQUEST, CONVENTION_SOURCE_UNAVAILABLE', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  await start(leader);

  // The leader's own name: refused at the hello, link closed with 4001.
  const dup = await rawClient(t, leader);
  const d = await dup.ask('convention/hello', hello(leader.name, newNonce()));
  assert.equal(d.error?.code, 'CONVENTION_DUPLICATE_NAME');
  assert.equal(await dup.closed, 4001);

  // A proof made with another secret.
  const wrong = await rawClient(t, leader);
  const w = await join(wrong, leader, 'rogue:1', newSecret());
  assert.equal(w.error?.code, 'CONVENTION_BAD_SECRET');
  assert.equal(await wrong.closed, 4001);

  // A good join, then requests the leader cannot take.
  const good = await rawClient(t, leader);
  const g = await join(good, leader, 'member:1', secret);
  assert.equal(g.error, undefined, JSON.stringify(g.error));
  const bad = await good.ask('convention/create-actor', { nothing: true });
  assert.equal(bad.error?.code, 'CONVENTION_BAD_REQUEST');
  const unknown = await good.ask('convention/no-such-method', {});
  assert.equal(unknown.error?.code, 'CONVENTION_BAD_REQUEST');
  assert.match(unknown.error?.message ?? '', /unknown convention method "convention\/no-such-method"/);
  const fetch = await good.ask('convention/fetch-source', { sourceHash: 'ab'.repeat(16) });
  assert.equal(fetch.error?.code, 'CONVENTION_SOURCE_UNAVAILABLE');
  assert.match(fetch.error?.message ?? '', /it is not loaded here/);
});
