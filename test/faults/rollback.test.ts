// Rollback when the record or the copy cannot be written, without root: the Director with a real
// actor system and a real store whose files are made unwritable for real (the record's name taken
// by a folder, so the atomic rename fails; the copies' folder replaced by a file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Live } from '../director/live-fixtures';
import { waitFor } from '../support/wait';

test('faults: a record that cannot be written — load is rolled back, unload refused, both DIRECTOR_NOT_DURABLE; a copy that cannot be written — load refused', async () => {
  const l = new Live();
  try {
    await l.start();
    for (const v of ['1.1', '1.2', '1.3']) await l.package(v);
    await l.define();
    const r11 = await l.load('1.1');
    assert.equal(r11.Success, true, JSON.stringify(r11));
    const h11 = r11.SourceHash as string;
    await waitFor(() => l.got('1.1').includes('load'), 10_000, '1.1 OnLoad');

    // The record's name is taken by a folder: every record write fails, the old record stays.
    const recordFile = path.join(l.privateDir, 'director-state.json');
    const kept = path.join(l.privateDir, 'kept.json');
    renameSync(recordFile, kept);
    mkdirSync(path.join(recordFile, 'blocker'), { recursive: true });

    const r12 = await l.load('1.2');
    assert.equal(r12.Success, false);
    assert.equal(r12.code, 'DIRECTOR_NOT_DURABLE', JSON.stringify(r12));
    await waitFor(() => l.got('1.1').includes('reactivate'), 10_000, '1.1 active again');
    const g = l.director.service.current.groups['foo'];
    assert.deepEqual(
      g?.sources.map((s) => s.hash),
      [h11],
      'the rolled-back load is gone',
    );
    assert.equal(g?.active, h11);
    const role = await l.ask({ DirectorOp: 'RetrieveRole', Role: 'MainFoo' });
    assert.equal(role.SourceHash, h11);
    await waitFor(
      () => readdirSync(path.join(l.privateDir, 'sources')).length === 1,
      5000,
      'the rolled-back copy removed',
    );

    const u = await l.ask({ DirectorOp: 'UnloadSource', SourceHash: h11 });
    assert.equal(u.Success, false);
    assert.equal(u.code, 'DIRECTOR_NOT_DURABLE', JSON.stringify(u));
    assert.equal(l.director.service.current.groups['foo']?.active, h11, 'the unload did not happen');

    // Space again; now the copies' folder is a file: the copy of 1.3 cannot be written.
    rmSync(recordFile, { recursive: true });
    renameSync(kept, recordFile);
    const copies = path.join(l.privateDir, 'sources');
    renameSync(copies, `${copies}.kept`);
    writeFileSync(copies, '');
    const r13 = await l.load('1.3');
    assert.equal(r13.Success, false);
    assert.equal(r13.code, 'DIRECTOR_NOT_DURABLE', JSON.stringify(r13));
    assert.deepEqual(
      l.director.service.current.groups['foo']?.sources.map((s) => s.hash),
      [h11],
    );
    assert.ok(!l.got('1.3').includes('load'), '1.3 never started');

    // Both fixed: the same load succeeds.
    rmSync(copies);
    renameSync(`${copies}.kept`, copies);
    const again = await l.load('1.3');
    assert.equal(again.Success, true, JSON.stringify(again));
  } finally {
    await l.cleanup();
  }
});
