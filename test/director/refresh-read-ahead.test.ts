// A Refresh reads its package files ahead of the group being applied (REFRESH_READ_AHEAD at once,
// director-service.ts): more groups than that, with a missing file and a package of another group
// among them, still answer every group in order, each with its own outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { REFRESH_READ_AHEAD } from '../../runtime/src/director/director-service';
import { Live } from './live-fixtures';

test('a refresh of more groups than it reads ahead answers each in order: loaded, missing file, wrong group', async () => {
  const l = new Live();
  try {
    await l.start();
    const groups = Array.from({ length: REFRESH_READ_AHEAD + 4 }, (_, i) => `ra${i}`);
    const missing = 3;
    const wrongGroup = REFRESH_READ_AHEAD + 1;
    for (const [i, g] of groups.entries()) if (i !== missing) await l.package('1', g);
    const source = (i: number): string =>
      path.join(l.dir, i === missing ? 'ra3-9.tls' : i === wrongGroup ? 'ra0-1.tls' : `${groups[i]}-1.tls`);
    const r = await l.ask(
      {
        DirectorOp: 'Refresh',
        Groups: groups.map((g, i) => ({
          Define: {
            DirectorOp: 'DefineGroup',
            Group: g,
            Actors: {
              'foo.app.Main': { OnLoad: { Role: `Main${g}`, Message: { observer: l.observer, tag: 'load' } } },
            },
          },
          Source: source(i),
        })),
        RequestedBy: 'test',
      },
      60_000,
    );
    assert.equal(r.DirectorResponse, 'Refreshed');
    const results = r.Results as { Success: boolean; code?: string; Group?: string }[];
    assert.deepEqual(
      results.map((x) => [x.Group, x.Success, x.code]),
      groups.map((g, i) =>
        i === missing
          ? [g, false, 'DIRECTOR_PACKAGE_NOT_FOUND']
          : i === wrongGroup
            ? [g, false, 'DIRECTOR_GROUP_MISMATCH']
            : [g, true, undefined],
      ),
      JSON.stringify(results),
    );
    for (const [i, g] of groups.entries())
      assert.equal(
        l.director.service.current.groups[g]?.sources.length ?? 0,
        i === missing || i === wrongGroup ? 0 : 1,
        g,
      );
  } finally {
    await l.cleanup();
  }
});
