// gensrc and keygen refusals that no other test reaches: each on real files, each with its code,
// and nothing half-written in the director dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DirectorError } from '../../runtime/src/protocol/errors';
import { listing, run, tempDir } from './helpers';
import { workspace, type Workspace } from './fixtures';

async function fails(w: Workspace, name: string, args: string[]): Promise<DirectorError> {
  const before = listing(w.dir);
  const e = await run(name, args, w.dir, w.root).then(
    (r) => assert.fail(`${name} succeeded: ${r.out}`),
    (x: unknown) => x,
  );
  assert.ok(e instanceof DirectorError, `expected a coded failure, got ${String(e)}`);
  assert.deepEqual(listing(w.dir), before, 'nothing written to the director dir');
  return e;
}

/** gensrc of all of foo with the dependency list DEPS: the coded refusal it fails with. */
function failsWithDeps(w: Workspace, deps: string): Promise<DirectorError> {
  return fails(w, 'gensrc', ['foo', w.key, w.proj, 'version:1', `deps:${deps}`, 'foo/**']);
}

/** A package in `nm/NAME` with a package.json and an index.js. */
function pkg(
  nm: string,
  name: string,
  json: object | string,
  files: Record<string, string> = { 'index.js': 'module.exports = 1;\n' },
): void {
  const d = path.join(nm, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(
    path.join(d, 'package.json'),
    typeof json === 'string' ? json : JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...json }),
  );
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), text);
}

test('gensrc: a version with a character outside letters, digits and . _ + ~ - is VERSION_INVALID', async (t) => {
  const w = workspace(t);
  const e = await fails(w, 'gensrc', ['foo', w.key, w.proj, 'version:1/2', 'foo/**']);
  assert.equal(e.code, 'VERSION_INVALID');
});

test('gensrc: a SOURCES_DIR that is not a folder is SOURCES_DIR_MISSING', async (t) => {
  const w = workspace(t);
  const e = await fails(w, 'gensrc', [
    'foo',
    w.key,
    path.join(w.proj, 'foo/notes.txt'),
    'version:1',
    `tli:${path.join(w.proj, 'foo.tli')}`,
    'foo/**',
  ]);
  assert.equal(e.code, 'SOURCES_DIR_MISSING');
});

test('gensrc: a source file that cannot be read is SOURCE_UNREADABLE', async (t) => {
  const w = workspace(t);
  // A regular file whose read fails for every user, root included (EIO at offset 0).
  symlinkSync('/proc/self/mem', path.join(w.proj, 'foo/mem.js'));
  const e = await fails(w, 'gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/fooactor.ts', 'foo/mem.js']);
  assert.equal(e.code, 'SOURCE_UNREADABLE');
  assert.match(e.message, /mem\.js/);
});

test('gensrc: a.ts and a.mts would both be a.js: OUTPUT_COLLISION', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo/a.ts'), 'export const x = 1;\n');
  writeFileSync(path.join(w.proj, 'foo/a.mts'), 'export const y = 2;\n');
  const e = await fails(w, 'gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**']);
  assert.equal(e.code, 'OUTPUT_COLLISION');
  assert.deepEqual(e.data, { entry: 'foo/a.js' });
});

test('gensrc: a deps file that does not exist is DEPS_UNREADABLE', async (t) => {
  const w = workspace(t);
  const e = await failsWithDeps(w, path.join(w.root, 'nosuch.txt'));
  assert.equal(e.code, 'DEPS_UNREADABLE');
});

test('gensrc: a dependency whose package.json is not JSON is DEP_BAD_PACKAGE_JSON', async (t) => {
  const w = workspace(t);
  pkg(path.join(w.proj, 'node_modules'), 'broken', '{ "name": "broken", ');
  writeFileSync(path.join(w.root, 'deps.txt'), 'broken\n');
  const e = await failsWithDeps(w, path.join(w.root, 'deps.txt'));
  assert.equal(e.code, 'DEP_BAD_PACKAGE_JSON');
});

test('gensrc: two different copies of one package landing on one path is DEP_CONFLICT', async (t) => {
  const w = workspace(t);
  // proj/node_modules/shared (asked for by the deps file) and root/node_modules/shared (asked
  // for by root/node_modules/user): both would be node_modules/shared in the package.
  pkg(path.join(w.proj, 'node_modules'), 'shared', { version: '1.0.0' });
  pkg(path.join(w.root, 'node_modules'), 'shared', { version: '2.0.0' });
  pkg(path.join(w.root, 'node_modules'), 'user', { dependencies: { shared: '^2.0.0' } });
  writeFileSync(path.join(w.root, 'deps.txt'), 'shared\nuser\n');
  const e = await failsWithDeps(w, path.join(w.root, 'deps.txt'));
  assert.equal(e.code, 'DEP_CONFLICT');
  assert.deepEqual(e.data, { dep: 'shared' });
});

test('gensrc: a dependency file named with a backslash would be refused at load, so gensrc refuses it: PACKAGE_UNSAFE', async (t) => {
  const w = workspace(t);
  pkg(path.join(w.proj, 'node_modules'), 'odd', {}, { 'index.js': 'module.exports = 1;\n', 'a\\b.js': '1;\n' });
  writeFileSync(path.join(w.root, 'deps.txt'), 'odd\n');
  const e = await failsWithDeps(w, path.join(w.root, 'deps.txt'));
  assert.equal(e.code, 'PACKAGE_UNSAFE');
  assert.deepEqual(e.data, { code: 'ENTRY_UNSAFE_NAME' });
});

test('gensrc: a package path taken by a folder is OUTPUT_WRITE_FAILED, and no TLI is written', async (t) => {
  const w = workspace(t);
  mkdirSync(path.join(w.dir, 'foo-1.tls'));
  const e = await fails(w, 'gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**']);
  assert.equal(e.code, 'OUTPUT_WRITE_FAILED');
});

test('keygen: a dot-file NAME is KEYGEN_BAD_NAME, and no key is written', async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'dir');
  mkdirSync(dir);
  const e = await run('keygen', ['.hidden'], dir, root).then(
    () => assert.fail('keygen succeeded'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof DirectorError);
  assert.equal(e.code, 'KEYGEN_BAD_NAME');
  assert.deepEqual(listing(dir), []);
  assert.deepEqual(listing(root), ['dir']);
});
