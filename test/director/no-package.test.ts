// `director load GROUP` for a group with a TLI but no package: the group is defined, nothing is
// loaded, and the command fails with DIRECTOR_NO_PACKAGE (exit 22). A real daemon, started by the
// command itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runDirector } from '../cli/support';
import { tempDirectorDir } from '../support/director-dir';

test('load of a group with a TLI and no package is DIRECTOR_NO_PACKAGE; the group shows in list', async (t) => {
  const d = await tempDirectorDir(t);
  await writeFile(
    path.join(d.dir, 'foo.tli'),
    "{ Actors: { 'foo.fooactor.FooActor': { OnLoad: { Role: 'MainFoo' } } } }\n",
  );
  const env = { THESPIAN_DIRECTOR_DIR: d.dir };
  const r = await runDirector(['load', 'foo'], env, 60_000);
  assert.equal(r.code, 22, r.stderr);
  assert.match(
    r.stderr,
    /group "foo" has a TLI \(.*foo\.tli\) but no package foo-VERSION\.tls .* \[DIRECTOR_NO_PACKAGE\]/,
  );
  const list = await runDirector(['list'], env);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /foo/);
});
