import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { AdminClient } from '../../runtime/src/client/admin-client';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import type { DaemonError } from '../../runtime/src/daemon/daemon-error';
import { readToken } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { CloseCode, Status } from '../../runtime/src/protocol/admin-protocol';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { rawText } from '../../runtime/src/transport/raw-text';
import { startFixtureDaemon, testDirectorDir } from './helpers';

/** Open a raw socket, send `frames`, collect what comes back until the daemon closes it. */
function rawSession(port: number, frames: string[]): Promise<{ received: unknown[]; closeCode: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const received: unknown[] = [];
    ws.on('open', () => frames.forEach((f) => ws.send(f)));
    ws.on('message', (d) => received.push(JSON.parse(rawText(d))));
    ws.on('close', (code) => resolve({ received, closeCode: code }));
    ws.on('error', reject);
  });
}

test('a client whose first frame is not a hello is refused with ADMIN_UNAUTHORIZED and the socket closed; later frames are not read', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const { received, closeCode } = await rawSession(port, [
    JSON.stringify({ id: 1, method: Status.method, params: {}, timeoutMs: 1000 }),
    JSON.stringify({ id: 2, method: Status.method, params: {}, timeoutMs: 1000 }),
  ]);
  assert.equal(closeCode, CloseCode.Unauthorized);
  assert.equal(received.length, 1, 'only the refusal, nothing for the second frame');
  const r = received[0] as { id: number; error: { code: string; message: string } };
  assert.equal(r.id, 1);
  assert.equal(r.error.code, 'ADMIN_UNAUTHORIZED');
  assert.match(r.error.message, /first frame is not a hello/);
});

test('a client with a wrong token is refused with ADMIN_UNAUTHORIZED', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  await assert.rejects(AdminClient.connect({ host: '127.0.0.1', port, token: 'f'.repeat(64) }), (e: RemoteError) => {
    assert.equal(e.code, 'ADMIN_UNAUTHORIZED');
    assert.match(e.message, /wrong admin token/);
    return true;
  });
  // The right token still gets in.
  const ok = await AdminClient.connect({ host: '127.0.0.1', port, token: await readToken(privatePaths(dir)) });
  assert.equal(typeof ok.hello.pid, 'number');
  ok.close();
});

test('a hello without a token is refused with ADMIN_UNAUTHORIZED naming the missing field', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const { received, closeCode } = await rawSession(port, [
    JSON.stringify({ id: 7, method: 'admin/hello', params: { protocolVersion: 1 }, timeoutMs: 1000 }),
  ]);
  assert.equal(closeCode, CloseCode.Unauthorized);
  const r = received[0] as { id: number; error: { code: string; message: string } };
  assert.equal(r.error.code, 'ADMIN_UNAUTHORIZED');
  assert.match(r.error.message, /"token" must be a non-empty string/);
});

test('a hello with another protocol version is refused with ADMIN_BAD_VERSION', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await startFixtureDaemon(dir);
  const token = await readToken(privatePaths(dir));
  const { received, closeCode } = await rawSession(port, [
    JSON.stringify({ id: 1, method: 'admin/hello', params: { token, protocolVersion: 99 }, timeoutMs: 1000 }),
  ]);
  assert.equal(closeCode, CloseCode.BadVersion);
  assert.equal((received[0] as { error: { code: string } }).error.code, 'ADMIN_BAD_VERSION');
});

test('a daemon of another director dir on the configured port is reported as DAEMON_PORT_FOREIGN', async (t) => {
  const a = await testDirectorDir(t);
  const b = await testDirectorDir(t);
  await startFixtureDaemon(a.dir);
  // b points at a's port and holds a token of its own.
  await writeFile(path.join(b.dir, 'adminport.cfg'), `${a.port}\n`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(privatePaths(b.dir).dir, { recursive: true });
  await writeFile(privatePaths(b.dir).token, 'a'.repeat(64));
  await assert.rejects(connectDaemon({ directorDir: b.dir }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_PORT_FOREIGN');
    assert.match(e.message, /refuses the token/);
    return true;
  });
});
