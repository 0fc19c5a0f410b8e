// Manager detection against described hosts: what each probe says decides the manager.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BootError } from '../../runtime/src/boot/boot-error';
import { detectManager, type HostProbe } from '../../runtime/src/boot/detect-manager';

function host(
  platform: NodeJS.Platform,
  versions: { systemctl?: string; initctl?: string },
  dirs: string[],
): HostProbe {
  return {
    platform,
    versionOutput: (p) => Promise.resolve(versions[p]),
    isDirectory: (p) => Promise.resolve(dirs.includes(p)),
  };
}

test('systemd is chosen only when systemctl says systemd and /run/systemd/system exists', async () => {
  assert.equal(
    await detectManager({}, host('linux', { systemctl: 'systemd 252 (252.38)' }, ['/run/systemd/system'])),
    'systemd',
  );
  // Installed but not running as PID 1 (a container): falls through to upstart or nothing.
  await assert.rejects(
    detectManager({}, host('linux', { systemctl: 'systemd 252' }, [])),
    (e: unknown) => e instanceof BootError && e.code === 'BOOT_NO_MANAGER' && e.exitCode === 2,
  );
});

test('upstart is chosen when initctl says upstart and /etc/init is a folder', async () => {
  assert.equal(await detectManager({}, host('linux', { initctl: 'initctl (upstart 1.5)' }, ['/etc/init'])), 'upstart');
});

test('Windows is chosen by platform', async () => {
  assert.equal(await detectManager({}, host('win32', {}, [])), 'windows');
});

test('THESPIAN_BOOT_MANAGER overrides detection, in any case', async () => {
  assert.equal(await detectManager({ THESPIAN_BOOT_MANAGER: 'Upstart' }, host('win32', {}, [])), 'upstart');
});

test('no manager found: the message says how to name one', async () => {
  await assert.rejects(detectManager({}, host('darwin', {}, [])), (e: unknown) => {
    assert.ok(e instanceof BootError);
    assert.equal(e.code, 'BOOT_NO_MANAGER');
    assert.match(e.message, /THESPIAN_BOOT_MANAGER=systemd\|upstart\|windows/);
    return true;
  });
});
