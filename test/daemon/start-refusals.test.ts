// A daemon that cannot start says why, with a code: a tuning variable that is not a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDirector } from '../cli/support';
import { tempDirectorDir } from '../support/director-dir';

test('director start with THESPIAN_ADMIN_HEARTBEAT_MS that is not a number is DAEMON_START_FAILED naming the variable', async (t) => {
  const d = await tempDirectorDir(t);
  const r = await runDirector(['start'], { THESPIAN_DIRECTOR_DIR: d.dir, THESPIAN_ADMIN_HEARTBEAT_MS: 'soon' });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /THESPIAN_ADMIN_HEARTBEAT_MS must be a whole number of bytes or milliseconds, got "soon"/);
  assert.match(r.stderr, /\[DAEMON_START_FAILED\]/);
  const list = await runDirector(['list'], { THESPIAN_DIRECTOR_DIR: d.dir });
  assert.match(list.stderr, /\[DIRECTOR_NO_DAEMON\]/, 'no daemon was left running');
});
