import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { convcertCommand } from '../../packager/src/convention/convcert-command';
import type { CommandContext } from '../../cli/framework/command';
import { cowPackage, connect, keyPair, logCount, makeHost, newSecret, start, waitForLog, type Host } from './helpers';

function ctx(dir: string, cwd = dir): CommandContext {
  return {
    directorDir: dir,
    env: {},
    cwd,
    out: { write: () => undefined },
    err: { write: () => undefined },
    verbose: false,
  };
}

/** A CA in its own folder, and host pairs issued by it into each host's director dir. */
async function issue(t: TestContext, hosts: readonly Host[]): Promise<void> {
  const caDir = await mkdtemp(path.join(os.tmpdir(), 'director-conv-ca-'));
  t.after(() => rm(caDir, { recursive: true, force: true }));
  await convcertCommand.run(ctx(caDir), ['ca']);
  for (const h of hosts) await convcertCommand.run(ctx(caDir), ['host', 'localhost', '127.0.0.1', '--out', h.dir]);
}

test('with TLS files the link is wss, both ends present certificates of the convention CA, and placement works over it', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const member = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ "Cows Allowed": true }' });
  await issue(t, [leader, member]);
  const key = keyPair(leader.dir, 'dev', [leader.dir, member.dir]);
  await start(leader);
  await start(member);
  await waitForLog(leader, /members join at wss:/);
  await waitForLog(member, /joined the leader .* at wss:\/\/.* \(TLS\)/);
  await waitForLog(leader, /member .* joined from .* \(TLS\)/);
  const L = await connect(t, leader);
  const hash = await L.loadActorSource(await cowPackage(key));
  const moo = await L.createActor('barn.moo.MooActor', {
    sourceHash: hash,
    targetActorRequirements: { 'Cows Allowed': true },
  });
  assert.equal(await L.ask(moo, 'secure', 10), 'And MOO: secure');
});

test('a member whose certificate comes from a foreign CA is refused, with a log line on both sides', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const member = await makeHost(t, { secret, leaderPort: leader.port });
  await issue(t, [leader]);
  await issue(t, [member]); // another CA
  // The member trusts the leader's CA (so only the leader's check can refuse it).
  await copyFile(path.join(leader.dir, 'convca.crt'), path.join(member.dir, 'convca.crt'));
  await start(leader);
  await start(member);
  await waitForLog(leader, /refused a TLS connection from 127\.0\.0\.1:\d+: .*not issued by this convention's CA/);
  await waitForLog(member, /cannot join the leader at wss:\/\/127\.0\.0\.1:\d+\/convention \(attempt 1\)/);
  assert.equal(await logCount(leader, /member .* joined from/), 0);
});

test('a leader whose certificate comes from a foreign CA is refused by the member', async (t) => {
  const secret = newSecret();
  const leader = await makeHost(t, { secret });
  const member = await makeHost(t, { secret, leaderPort: leader.port });
  await issue(t, [member]);
  await issue(t, [leader]);
  await copyFile(path.join(member.dir, 'convca.crt'), path.join(leader.dir, 'convca.crt'));
  await start(leader);
  await start(member);
  const log = await waitForLog(member, /cannot join the leader at wss:.*(certificate|self.signed|unable to verify)/i);
  assert.doesNotMatch(log, /joined the leader/);
  await waitForLog(leader, /refused a TLS connection/);
});
