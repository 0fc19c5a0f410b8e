// A Refresh whose one record write fails: every load of it is rolled back and answered with
// DIRECTOR_NOT_DURABLE, the groups keep what they had, and the record on disk is the old one.
// Without root, as rollback.test.ts does: the record's name taken by a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Live } from '../director/live-fixtures';
import { waitFor } from '../support/wait';

test('faults: a refresh whose record cannot be written rolls back every group with DIRECTOR_NOT_DURABLE; written again, it loads them all', async () => {
  const l = new Live();
  try {
    await l.start();
    const groups = ['r1', 'r2', 'r3'];
    for (const g of groups) await l.package('1', g);
    const define = (g: string): Record<string, unknown> => ({
      DirectorOp: 'DefineGroup',
      Group: g,
      Actors: { 'foo.app.Main': { OnLoad: { Role: `Main${g}`, Message: { observer: l.observer, tag: 'load' } } } },
    });
    const refresh = {
      DirectorOp: 'Refresh',
      Groups: groups.map((g) => ({ Define: define(g), Source: path.join(l.dir, `${g}-1.tls`) })),
      RequestedBy: 'test',
    };
    // Something recorded first, so that there is an old record to keep.
    await l.package('1');
    await l.define();
    assert.equal((await l.load('1')).Success, true);
    const recordFile = path.join(l.privateDir, 'director-state.json');
    const before = readFileSync(recordFile, 'utf8');
    const kept = path.join(l.privateDir, 'kept.json');
    renameSync(recordFile, kept);
    mkdirSync(path.join(recordFile, 'blocker'), { recursive: true });

    const r = await l.ask(refresh, 30_000);
    assert.equal(r.DirectorResponse, 'Refreshed');
    const results = r.Results as { Success: boolean; code?: string; Group?: string }[];
    assert.deepEqual(
      results.map((x) => [x.Success, x.code]),
      groups.map(() => [false, 'DIRECTOR_NOT_DURABLE']),
      JSON.stringify(results),
    );
    await waitFor(
      () => groups.every((g) => (l.director.service.current.groups[g]?.sources.length ?? 0) === 0),
      10_000,
      'the rolled-back loads gone',
    );
    assert.equal(l.director.service.current.groups['foo']?.sources.length, 1, 'foo keeps its source');

    rmSync(recordFile, { recursive: true });
    renameSync(kept, recordFile);
    assert.equal(readFileSync(recordFile, 'utf8'), before);
    const again = await l.ask(refresh, 30_000);
    const ok = again.Results as { Success: boolean; AlreadyLoaded?: boolean }[];
    assert.deepEqual(
      ok.map((x) => [x.Success, x.AlreadyLoaded]),
      groups.map(() => [true, false]),
      JSON.stringify(ok),
    );
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { sources: { group: string; active: boolean }[] };
    assert.deepEqual(
      record.sources
        .filter((s) => s.active)
        .map((s) => s.group)
        .sort(),
      ['foo', ...groups],
    );
  } finally {
    await l.cleanup();
  }
});
