/**
 * Issue 11, the smaller holes: othercaps.cfg keys named like Object.prototype members, admin
 * `source/unload` of an unknown hash, and the full-size hidden temp a killed gensrc left behind.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { build, workspace } from '../packager/fixtures';
import { answersWithinASecond, director, secDir } from './support';

test('othercaps.cfg keys named toString or constructor are plain capabilities, not "reserved by function toString()"', async (t) => {
  const s = await secDir(t);
  await writeFile(path.join(s.dir, 'othercaps.cfg'), '{ toString: 1, constructor: true, hasOwnProperty: "x" }\n');
  const r = await director(s, 'config');
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /native code|OTHERCAPS_RESERVED_KEY/);
  assert.match(r.stdout, /toString: 1/);
});

test('admin source/unload of an unknown hash fails with INVALID_ACTOR_SOURCE_HASH', async (t) => {
  const s = await secDir(t);
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const client = await connectDaemon({ directorDir: s.dir });
  t.after(() => client.close());
  await assert.rejects(
    client.unloadSource('0123456789abcdef0123456789abcdef'),
    (e: RemoteError) => e.code === 'INVALID_ACTOR_SOURCE_HASH',
  );
  await answersWithinASecond(s);
});

test("gensrc removes the hidden temp a killed gensrc left beside its package, and only a dead writer's", async (t) => {
  const w = workspace(t);
  const dead = path.join(w.dir, '.foo-2.0.tls.999999999.x1y2.tmp');
  const live = path.join(w.dir, `.foo-2.0.tls.${process.pid}.live.tmp`);
  await writeFile(dead, Buffer.alloc(64 * 1024));
  await writeFile(live, 'mine');
  await build(w, '2.0');
  assert.equal(existsSync(dead), false, "the dead writer's temp is gone");
  assert.equal(existsSync(live), true, "a live process's temp is left alone");
  assert.equal(existsSync(path.join(w.dir, 'foo-2.0.tls')), true);
});

test('a thesplog FileHandler whose path cannot be written is a config problem (THESPLOG_FILE_UNWRITABLE), not a silent empty log', async (t) => {
  const s = await secDir(t);
  await writeFile(path.join(s.dir, 'not-a-folder'), 'x');
  const cfg = (file: string): string =>
    `{ version: 1, handlers: { f: { class: 'logging.FileHandler', filename: ${JSON.stringify(file)} } }, root: { handlers: ['f'], level: 'INFO' } }\n`;
  await writeFile(path.join(s.dir, 'thesplog.cfg'), cfg(path.join(s.dir, 'not-a-folder', 'app.log')));
  const bad = await director(s, 'config');
  assert.notEqual(bad.code, 0);
  assert.match(
    bad.stderr,
    /handler "f" writes to .*not-a-folder\/app\.log, which cannot be created: .*not-a-folder is not a folder.*\[THESPLOG_FILE_UNWRITABLE\]/,
  );
  const start = await director(s, 'start');
  assert.notEqual(start.code, 0, 'the daemon does not start with a log that cannot be written');
  await writeFile(path.join(s.dir, 'thesplog.cfg'), cfg('app.log'));
  const good = await director(s, 'config');
  assert.equal(good.code, 0, good.stderr);
});
