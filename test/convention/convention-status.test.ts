// admin/status reports the convention (for the extension's Convention view): on the leader its
// members with capabilities and when each was last heard from; on a member its leader; alone
// without a secret. Real daemons as `director start` spawns them (the daemon composition).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { makeHost, newSecret, waitFor, type Host } from './helpers';

const startReal = (h: Host): Promise<unknown> => spawnDaemon({ directorDir: h.dir, env: { ...process.env } });

test(
  'admin/status shows the convention: the leader its members with capabilities and last heartbeat, a member its leader',
  { timeout: 60_000 },
  async (t) => {
    const secret = newSecret();
    const leader = await makeHost(t, { secret });
    await startReal(leader);
    const member = await makeHost(t, { secret, leaderPort: leader.port, caps: '{ Color: "red" }' });
    await startReal(member);
    const lc = await connectDaemon({ directorDir: leader.dir, clientName: 'el-conv' });
    t.after(() => lc.close());
    await waitFor(
      async () => ((await lc.status()).convention?.members.length ?? 0) === 1,
      15_000,
      "the member in the leader's status",
    );
    const s = (await lc.status()).convention;
    assert.equal(s?.role, 'leader');
    const m = s?.members[0];
    assert.equal(m?.system, member.name);
    assert.equal(m?.capabilities['Color'], 'red');
    const heard = Date.parse(m?.lastHeartbeat ?? '');
    assert.ok(Number.isFinite(heard) && Date.now() - heard < 15_000, `a recent heartbeat: ${m?.lastHeartbeat}`);
    const mc = await connectDaemon({ directorDir: member.dir, clientName: 'el-conv' });
    t.after(() => mc.close());
    const ms = (await mc.status()).convention;
    assert.equal(ms?.role, 'member');
    assert.equal(ms?.leader, leader.name);
    const alone = await makeHost(t);
    await startReal(alone);
    const ac = await connectDaemon({ directorDir: alone.dir, clientName: 'el-conv' });
    t.after(() => ac.close());
    assert.deepEqual((await ac.status()).convention, { role: 'alone', members: [] });
  },
);
