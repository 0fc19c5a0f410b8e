// notifyReady against a real unix datagram socket (bound by a python3 helper), as systemd's
// NOTIFY_SOCKET would be.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { BootError } from '../../runtime/src/boot/boot-error';
import { notifyReady } from '../../runtime/src/boot/notify-ready';
import { openNotifySocket } from './notify-socket';
import { tempDir } from './support';

test('with NOTIFY_SOCKET set, READY=1 reaches the socket', async () => {
  const t = await tempDir('boot-notify-');
  const sock = await openNotifySocket(t.dir);
  try {
    await notifyReady({ NOTIFY_SOCKET: sock.path, PATH: process.env['PATH'] });
    const m = await sock.waitFor((text) => text.split('\n').includes('READY=1'), 10_000);
    assert.ok(m.text.includes('READY=1'));
  } finally {
    await sock.close();
    await t.cleanup();
  }
});

test('without NOTIFY_SOCKET it does nothing and resolves', async () => {
  // An empty PATH: had it tried to run systemd-notify, it could not have found it on PATH.
  assert.equal(await notifyReady({ PATH: '' }), undefined);
  assert.equal(await notifyReady({ NOTIFY_SOCKET: '', PATH: '' }), undefined);
});

test('a NOTIFY_SOCKET nobody listens on is BOOT_NOTIFY_FAILED, naming the socket', async () => {
  const t = await tempDir('boot-notify-none-');
  try {
    const nowhere = path.join(t.dir, 'nobody.sock');
    await assert.rejects(notifyReady({ NOTIFY_SOCKET: nowhere, PATH: process.env['PATH'] }), (e: unknown) => {
      assert.ok(e instanceof BootError);
      assert.equal(e.code, 'BOOT_NOTIFY_FAILED');
      assert.ok(e.message.includes(nowhere), e.message);
      return true;
    });
  } finally {
    await t.cleanup();
  }
});
