// A LoadSource into one group of a correctly named package signed for another group is refused
// with DIRECTOR_GROUP_MISMATCH, before anything is loaded (a real Director, Source Authority and
// signed package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Live } from './live-fixtures';

test('LoadSource of foo-1.tls into group bar is DIRECTOR_GROUP_MISMATCH; bar stays empty', async () => {
  const l = new Live();
  try {
    await l.start();
    const file = await l.package('1');
    assert.equal(
      (
        await l.ask({
          DirectorOp: 'DefineGroup',
          Group: 'bar',
          Actors: { 'foo.app.Main': { OnLoad: { Role: 'BarMain' } } },
        })
      ).Success,
      true,
    );
    const r = await l.ask({ DirectorOp: 'LoadSource', Group: 'bar', Source: file, RequestedBy: 'test' });
    assert.equal(r.Success, false, JSON.stringify(r));
    assert.equal(r.code, 'DIRECTOR_GROUP_MISMATCH');
    assert.match(String(r.message), /is signed as a package of group "foo", not "bar"/);
    const all = await l.ask({ DirectorOp: 'RetrieveAll', Group: 'bar' });
    assert.deepEqual((all.Groups as Record<string, { Loaded: string[] }>)['bar']?.Loaded, []);
  } finally {
    await l.cleanup();
  }
});
