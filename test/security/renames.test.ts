/**
 * Issue 11, hole 2: the file name beat the signature. Renamed copies (up, down, versionless, into
 * another group) are refused by load with TLS_NAME_MISMATCH and flagged by avail; refresh orders
 * by the signed version and skips them; list shows the signed version; an explicit load of a
 * genuine older package still works and the audit log calls it a rollback.
 */
import assert from 'node:assert/strict';
import { copyFile, readdir, writeFile } from 'node:fs/promises';
import { waitFor } from '../daemon/helpers';
import path from 'node:path';
import { test } from 'node:test';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { answersWithinASecond, auditEntries, director, markerPackage, ran, secDir } from './support';

test('renamed packages are refused with TLS_NAME_MISMATCH, refresh takes the newest signed version, a rollback is audited', async (t) => {
  const s = await secDir(t);
  const at = (n: string): string => path.join(s.dir, n);
  await writeFile(at('foo-1.tls'), await markerPackage(s, 'foo', '1', 'v1'));
  await writeFile(at('foo-4.tls'), await markerPackage(s, 'foo', '4', 'v4'));
  await writeFile(at('bar.tli'), `{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`);
  await writeFile(at('bar.tls'), await markerPackage(s, 'bar', null, 'bar0'));
  await copyFile(at('foo-1.tls'), at('foo-99.tls')); // up
  await copyFile(at('foo-4.tls'), at('foo-0.5.tls')); // down
  await copyFile(at('bar.tls'), at('bar-999.tls')); // versionless given a version
  await copyFile(at('foo-4.tls'), at('bar-5.tls')); // into another group
  // Started as a command's auto-start does, the daemon only restores (docs/durability.md): the
  // refresh under test is the explicit one below, not the start rule's.
  await spawnDaemon({ directorDir: s.dir, env: { ...process.env, THESPIAN_DIRECTOR_STARTED_FOR_COMMAND: '1' } });

  const avail = await director(s, 'avail');
  assert.equal(avail.code, 0, avail.stderr);
  for (const [file, signed] of [
    ['foo-99.tls', 'foo-1.tls'],
    ['foo-0.5.tls', 'foo-4.tls'],
    ['bar-999.tls', 'bar.tls'],
    ['bar-5.tls', 'foo-4.tls'],
  ]) {
    assert.match(
      avail.stdout,
      new RegExp(
        `${file.replace(/\./g, '\\.')} +[0-9a-f]{32}    # TLS_NAME_MISMATCH: signed as ${signed.replace(/\./g, '\\.')}`,
      ),
      avail.stdout,
    );
  }

  const refresh = await director(s, 'refresh');
  assert.equal(refresh.code, 0, refresh.stderr);
  assert.match(refresh.stdout, /Loaded "foo" .*foo-4\.tls: /);
  assert.match(refresh.stdout, /Loaded "bar" .*bar\.tls: /);
  assert.match(refresh.stderr, /skipped .*foo-99\.tls \[TLS_NAME_MISMATCH\]: it is signed as foo-1\.tls/);
  assert.match(refresh.stderr, /skipped .*bar-999\.tls \[TLS_NAME_MISMATCH\]/);
  assert.equal(ran(s, 'v4'), true);
  assert.equal(ran(s, 'v1'), false, 'the signed v1 renamed foo-99 never became active');

  for (const file of ['foo-99.tls', 'foo-0.5.tls', 'bar-999.tls', 'bar-5.tls']) {
    const r = await director(s, 'load', file);
    assert.equal(r.code, 7, `${file}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /\[TLS_NAME_MISMATCH\]/, file);
  }
  assert.equal(ran(s, 'v1'), false, 'nothing of a refused rename ran');
  await answersWithinASecond(s);

  const list = await director(s, 'list', '--json');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /"version": "4"/);
  assert.doesNotMatch(list.stdout, /"version": "(99|999|5|0\.5)"/);

  // The operator's explicit rollback to the genuine older package.
  const back = await director(s, 'load', 'foo-1.tls');
  assert.equal(back.code, 0, back.stderr);
  assert.equal(ran(s, 'v1'), true);
  // Audit lines are appended (and fsynced) as the change takes effect, just after the reply: wait for them.
  const isCounted = (a: { [k: string]: unknown }) => a['action'] === 'load-failed' && a['code'] === 'TLS_NAME_MISMATCH';
  await waitFor(
    async () => {
      const entries = await auditEntries(s);
      return entries.some((a) => a['action'] === 'rollback') && entries.filter(isCounted).length >= 4;
    },
    5000,
    'the rollback and the four refused loads in the audit log',
  );
  const audit = await auditEntries(s);
  const rollback = audit.find((a) => a['action'] === 'rollback');
  assert.ok(rollback, JSON.stringify(audit));
  assert.equal(rollback['version'], '1');
  assert.equal(rollback['rollbackFrom'], '4');
  const failed = audit.filter(isCounted);
  assert.equal(failed.length, 4, JSON.stringify(audit));
});

test('TLS_Keep_Limit prunes by signed version: a copy renamed to look newest neither counts nor is deleted', async (t) => {
  const s = await secDir(t);
  const at = (n: string): string => path.join(s.dir, n);
  await writeFile(
    at('foo.tli'),
    `{ TLS_Keep_Limit: 2, Actors: { 'foo.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
  );
  for (const v of ['1', '2', '3']) await writeFile(at(`foo-${v}.tls`), await markerPackage(s, 'foo', v, `v${v}`));
  await copyFile(at('foo-1.tls'), at('foo-99.tls'));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const r = await director(s, 'load', 'foo');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /foo-3\.tls/);
  await waitFor(async () => !(await readdir(s.dir)).includes('foo-1.tls'), 5000, 'foo-1.tls pruned');
  const left = (await readdir(s.dir)).filter((n) => n.endsWith('.tls')).sort();
  assert.deepEqual(left, ['foo-2.tls', 'foo-3.tls', 'foo-99.tls']);
});
