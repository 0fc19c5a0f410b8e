/**
 * The Director (global name `Director`) took requests from anyone in the system, so an actor of
 * one loaded source could unload another group's source, load an older version of it over the
 * active one, or redefine its group. Now an actor of a loaded source may still ask the Director
 * (RetrieveRole, RetrieveAll, RequestNotification), but DefineGroup, LoadSource, UnloadSource and Refresh
 * from it get `Success: false` with SOURCE_CALL_REFUSED; nothing changes.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { answersWithinASecond, director, fooAndBarLoaded, markerPackage, secDir } from './support';

// foo's Main passes a request to the Director and the Director's reply back.
const RELAY = `
  if (m && m.director) {
    this.createActor('Director', { globalName: 'Director' }).then((d) => { this.pending = s; this.send(d, m.director); });
    return;
  }
  if (m && m.DirectorResponse && this.pending) { this.send(this.pending, m); this.pending = null; return; }`;

test('an actor of a loaded source may ask the Director but not change what runs', async (t) => {
  const s = await secDir(t);
  await writeFile(path.join(s.dir, 'bar-2.tls'), await markerPackage(s, 'bar', '2', 'bar2'));
  const { asys, roleOf } = await fooAndBarLoaded(t, s, RELAY);
  const foo = (await roleOf('foo')).ActorAddress;
  const bar = await roleOf('bar');

  const relay = (request: JsonValue): Promise<{ DirectorResponse: string; Success?: boolean; code?: string }> =>
    asys.ask(foo, { director: request }, 10);
  // Asking is allowed.
  const seen = await relay({ DirectorOp: 'RetrieveRole', Role: 'Main', Group: 'bar' });
  assert.equal(seen.DirectorResponse, 'RoleAddress');
  // Changing is not.
  const attempts: [JsonValue, string][] = [
    [{ DirectorOp: 'UnloadSource', SourceHash: bar.SourceHash }, 'SourceUnloaded'],
    [{ DirectorOp: 'LoadSource', Group: 'bar', Source: path.join(s.dir, 'bar-1.tls') }, 'SourceLoaded'],
    [{ DirectorOp: 'DefineGroup', Group: 'bar', Actors: {} }, 'DeclaredGroup'],
    [
      {
        DirectorOp: 'Refresh',
        Groups: [
          { Define: { DirectorOp: 'DefineGroup', Group: 'bar', Actors: {} }, Source: path.join(s.dir, 'bar-2.tls') },
        ],
      },
      'Refreshed',
    ],
  ];
  for (const [request, response] of attempts) {
    const r = await relay(request);
    assert.deepEqual(
      [r.DirectorResponse, r.Success, r.code],
      [response, false, 'SOURCE_CALL_REFUSED'],
      JSON.stringify(r),
    );
  }
  // bar is as it was; the operator still can.
  assert.equal((await roleOf('bar')).SourceHash, bar.SourceHash);
  await answersWithinASecond(s);
  assert.equal((await director(s, 'load', 'bar-2.tls')).code, 0);
});
