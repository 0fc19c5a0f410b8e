import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import type { AdminEvent } from '../../runtime/src/protocol/admin-protocol';
import {
  connect,
  cowPackage,
  keyPair,
  logCount,
  makeHost,
  newSecret,
  openConventionPeer,
  start,
  stop,
  waitFor,
  waitForLog,
} from './helpers';

test('a member joins its leader, is listed in the member-joined event, and its capability updates reach the leader', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  await start(leader);
  const admin = await connect(t, leader);
  const events: AdminEvent[] = [];
  await admin.onEvent((e) => events.push(e), ['convention/']);
  const member = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ Color: "red" }' });
  await start(member);
  await waitFor(
    () =>
      events.some(
        (e) => e.kind === 'convention/member-joined' && (e.data as { system: string }).system === member.name,
      ),
    10_000,
    'member-joined event',
  );
  const joined = events.find((e) => e.kind === 'convention/member-joined')!;
  assert.equal((joined.data as { capabilities: { Color: string } }).capabilities.Color, 'red');
  await waitForLog(member, new RegExp(`joined the leader ${leader.name.replace(/\./g, '\\.')}`));
  // othercaps.cfg changes while running: the leader hears of it.
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`${member.dir}/othercaps.cfg`, '{ Color: "blue" }');
  await waitFor(
    () =>
      events.some(
        (e) =>
          e.kind === 'convention/member-joined' &&
          (e.data as { capabilities: { Color?: string } }).capabilities.Color === 'blue',
      ),
    10_000,
    'capability update',
  );
});

test('a member with the wrong secret is refused, with a log line naming the peer on both sides', async (t) => {
  const leader = await makeHost(t, { secret: newSecret() });
  await start(leader);
  const member = await makeHost(t, { secret: newSecret(), leaderPort: leader.port });
  await start(member);
  const m = await waitForLog(member, /refused the leader .* wrong convention secret/);
  assert.match(m, new RegExp(`refused the leader ${leader.name.replace(/\./g, '\\.')}`));
  const l = await waitForLog(leader, /refused member 127\.0\.0\.1:\d+ at 127\.0\.0\.1:\d+: wrong convention secret/);
  assert.match(l, new RegExp(`member ${member.name.replace(/\./g, '\\.')}`));
  assert.equal(await logCount(leader, /member .* joined from/), 0, 'never admitted');
});

test('a malformed hello is refused by the leader with close code 4001', async (t) => {
  const leader = await makeHost(t, { secret: newSecret() });
  await start(leader);
  const peer = await openConventionPeer(t, leader);
  await assert.rejects(
    peer.link.request(
      'convention/hello',
      { protocolVersion: 1, systemName: 'x:1', nonce: 'nope', capabilities: {} },
      1000,
    ),
    { code: 'CONVENTION_BAD_HELLO', message: /"nonce" must be 64 lowercase hex digits, got "nope"/ },
  );
  assert.equal(await peer.closeCode, 4001);
  await waitForLog(leader, /refused a would-be member at 127\.0\.0\.1:\d+: malformed hello/);
});

test('a member killed with -9 is noticed within 5 s, and rejoins by itself once restarted', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  await start(leader);
  const admin = await connect(t, leader);
  const events: AdminEvent[] = [];
  await admin.onEvent((e) => events.push(e), ['convention/']);
  const member = await makeHost(t, { secret, leaderPort: leader.port });
  const key = keyPair(leader.dir, 'dev', [leader.dir]);
  await start(member);
  await waitFor(() => events.some((e) => e.kind === 'convention/member-joined'), 10_000, 'joined');
  const hash = await admin.loadActorSource(await cowPackage(key));
  const foo = await admin.createActor('foo.FooActor', { sourceHash: hash });
  const pid = (await readPid(privatePaths(member.dir)))!;
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  await waitFor(() => events.some((e) => e.kind === 'convention/member-lost'), 5_000, 'member-lost within 5 s');
  const lost = events.find((e) => e.kind === 'convention/member-lost')!;
  assert.equal((lost.data as { system: string }).system, member.name);
  assert.ok(Date.now() - killedAt <= 5_000);
  assert.equal(await admin.ask(foo, 'undisturbed', 5), 'V1:undisturbed', 'what runs on the leader is not disturbed');
  // kill -9 leaves the stale pid file behind; the next start claims it (the pid is dead).
  await start(member);
  await waitFor(() => events.filter((e) => e.kind === 'convention/member-joined').length >= 2, 10_000, 'rejoined');
});

test('members keep knocking while the leader is down at start, and rejoin after a leader restart', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const a = await makeHost(t, { secret, leaderPort: leader.port });
  const b = await makeHost(t, { secret, leaderPort: leader.port });
  await start(a);
  await start(b);
  await waitForLog(a, /cannot join the leader at ws:\/\/127\.0\.0\.1:\d+\/convention \(attempt 1\).*retrying in/);
  await start(leader);
  await waitForLog(a, /joined the leader/);
  await waitForLog(b, /joined the leader/);
  await stop(leader);
  await waitForLog(a, /lost the leader/);
  await start(leader);
  await waitFor(
    async () => (await logCount(a, /joined the leader/)) >= 2 && (await logCount(b, /joined the leader/)) >= 2,
    15_000,
    'both rejoined',
  );
  await waitFor(
    async () => (await logCount(leader, /member .* joined from/)) >= 4,
    5_000,
    'leader saw both joins twice',
  );
});

test('a frozen member (link silent, socket open) is dropped by heartbeat within 5 s and rejoins when it wakes', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  await start(leader);
  const member = await makeHost(t, { secret, leaderPort: leader.port });
  await start(member);
  await waitForLog(leader, /member .* joined from/);
  const pid = (await readPid(privatePaths(member.dir)))!;
  process.kill(pid, 'SIGSTOP');
  t.after(() => {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone
    }
  });
  const frozenAt = Date.now();
  await waitForLog(leader, /member 127\.0\.0\.1:\d+ lost: .*heartbeats/, 5_000);
  assert.ok(Date.now() - frozenAt <= 5_000);
  process.kill(pid, 'SIGCONT');
  await waitFor(async () => (await logCount(leader, /member .* joined from/)) >= 2, 10_000, 'rejoined after waking');
});
