/**
 * Issue 11, hole 4: a FIFO or a device named `*_tls.key` wedged every load, tlsinfo and shutdown.
 * Now only regular files of bounded size are read as keys; the others are reported as
 * KEY_UNREADABLE naming their kind, and loads, tlsinfo and shutdown go on.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { waitFor } from '../daemon/helpers';
import path from 'node:path';
import { test } from 'node:test';
import { loadTrustedKeys } from '../../runtime/src/authority/trusted-keys';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { loadConfig } from '../../runtime/src/config/read-config';
import { answersWithinASecond, director, markerPackage, ran, secDir } from './support';

test(
  'a FIFO, a device and a huge file named *_tls.key are refused by kind; load, tlsinfo and shutdown are not wedged',
  { skip: process.platform === 'win32' ? 'no mkfifo' : false },
  async (t) => {
    const s = await secDir(t);
    execFileSync('mkfifo', [path.join(s.dir, 'fifo_tls.key')]);
    await symlink('/dev/zero', path.join(s.dir, 'zero_tls.key'));
    await writeFile(path.join(s.dir, 'huge_tls.key'), Buffer.alloc(1024 * 1024, 0x41));
    await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'v1'));

    const set = await loadTrustedKeys(s.dir);
    assert.deepEqual(
      set.keys.map((k) => path.basename(k.file)),
      ['dev_tls.key'],
    );
    const kinds = Object.fromEntries(set.problems.map((p) => [path.basename(p.file), [p.error.code, p.error.message]]));
    assert.equal(kinds['fifo_tls.key'][0], 'KEY_UNREADABLE');
    assert.match(kinds['fifo_tls.key'][1], /FIFO/);
    assert.match(kinds['zero_tls.key'][1], /character device/);
    assert.match(kinds['huge_tls.key'][1], /over the 65536 allowed/);

    const info = await director(s, 'tlsinfo', path.join(s.dir, 'foo-1.tls'));
    assert.equal(info.code, 0, info.stderr);

    await spawnDaemon({ directorDir: s.dir, env: process.env });
    const first = await director(s, 'load', 'foo');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(ran(s, 'v1'), true);
    // The Source Authority's log (an actor: its records go through thesplog into the log dir, the
    // daemon's own lines to its start log) names the kind of each refused key file (once).
    const { logDir } = await loadConfig(s.dir);
    const logs = async (): Promise<string> =>
      (
        await Promise.all(
          [privatePaths(s.dir).startLog, path.join(logDir, 'thespian.log')].map((f) =>
            readFile(f, 'utf8').catch(() => ''),
          ),
        )
      ).join('\n');
    await waitFor(async () => /fifo_tls\.key is a FIFO/.test(await logs()), 5000, 'the FIFO warning in the daemon log');
    assert.match(await logs(), /zero_tls\.key is a character device/);
    assert.equal((await logs()).match(/fifo_tls\.key is a FIFO/g)?.length, 1, 'logged once');
    // Removing the FIFO changes nothing: no thread was left blocked on it.
    await unlink(path.join(s.dir, 'fifo_tls.key'));
    await writeFile(path.join(s.dir, 'foo-2.tls'), await markerPackage(s, 'foo', '2', 'v2'));
    const second = await director(s, 'load', 'foo');
    assert.equal(second.code, 0, second.stderr);
    await answersWithinASecond(s);
    const t0 = Date.now();
    const stop = await director(s, 'shutdown');
    assert.equal(stop.code, 0, stop.stderr);
    assert.ok(Date.now() - t0 < 10_000, 'shutdown was not wedged');
  },
);
