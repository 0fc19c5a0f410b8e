// Health and metrics of a real daemon (the daemon entry `director start` spawns, the real Source
// Authority and Director, a package signed with an openssl key): /metrics parsed with a separate
// exposition-format parser, counters moving as actors exchange messages, readiness flipping
// while the Director restores its record, and a metrics port in use refused with its code.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import type { CommandContext } from '../../cli/framework/command';
import { dispatch } from '../../cli/src/dispatch';
import { daemonCommands } from '../../runtime/src/daemon/commands';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { makeDirectorCommands } from '../../runtime/src/director/commands';
import { defaultConnector } from '../../runtime/src/director/daemon-connector';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { makeZip } from '../runtime/helpers';
import { parseMetricsPort } from '../../runtime/src/metrics/metrics-config';
import { HANDLER_SAMPLE_EVERY } from '../../runtime/src/metrics/thread-stats';
import { cowPackage, keyPair, makeHost, newSecret, waitForLog } from '../convention/helpers';
import { tempDirectorDir } from '../support/director-dir';
import { freePort, freePortPair } from '../support/ports';
import { waitFor } from '../support/wait';
import { parseExposition, rawSamples, valueOf, type RawSample } from './prom-parse';

const TLI = `{
  Actors: {
    'barn.slot.SlotActor': { OnLoad: { Role: 'Slot', Message: 'hello' } },
  },
}
`;

interface Env {
  readonly dir: string;
  readonly key: string;
  readonly metricsPort: number;
  readonly env: { [k: string]: string | undefined };
}

async function setup(t: TestContext): Promise<Env> {
  const { root, dir } = await tempDirectorDir(t, { prefix: 'fl-metrics-', nested: true });
  const metricsPort = await freePort();
  await writeFile(path.join(dir, 'metricsport.cfg'), `${metricsPort}\n`);
  const key = keyPair(root, 'k', [dir]);
  return { dir, key, metricsPort, env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } };
}

async function run(e: Env, ...words: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: Pick<CommandContext, 'out' | 'err'> = {
    out: { write: (s: string) => void (out += s) },
    err: { write: (s: string) => void (err += s) },
  };
  const commands = [...daemonCommands, ...makeDirectorCommands(defaultConnector)];
  const code = await dispatch(words, {
    commands,
    env: e.env,
    cwd: e.dir,
    out: ctx.out,
    err: ctx.err,
    directorDir: e.dir,
  });
  return { code, out, err };
}

function get(port: number, p: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${p} timed out`)));
  });
}

async function scrape(e: Env): Promise<ReturnType<typeof parseExposition>> {
  const r = await get(e.metricsPort, '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.type, /^text\/plain; version=0\.0\.4/);
  return parseExposition(r.body);
}

test('rawSamples reads labels with escapes, +Inf and timestamps; refuses what is not a sample', () => {
  const s = rawSamples('# HELP x y\nx_total{a="q\\"u",le="+Inf"} 3\ny 4.5 1700000000\nz{} +Inf\n');
  assert.deepEqual(s, [
    { name: 'x_total', labels: { a: 'q"u', le: '+Inf' }, value: 3 },
    { name: 'y', labels: {}, value: 4.5 },
    { name: 'z', labels: {}, value: Infinity },
  ]);
  assert.throws(() => rawSamples('x{a=b} 1\n'), /bad labels/);
  assert.throws(() => rawSamples('not a line\n'), /not a sample line/);
});

test('metricsport.cfg: PORT or HOST:PORT; anything else is METRICS_PORT_INVALID', () => {
  assert.deepEqual(parseMetricsPort('9464\n', '127.0.0.1'), { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(parseMetricsPort('0.0.0.0:9464', '127.0.0.1'), { host: '0.0.0.0', port: 9464 });
  assert.deepEqual(parseMetricsPort('[::1]:9464', '127.0.0.1'), { host: '::1', port: 9464 });
  for (const bad of ['', 'nine', '70000', '0', 'a b:9464', '9464 9465']) {
    assert.throws(
      () => parseMetricsPort(bad, '127.0.0.1'),
      (e: Error & { code?: string }) => e.code === 'METRICS_PORT_INVALID',
      bad,
    );
  }
});

test('metrics: /healthz, /readyz and /metrics of a real daemon; per-source counters move as actors exchange messages', async (t) => {
  const e = await setup(t);
  await writeFile(path.join(e.dir, 'foo.tli'), TLI);
  writeFileSync(path.join(e.dir, 'foo-1.tls'), await cowPackage(e.key, '1'));
  assert.equal((await run(e, 'start')).code, 0);
  const load = await run(e, 'load', 'foo-1.tls');
  assert.equal(load.code, 0, load.err + load.out);
  assert.equal((await get(e.metricsPort, '/healthz')).status, 200);
  const ready = await get(e.metricsPort, '/readyz');
  assert.equal(ready.status, 200, ready.body);
  assert.equal((await get(e.metricsPort, '/nothing')).status, 404);

  const sys = (await ActorSystem.connect({ directorDir: e.dir })) as DaemonActorSystem;
  t.after(() => sys.close());
  const list = JSON.parse((await run(e, 'list', '--json')).out) as { groups: { sources: { hash: string }[] }[] };
  const hash = list.groups[0].sources[0].hash;
  const labels = { group: 'foo', version: '1', hash };

  const before = await scrape(e);
  assert.equal(before.get('thespian_source_messages_received_total')?.type, 'COUNTER');
  const r0 = valueOf(before, 'thespian_source_messages_received_total', labels);
  const s0 = valueOf(before, 'thespian_source_messages_sent_total', labels);
  assert.ok(r0 >= 1, `the OnLoad message was received: ${r0}`);
  assert.equal(valueOf(before, 'thespian_director_loads_total'), 1);
  assert.equal(before.get('thespian_director_verification_seconds')?.metrics[0]?.count, '1', 'one verification');
  assert.ok(valueOf(before, 'thespian_admin_connections_total') >= 2, 'start and load connected');
  assert.ok(valueOf(before, 'process_resident_memory_bytes') > 10_000_000, 'daemon memory');
  assert.ok(valueOf(before, 'thespian_source_heap_used_bytes', labels) > 100_000, 'worker heap');

  // Actor → actor inside the source: a Pinger sends N to a SlotActor, which answers each.
  const N = 2_000;
  const pinger = await sys.createActor('barn.pinger.Pinger', { sourceHash: hash });
  const slot = await sys.createActor('barn.slot.SlotActor', { sourceHash: hash });
  const done = await sys.ask<{ ms: number }>(pinger, { target: slot as unknown as JsonValue, n: N }, 30);
  assert.equal(typeof done.ms, 'number');
  const afterText = (await get(e.metricsPort, '/metrics')).body;
  const after = parseExposition(afterText);
  const dr = valueOf(after, 'thespian_source_messages_received_total', labels) - r0;
  const ds = valueOf(after, 'thespian_source_messages_sent_total', labels) - s0;
  // N pings received by the slot, N answers received by the pinger, plus the ask itself.
  assert.ok(dr >= 2 * N + 1 && dr < 2 * N + 20, `received moved by ${dr}`);
  assert.ok(ds >= 2 * N + 1 && ds < 2 * N + 20, `sent moved by ${ds}`);
  assert.equal(after.get('thespian_source_handler_seconds')?.type, 'HISTOGRAM');
  const raw = rawSamples(afterText);
  const ofSource = (n: string): RawSample[] => raw.filter((x) => x.name === n && x.labels.hash === hash);
  const count = ofSource('thespian_source_handler_seconds_count')[0]?.value ?? NaN;
  assert.ok(count >= Math.floor((2 * N) / HANDLER_SAMPLE_EVERY), `sampled handler times: ${count}`);
  const buckets = ofSource('thespian_source_handler_seconds_bucket');
  assert.equal(buckets.at(-1)?.labels.le, '+Inf');
  assert.equal(buckets.at(-1)?.value, count);
  assert.ok(
    buckets.every((b, i) => i === 0 || b.value >= buckets[i - 1].value),
    'buckets are cumulative',
  );
  assert.ok((ofSource('thespian_source_handler_seconds_sum')[0]?.value ?? -1) >= 0);
  assert.equal(valueOf(after, 'thespian_source_mailbox_depth', labels), 0);
  // An actor that ends is counted against its source.
  const exits0 = valueOf(after, 'thespian_source_actor_exits_total', labels);
  assert.equal(exits0, 0);
  await sys.tell(slot, { type: 'ActorExitRequest' });
  await waitFor(
    async () => valueOf(await scrape(e), 'thespian_source_actor_exits_total', labels) === 1,
    5_000,
    'actor exit counted',
  );
  // Labels are bounded: no series carries an actor address.
  for (const f of after.values())
    for (const m of f.metrics)
      assert.ok(
        !Object.values(m.labels ?? {}).some((v) => v.includes('ActorAddr') || /^w\d+\./.test(v)),
        `${f.name} has an address label`,
      );

  // A refused admin link is counted by its code.
  await new Promise<void>((resolve) => {
    const port = Number(readFileSync(path.join(e.dir, 'adminport.cfg'), 'utf8'));
    const s = net.connect(port, '127.0.0.1', () =>
      s.write(
        'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      ),
    );
    s.on('data', () => {
      // Handshake answered: a text frame that is not a hello (masked, as a client must).
      const payload = Buffer.from('{"nope":1}');
      const mask = Buffer.from([1, 2, 3, 4]);
      const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
      s.end(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    });
    s.on('close', () => resolve());
    s.on('error', () => resolve());
  });
  await waitFor(
    async () => valueOf(await scrape(e), 'thespian_admin_refusals_total', { code: 'ADMIN_UNAUTHORIZED' }) === 1,
    5_000,
    'refusal counted',
  );

  // Unloading removes the source's series and counts the unload.
  const u = await run(e, 'unload', hash);
  assert.equal(u.code, 0, u.err + u.out);
  const gone = await scrape(e);
  assert.ok(
    Number.isNaN(valueOf(gone, 'thespian_source_messages_received_total', labels)),
    'series of an unloaded source are gone',
  );
  assert.equal(valueOf(gone, 'thespian_director_unloads_total'), 1);
});

test('metrics: /readyz answers 503 while the Director restores its record, then 200', async (t) => {
  const e = await setup(t);
  // An OnLoad actor that keeps its worker busy 1.5 s while it is created: the restore waits for it.
  const slowTli = `{ Actors: { 'slow.Slow': { OnLoad: { Role: 'Slow', Message: 'go' } } } }\n`;
  await writeFile(path.join(e.dir, 'slow.tli'), slowTli);
  const zip = await makeZip({
    'slow.js': `const { Actor } = require('thespian-director');
      class Slow extends Actor { constructor() { super(); const end = Date.now() + 1500; while (Date.now() < end); } receiveMessage() {} }
      exports.Slow = Slow;`,
  });
  writeFileSync(
    path.join(e.dir, 'slow-1.tls'),
    sealPackage({ zip, group: 'slow', version: '1', createdAt: new Date(), signingKey: await loadSigningKey(e.key) }),
  );
  assert.equal((await run(e, 'start')).code, 0);
  const l = await run(e, 'load', 'slow-1.tls');
  assert.equal(l.code, 0, l.err + l.out);
  assert.equal((await run(e, 'shutdown')).code, 0);

  // Start again without waiting; poll /readyz from the moment the metrics port answers.
  const seen: number[] = [];
  const starting = spawnDaemon({ directorDir: e.dir, env: e.env });
  let started = false;
  void starting.then(
    () => (started = true),
    () => (started = true),
  );
  while (!started || seen.at(-1) !== 200) {
    const r = await get(e.metricsPort, '/readyz').catch(() => null);
    if (r !== null && seen.at(-1) !== r.status) seen.push(r.status);
    await new Promise((res) => setTimeout(res, 20));
    if (seen.length > 5) break;
  }
  await starting;
  assert.deepEqual(seen, [503, 200], 'not ready during the restore, ready after');
  assert.equal((await get(e.metricsPort, '/healthz')).status, 200);
});

test('metrics: a metrics port in use stops the start with METRICS_PORT_IN_USE; nothing stays behind', async (t) => {
  const e = await setup(t);
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(e.metricsPort, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => blocker.close(() => r())));
  const r = await run(e, 'start');
  assert.notEqual(r.code, 0);
  assert.match(r.err, /METRICS_PORT_IN_USE/);
  assert.match(r.err, /metricsport\.cfg/);
  // The daemon did not stay behind: a spawn without metrics works in the same director dir.
  await rm(path.join(e.dir, 'metricsport.cfg'));
  const again = await run(e, 'start');
  assert.equal(again.code, 0, again.err);
});

test('metrics: a convention member is not ready while its link to the leader is down, ready once it has joined', async (t) => {
  const secret = newSecret();
  const leaderPort = await freePortPair();
  const member = await makeHost(t, { secret, leaderPort });
  const metricsPort = await freePort();
  await writeFile(path.join(member.dir, 'metricsport.cfg'), `${metricsPort}\n`);
  // The real daemon entry (the convention and the metrics wired in by its composition).
  await spawnDaemon({ directorDir: member.dir, env: process.env });
  const down = await get(metricsPort, '/readyz');
  assert.equal(down.status, 503);
  assert.match(down.body, /convention link to the leader is down/);
  assert.equal((await get(metricsPort, '/healthz')).status, 200, 'alive all the same');
  const leader = await makeHost(t, { secret, port: leaderPort });
  await spawnDaemon({ directorDir: leader.dir, env: process.env });
  await waitForLog(member, /joined the leader/, 20_000);
  await waitFor(async () => (await get(metricsPort, '/readyz')).status === 200, 10_000, 'member ready');
  const m = parseExposition((await get(metricsPort, '/metrics')).body);
  assert.equal(valueOf(m, 'thespian_convention_members'), 1);
  await waitFor(
    async () =>
      valueOf(parseExposition((await get(metricsPort, '/metrics')).body), 'thespian_convention_heartbeats_total') >= 1,
    10_000,
    'heartbeats counted',
  );
});
