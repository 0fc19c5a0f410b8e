/**
 * The first start after a machine boot restores the record, then refreshes. The daemon wrote the
 * boot id (which makes later starts "same boot": restore only) before that refresh ran, so a
 * crash during it (kill -9, power loss, the service manager's restart) left the refresh half done
 * for good: the next start, in the same boot, loaded nothing more. Now the boot id is written once
 * the refresh at start has run, and a start after such a crash refreshes again.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from '../daemon/helpers';
import { director, markerPackage, secDir } from '../security/support';

// Module code that takes 4 s to load (markerPackage puts `extra` in Main's receiveMessage: this
// closes it and Main, runs the wait at the module's top level, and opens a method the template closes).
const SLOW_MODULE = `} } const until = Date.now() + 4000; while (Date.now() < until); class Unused { m() {`;

test('a crash during the refresh at the first start after a boot: the next start refreshes again', async (t) => {
  const s = await secDir(t);
  const p = privatePaths(s.dir);
  for (const g of ['aaa', 'zzz'])
    await writeFile(
      path.join(s.dir, `${g}.tli`),
      `{ Actors: { '${g}.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
    );
  await writeFile(path.join(s.dir, 'aaa-1.tls'), await markerPackage(s, 'aaa', '1', 'aaa1'));
  await writeFile(path.join(s.dir, 'zzz-1.tls'), await markerPackage(s, 'zzz', '1', 'zzz1'));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.match((await director(s, 'list')).stdout, /version 1 {2}\[ACTIVE\][\s\S]*version 1 {2}\[ACTIVE\]/);
  assert.equal((await director(s, 'shutdown')).code, 0);

  // New versions arrive while the machine is down; it boots again (another boot id).
  await writeFile(path.join(s.dir, 'aaa-2.tls'), await markerPackage(s, 'aaa', '2', 'aaa2', SLOW_MODULE));
  await writeFile(path.join(s.dir, 'zzz-2.tls'), await markerPackage(s, 'zzz', '2', 'zzz2'));
  await writeFile(path.join(p.director, 'boot-id'), 'the-boot-before\n');
  const logBefore = (await readFile(p.startLog, 'utf8')).length;
  const log = async (): Promise<string> => (await readFile(p.startLog, 'utf8')).slice(logBefore);
  const first = spawnDaemon({ directorDir: s.dir, env: process.env }).catch(() => undefined);
  // Killed while the refresh at start loads aaa-2 (zzz comes after it).
  await waitFor(
    async () => /start rule "restore-then-refresh"/.test(await log()),
    10_000,
    'the refresh at start to begin',
  );
  const pid = Number((await readFile(p.pid, 'utf8')).trim());
  process.kill(pid, 'SIGKILL');
  await first;

  // The service manager starts it again, in the same boot: the refresh is not lost.
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const second = (await log()).split('start rule').slice(2).join('');
  assert.match(second, /^ "restore-then-refresh"/, await log());
  const list = (await director(s, 'list')).stdout;
  assert.match(list, /Group zzz[\s\S]*version 2 {2}\[ACTIVE\]/, list);
  // And the start after that is a plain restore.
  assert.equal((await director(s, 'shutdown')).code, 0);
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.match((await log()).split('start rule').slice(3).join(''), /^ "restore-only"/);
});
