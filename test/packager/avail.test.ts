import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './helpers';
import { build, workspace } from './fixtures';

const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex').slice(0, 32);

test('avail lists each group newest first with the SHA-256 source hash, + under the colon (scenario 29)', async (t) => {
  const w = workspace(t);
  for (const v of ['1.1', '1.3', '1.2']) await build(w, v);
  const r = await run('avail', [], w.dir, w.root);
  const h = (v: string): string => sha(path.join(w.dir, `foo-${v}.tls`));
  assert.equal(
    r.out,
    `THESPIAN_DIRECTOR_DIR=${w.dir}\n` +
      `foo: foo-1.3.tls    ${h('1.3')}\n` +
      `   + foo-1.2.tls    ${h('1.2')}\n` +
      `   + foo-1.1.tls    ${h('1.1')}\n`,
  );
});

test('groups come in name order; a group with a .tli and no package prints "GROUP: " alone', async (t) => {
  const w = workspace(t);
  await build(w, '2');
  writeFileSync(path.join(w.dir, 'aaa.tli'), '{ Actors: {} }');
  writeFileSync(path.join(w.dir, 'zed.tli'), '{ Actors: {} }');
  const lines = (await run('avail', [], w.dir, w.root)).out.split('\n');
  assert.deepEqual(
    lines.slice(1, 4).map((l) => l.split(' ')[0]),
    ['aaa:', 'foo:', 'zed:'],
  );
  assert.equal(lines[1], 'aaa: ');
  assert.equal(lines[3], 'zed: ');
});

test('packages of a group without a .tli are listed after a note; versionless packages sort last', async (t) => {
  const w = workspace(t);
  const file = await build(w, '1');
  copyFileSync(file, path.join(w.dir, 'orphan-1.tls'));
  copyFileSync(file, path.join(w.dir, 'foo.tls'));
  const r = await run('avail', [], w.dir, w.root);
  // The copies keep their signed name foo-1.tls, so avail flags them (issue 11: the signature names a package).
  assert.match(
    r.out,
    /^foo: foo-1\.tls +[0-9a-f]{32}\n {3}\+ foo\.tls +[0-9a-f]{32} +# TLS_NAME_MISMATCH: signed as foo-1\.tls.*\n# packages without a GROUP\.tli.*\norphan: orphan-1\.tls +[0-9a-f]{32} +# TLS_NAME_MISMATCH/m,
  );
});

test('avail --json gives groups, versions and hashes', async (t) => {
  const w = workspace(t);
  const f = await build(w, '1.0');
  const j = JSON.parse((await run('avail', ['--json'], w.dir, w.root)).out) as {
    directorDir: string;
    groups: { foo: { file: string; version: string; sourceHash: string }[] };
  };
  assert.equal(j.directorDir, w.dir);
  assert.deepEqual(j.groups.foo, [{ file: 'foo-1.0.tls', version: '1.0', sourceHash: sha(f) }]);
});

test('avail on a director dir that does not exist prints only the header', async (t) => {
  const w = workspace(t);
  const r = await run('avail', [], path.join(w.root, 'none'), w.root);
  assert.equal(r.out, `THESPIAN_DIRECTOR_DIR=${path.join(w.root, 'none')}\n`);
});

test('a .tli named with an invalid group name is reported as ignored, not listed as a group', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.dir, 'my-app.tli'), '{ Actors: {} }');
  const r = await run('avail', [], w.dir, w.root);
  assert.equal(
    r.out,
    `THESPIAN_DIRECTOR_DIR=${w.dir}\n# my-app.tli ignored: "my-app" is not a valid group name (letters, digits and _ only)\n`,
  );
});
