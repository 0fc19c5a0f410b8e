// `director start`'s spawn, with daemon programs that misbehave on purpose: one that exits at once
// (DAEMON_START_FAILED, with the log's last lines) and one that never answers (DAEMON_START_TIMEOUT,
// and it is stopped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DaemonError } from '../../runtime/src/daemon/daemon-error';
import { processAlive } from '../../runtime/src/daemon/private-folder';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { tempDirectorDir } from '../support/director-dir';
import { waitFor } from '../support/wait';

test('a daemon program that exits before it answers is DAEMON_START_FAILED, quoting its log', async (t) => {
  const d = await tempDirectorDir(t);
  const entry = path.join(d.root, 'quits.js');
  await writeFile(entry, "console.error('cannot go on: on purpose'); process.exit(3);\n");
  await assert.rejects(spawnDaemon({ directorDir: d.dir, env: {}, entry, timeoutMs: 10_000 }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_START_FAILED');
    assert.match(e.message, /it exited \(code 3\) before it answered/);
    assert.match(e.message, /cannot go on: on purpose/);
    return true;
  });
});

test('a daemon program that never answers is DAEMON_START_TIMEOUT at the deadline, and is stopped', async (t) => {
  const d = await tempDirectorDir(t);
  const entry = path.join(d.root, 'silent.js');
  const pidFile = path.join(d.root, 'silent.pid');
  await writeFile(
    entry,
    `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => undefined, 1000);\n`,
  );
  await assert.rejects(spawnDaemon({ directorDir: d.dir, env: {}, entry, timeoutMs: 1500 }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_START_TIMEOUT');
    assert.match(e.message, /it did not answer within 1500 ms \(pid \d+ was stopped\)/);
    return true;
  });
  const pid = Number(await readFile(pidFile, 'utf8'));
  await waitFor(() => !processAlive(pid), 5000, 'the silent program to be stopped');
});
