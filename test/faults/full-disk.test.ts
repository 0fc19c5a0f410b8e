// A full disk, for real: the director dir on a small tmpfs (mounted here, as root), filled up.
// load / unload fail with DIRECTOR_NOT_DURABLE (exit 27), nothing changes, the daemon keeps
// running, and after kill -9 + start the state is the last acknowledged one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRoleAddress } from '../../runtime/src/director/role-address';
import { askActor, connector, ctxOf, daemonPid, faultEnv, kill9, pkg, run, shape, startAgain } from './fault-env';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Write zeros until the file system is full; returns the filler's path. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  // The last bytes too (a chunk may not fit where a smaller write would).
  try {
    for (;;) writeSync(fd, Buffer.alloc(512));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return file;
}

test(
  'faults: on a full disk load and unload fail with DIRECTOR_NOT_DURABLE, nothing changes, and the state survives kill -9',
  { skip: isRoot ? false : 'mounting a tmpfs needs root (CI runs this as root)' },
  async (t) => {
    const mnt = mkdtempSync(path.join(os.tmpdir(), 'du-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (err) {
      // Root without the right to mount (an unprivileged container): say so, loudly.
      rmSync(mnt, { recursive: true, force: true });
      t.skip(`cannot mount a tmpfs here: ${String((err as { stderr?: unknown }).stderr ?? err).trim()}`);
      return;
    }
    const unmount = (): void => {
      try {
        execFileSync('umount', ['-l', mnt]);
      } finally {
        rmSync(mnt, { recursive: true, force: true });
      }
    };
    let e;
    try {
      e = await faultEnv(t, { base: mnt });
    } catch (err) {
      unmount();
      throw err;
    }
    // After faultEnv's own hook (which stops the daemon, reading its pid file from the tmpfs).
    t.after(unmount);
    for (const v of ['1.1', '1.2', '1.3']) await pkg(e, v);
    assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
    assert.equal((await run(e, 'load', 'foo-1.2.tls')).code, 0);
    const before = await shape(e);
    assert.deepEqual([before.versions, before.active], [['1.1', '1.2'], '1.2']);
    const pid = await daemonPid(e);
    const filler = fill(mnt);

    // A new version: its copy cannot be written.
    const l13 = await run(e, 'load', 'foo-1.3.tls');
    assert.equal(l13.code, 27, l13.err);
    assert.match(l13.err, /\[DIRECTOR_NOT_DURABLE\]/);
    // A loaded version made active again: the record cannot be written.
    const l11 = await run(e, 'load', 'foo-1.1.tls');
    assert.equal(l11.code, 27, l11.err);
    assert.match(l11.err, /\[DIRECTOR_NOT_DURABLE\]/);
    // An unload: refused before anything happens.
    const h12 = /Source hash ([0-9a-f]{32})\s+version 1\.2/.exec((await run(e, 'list')).out)?.[1];
    assert.ok(h12);
    const u = await run(e, 'unload', h12);
    assert.equal(u.code, 27, u.err);
    assert.match(u.err, /\[DIRECTOR_NOT_DURABLE\]/);

    // Nothing changed, the same daemon answers, the role is still 1.2's actor.
    assert.deepEqual(await shape(e), before);
    assert.equal(await daemonPid(e), pid);
    const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
    assert.equal(await askActor(e, role?.ActorAddress, 'who'), '1.2');

    // The record on disk is the acknowledged one: kill -9 and start (space freed first).
    unlinkSync(filler);
    await kill9(e);
    await startAgain(e);
    assert.deepEqual(await shape(e), before);
    // With space again, the same load succeeds.
    assert.equal((await run(e, 'load', 'foo-1.3.tls')).code, 0);
    assert.equal((await shape(e)).active, '1.3');
  },
);
