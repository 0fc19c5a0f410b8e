// What an admin client can do to a real daemon with batch frames (docs/admin-protocol.md, rule 7)
// and pipelined requests. Before its hello a client gets nowhere (a batch is not a hello; 8 KiB
// at most: test/security/admin-abuse.test.ts). After it, a client that sends requests and stops
// reading its answers must not grow the daemon's memory without bound: answers are bounded like
// events (64 MiB unsent, then the link is dropped). One 32 MiB batch of 730,000 unknown-method
// requests, each answered with a few hundred bytes, was answered in full into the daemon's buffers
// (RSS from 62 to 430 MiB; with more batches, more), the link dropped only by the heartbeat, after
// the whole batch. Now the link is dropped within seconds and the rest of the batch
// is not handled. (The parse of the 32 MiB itself still costs what any 32 MiB frame costs.)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import WebSocket from 'ws';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, secDir } from './support';

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** An authenticated raw WebSocket to the daemon (hello sent and answered). */
async function helloed(port: number, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const answer = new Promise<string>((resolve) => ws.once('message', (d: Buffer) => resolve(d.toString('utf8'))));
  ws.send(JSON.stringify({ id: 1, method: 'admin/hello', params: { token, protocolVersion: 1 }, timeoutMs: 5000 }));
  assert.match(await answer, /"frameBatches":true/);
  return ws;
}

test(
  'a client that batches requests and never reads the answers is dropped; the daemon does not queue them all',
  { skip: process.platform !== 'linux' ? 'RSS from /proc' : false },
  async (t) => {
    const s = await secDir(t);
    // No heartbeat drop here (10 min): the link must be dropped for its unread answers alone. (The
    // heartbeat drops a silent client after two periods, but only between turns: one batch was
    // answered in full, in one turn, before it could.)
    const { pid, port } = await spawnDaemon({
      directorDir: s.dir,
      env: { ...process.env, THESPIAN_ADMIN_HEARTBEAT_MS: '600000' },
    });
    await answersWithinASecond(s);
    const token = (await readFile(privatePaths(s.dir).token, 'utf8')).trim();
    const ws = await helloed(port, token);
    t.after(() => ws.terminate());
    // Stop reading: the daemon's answers stay in its own buffers.
    (ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const before = await rssMiB(pid);
    // Unknown methods: the answer names every method the daemon knows (a few hundred bytes each).
    const frame = (i: number): string => `{"id":${i},"method":"x","timeoutMs":600000}`;
    const parts: string[] = [];
    let bytes = 2;
    for (let i = 2; bytes < 32 * 1024 * 1024; i++) {
      const f = frame(i);
      parts.push(f);
      bytes += f.length + 1;
    }
    ws.send(`[${parts.join(',')}]`);
    let peak = before;
    // The daemon drops the link once 64 MiB of answers wait for it (as for events). The paused
    // socket cannot see that; another client can: it is then the only one the daemon counts.
    const watcher = await connectDaemon({ directorDir: s.dir });
    t.after(() => watcher.close());
    await waitFor(
      async () => {
        peak = Math.max(peak, await rssMiB(pid));
        return (await watcher.status()).clients === 1;
      },
      30_000,
      'the daemon to drop the client that stopped reading',
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}; RSS before ${before.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB`);
    });
    await answersWithinASecond(s);
    const after = await rssMiB(pid);
    t.diagnostic(
      `${parts.length} requests in one batch; RSS before ${before.toFixed(1)} MiB, peak ${peak.toFixed(1)}, after ${after.toFixed(1)}`,
    );
  },
);
