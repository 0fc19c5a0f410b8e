/**
 * Issue 11, hole 3: the admin port under abuse, against a real daemon on loopback. Big frames
 * before a hello are cut at a few KiB (RSS measured before and after), idle TCP and half-sent
 * HTTP upgrades are closed at the hello deadline, the connection caps refuse with a 503 that the
 * CLI reports as DAEMON_REFUSING (not "no daemon"), and the daemon answers within a second after.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { test } from 'node:test';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { RateLimitedLog } from '../../runtime/src/daemon/connection-gate';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import type { DaemonError } from '../../runtime/src/daemon/daemon-error';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, director, secDir } from './support';

const UPGRADE = (port: number): string =>
  `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** The header of one masked binary WebSocket frame announcing `length` payload bytes. */
function frameHeader(length: number): Buffer {
  const h = Buffer.alloc(14);
  h[0] = 0x82;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  h.writeUInt32BE(0x01020304, 10);
  return h;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function open(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

/** Resolves when the daemon closed `s` (end or reset). */
function closedByPeer(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed) resolve();
    s.on('close', () => resolve());
    s.on('error', () => undefined);
    s.resume();
  });
}

test(
  'pre-hello floods with 63 MiB frames are cut early; RSS returns; list stays fast',
  { skip: process.platform !== 'linux' ? 'RSS from /proc' : false },
  async (t) => {
    const s = await secDir(t);
    const { pid, port } = await spawnDaemon({ directorDir: s.dir, env: process.env });
    await answersWithinASecond(s);
    const before = await rssMiB(pid);
    const FLOODERS = 20;
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const sockets = await Promise.all(Array.from({ length: FLOODERS }, () => open(port)));
    const cut = sockets.map(async (sock) => {
      const closed = closedByPeer(sock);
      sock.write(UPGRADE(port));
      sock.write(frameHeader(63 * 1024 * 1024));
      // Keep writing until the daemon drops us (at most 63 MiB would be sent).
      for (let i = 0; i < 63 && !sock.destroyed; i++) {
        if (!sock.write(chunk)) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
      }
      await closed;
    });
    const t0 = Date.now();
    await answersWithinASecond(s);
    const duringMs = Date.now() - t0;
    await Promise.all(cut);
    const after = await rssMiB(pid);
    t.diagnostic(
      `RSS before ${before.toFixed(1)} MiB, after the flood ${after.toFixed(1)} MiB, list during ${duringMs} ms`,
    );
    assert.ok(after - before <= 64, `RSS grew by ${(after - before).toFixed(1)} MiB`);
    await answersWithinASecond(s);
    // Each cut is logged with its code (rate-limited, so at least the first one).
    await waitFor(
      async () => /\[ADMIN_PRE_HELLO_TOO_LARGE\]/.test(await readFile(privatePaths(s.dir).startLog, 'utf8')),
      5000,
      'the ADMIN_PRE_HELLO_TOO_LARGE log line',
    );
  },
);

test('idle TCP, half-sent HTTP upgrades and silent upgraded sockets are closed at the hello deadline', async (t) => {
  const s = await secDir(t);
  const { port } = await spawnDaemon({ directorDir: s.dir, env: process.env });
  const idle = await open(port);
  const half = await open(port);
  half.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'); // never finished
  const upgradedSilent = await open(port);
  upgradedSilent.write(UPGRADE(port)); // upgraded, never says hello
  const t0 = Date.now();
  await Promise.all([closedByPeer(idle), closedByPeer(half), closedByPeer(upgradedSilent)]);
  const ms = Date.now() - t0;
  assert.ok(ms < 5000 + 2500, `closed after ${ms} ms`);
  await answersWithinASecond(s);
});

test('the connection caps refuse with 503; the CLI says DAEMON_REFUSING, not "no daemon"; the daemon recovers', async (t) => {
  const s = await secDir(t);
  const { port } = await spawnDaemon({ directorDir: s.dir, env: process.env });
  // 64 sockets waiting for their hello fill the unauthenticated cap.
  const held = await Promise.all(Array.from({ length: 64 }, () => open(port)));
  t.after(() => held.forEach((h) => h.destroy()));
  await waitFor(
    async () => {
      try {
        (await connectDaemon({ directorDir: s.dir })).close();
        return false;
      } catch (e) {
        return (e as DaemonError).code === 'DAEMON_REFUSING';
      }
    },
    5000,
    'DAEMON_REFUSING',
  );
  // What a raw client sees at the cap: a 503 that names the code.
  const raw = await open(port);
  const answer = new Promise<string>((resolve) => {
    let text = '';
    raw.on('data', (d: Buffer) => (text += d.toString()));
    raw.on('close', () => resolve(text));
  });
  raw.write(UPGRADE(port));
  const refused = await answer;
  assert.match(refused, /^HTTP\/1\.1 503 /);
  assert.equal(/\r\nX-Thespian-Refused: (\S+)\r\n/.exec(refused)?.[1], 'ADMIN_TOO_MANY_CONNECTIONS');
  const list = await director(s, 'list');
  assert.notEqual(list.code, 0);
  assert.match(list.stderr, /refuses connections now/);
  assert.doesNotMatch(list.stderr, /no daemon answers/);
  // Once they are gone, it answers again at once.
  held.forEach((h) => h.destroy());
  await waitFor(
    async () => {
      try {
        await answersWithinASecond(s);
        return true;
      } catch {
        return false;
      }
    },
    5000,
    'the daemon to answer again',
  );
  // Thousands of idle sockets: each refused or closed, the daemon never runs out of descriptors.
  // In waves of 250, each connected (or already refused) before the next: 2000 SYNs at once
  // overflow the kernel's accept backlog, and the client's SYN retries (1, 3, 7, 15 s...) would
  // measure the kernel, not the daemon.
  const many: net.Socket[] = [];
  let closed = 0;
  t.after(() => many.forEach((m) => m.destroy()));
  for (let wave = 0; wave < 8; wave++) {
    const connected: Promise<void>[] = [];
    for (let i = 0; i < 250; i++) {
      const sock = net.connect(port, '127.0.0.1');
      sock.on('error', () => undefined);
      sock.on('close', () => closed++);
      sock.resume();
      connected.push(
        new Promise((resolve) => {
          sock.once('connect', resolve);
          sock.once('close', resolve);
        }),
      );
      many.push(sock);
    }
    await Promise.all(connected);
  }
  await waitFor(
    () => closed === many.length,
    20_000,
    `the daemon to close all 2000 idle sockets (closed ${closed})`,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; closed ${closed} of ${many.length}`);
  });
  await answersWithinASecond(s);
});

test('refused connections are logged at most 5 lines per 10 s, the rest counted in one line', () => {
  const lines: string[] = [];
  let now = 1_000_000;
  const log = new RateLimitedLog(
    (_level, text) => lines.push(text),
    5,
    10_000,
    () => now,
  );
  for (let i = 0; i < 1000; i++) log.warn(`refused peer ${i}`);
  assert.equal(lines.length, 5);
  now += 10_000;
  log.warn('refused peer late');
  assert.deepEqual(lines.slice(5), [
    'admin: 995 more refused connection(s) in the last 10 s were not logged one by one',
    'refused peer late',
  ]);
});
