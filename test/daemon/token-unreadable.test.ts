// A client that cannot read the admin token says so (DAEMON_TOKEN_UNREADABLE), distinct from
// "no daemon" (no token file at all). The token path is a folder here: a read fails for every
// user, root included, as a permission denial would for others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import type { DaemonError } from '../../runtime/src/daemon/daemon-error';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { tempDirectorDir } from '../support/director-dir';

test('an admin token that cannot be read is DAEMON_TOKEN_UNREADABLE naming the file; a missing one is DAEMON_NOT_RUNNING', async (t) => {
  const d = await tempDirectorDir(t);
  await assert.rejects(connectDaemon({ directorDir: d.dir }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_NOT_RUNNING');
    return true;
  });
  const paths = privatePaths(d.dir);
  await mkdir(paths.token, { recursive: true });
  await assert.rejects(connectDaemon({ directorDir: d.dir }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_TOKEN_UNREADABLE');
    assert.deepEqual(e.data, { file: paths.token, errno: 'EISDIR' });
    return true;
  });
});
