/**
 * The metrics port (metricsport.cfg) is often bound to 0.0.0.0 so a platform's probes reach it:
 * the network reaches it, without any token. It had neither a connection cap nor a short header
 * deadline (Node's defaults: no cap, 60 s for headers, 300 s per request), so idle sockets held
 * there counted against the daemon's file descriptors: enough of them and the admin port could
 * not accept its operator any more. Now the metrics server takes at most 64 connections at once
 * (more are dropped at accept) and gives each 5 s to send its request; probes keep answering.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { freePort, waitFor } from '../daemon/helpers';
import { answersWithinASecond, secDir } from './support';

function get(port: number, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 2 s`)));
    req.on('error', reject);
  });
}

test('idle sockets on the metrics port are capped and timed out; probes and the admin port keep answering', async (t) => {
  const s = await secDir(t);
  const port = await freePort();
  await writeFile(path.join(s.dir, 'metricsport.cfg'), `127.0.0.1:${port}\n`);
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.equal(await get(port, '/healthz'), 200);

  const sockets: net.Socket[] = [];
  let closed = 0;
  t.after(() => sockets.forEach((x) => x.destroy()));
  for (let i = 0; i < 300; i++) {
    const sock = net.connect(port, '127.0.0.1');
    sock.on('error', () => undefined);
    sock.on('close', () => closed++);
    // Half an HTTP request: headers that never end.
    if (i % 2 === 0) sock.write('GET /metrics HTTP/1.1\r\nHost: x\r\n');
    sockets.push(sock);
  }
  // Over the cap: dropped at accept.
  await waitFor(() => closed >= 300 - 64, 3000, 'sockets over the cap closed at once');
  await answersWithinASecond(s);
  // The rest: closed by the request deadline, not after Node's minute.
  await waitFor(() => closed === 300, 12_000, 'every socket closed by the 5 s deadline');
  assert.equal(await get(port, '/healthz'), 200);
  assert.equal(await get(port, '/metrics'), 200);
});
