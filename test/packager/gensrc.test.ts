import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DirectorError } from '../../runtime/src/protocol/errors';
import { readPackageEntries, verifyFile } from '../../runtime/src/authority/verify-package';
import { dateVersion, parseGensrcArgs } from '../../packager/src/gensrc/args';
import { command, EXAMPLE, listing, makeCtx, opensslEd25519, opensslRsa, run, tempDir } from './helpers';
import { workspace, type Workspace } from './fixtures';

async function gensrcFails(w: Workspace, args: string[], cwd = w.root): Promise<DirectorError> {
  const before = listing(w.dir);
  let caught: unknown;
  await run('gensrc', args, w.dir, cwd).catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof DirectorError, `expected a coded failure, got ${String(caught)}`);
  assert.deepEqual(listing(w.dir), before, 'nothing written to the director dir');
  return caught;
}

async function entriesOf(dir: string, file: string): Promise<Map<string, Uint8Array>> {
  return readPackageEntries((await verifyFile(dir, file)).zip);
}

test("the guide's full gensrc example: version:date, deps:, a file list and 'foo/subdir2/**/*.ts'", async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'director');
  mkdirSync(dir);
  const key = opensslEd25519(root, 'sourcekey', path.join(dir, 'sourcekey_tls.key'));
  const before = new Date();
  const r = await run(
    'gensrc',
    [
      'foo',
      key,
      EXAMPLE,
      'version:date',
      `deps:${path.join(EXAMPLE, 'deppkgs.txt')}`,
      'foo/fooactor.ts',
      'foo/state.ts',
      path.join(EXAMPLE, 'foo/subdir1/baractor.ts'),
      'foo/subdir2/**/*.ts',
    ],
    dir,
    root,
  );
  const after = new Date();
  const m = /^Wrote (.*)\n$/.exec(r.out);
  assert.ok(m, r.out);
  const file = m[1];
  const v = path.basename(file).replace(/^foo-|\.tls$/g, '');
  assert.ok([dateVersion(before), dateVersion(after)].includes(v), `date version ${v}`);
  assert.deepEqual(listing(dir), [path.basename(file), 'foo.tli', 'sourcekey_tls.key'].sort());
  assert.equal(readFileSync(path.join(dir, 'foo.tli'), 'utf8'), readFileSync(path.join(EXAMPLE, 'foo.tli'), 'utf8'));
  const names = [...(await entriesOf(dir, file)).keys()];
  for (const n of [
    'foo/fooactor.js',
    'foo/state.js',
    'foo/subdir1/baractor.js',
    'foo/subdir2/barn/cowactor.js',
    'foo/subdir2/barn/pigactor.js',
  ])
    assert.ok(names.includes(n), n);
  // chalk and its own dependency tree, package.json kept
  for (const n of [
    'node_modules/chalk/package.json',
    'node_modules/chalk/source/index.js',
    'node_modules/ansi-styles/index.js',
    'node_modules/supports-color/index.js',
    'node_modules/has-flag/index.js',
    'node_modules/color-convert/index.js',
    'node_modules/color-name/index.js',
  ]) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(!names.some((n) => n.endsWith('.ts')), 'no TypeScript in the package');
  assert.throws(() => execFileSync('unzip', ['-l', file], { stdio: 'pipe' }), 'unzip cannot open a .tls');
});

test('TypeScript becomes CommonJS, one module per file, with thespian-director and relative imports as requires', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo/util.ts'), 'export const twice = (n: number): number => n * 2;\n');
  writeFileSync(
    path.join(w.proj, 'foo/uses.ts'),
    "import { twice } from './util';\nimport { Actor } from 'thespian-director';\nexport class U extends Actor { n = twice(2); }\n",
  );
  writeFileSync(path.join(w.proj, 'foo/types.d.ts'), 'export type X = number;\n');
  await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**'], w.dir, w.root);
  const e = await entriesOf(w.dir, path.join(w.dir, 'foo-1.tls'));
  const uses = Buffer.from(e.get('foo/uses.js')!).toString();
  assert.match(uses, /require\("\.\/util"\)/);
  assert.match(uses, /require\("thespian-director"\)/);
  assert.match(uses, /module\.exports/);
  assert.ok(!e.has('foo/types.d.ts') && !e.has('foo/types.js'), 'declaration files are left out');
  assert.ok(!uses.includes('n * 2'), 'util is not bundled into uses');
  assert.match(Buffer.from(e.get('foo/util.js')!).toString(), /n \* 2/);
});

test('without version: the package is GROUP.tls (the original wrote GROUP-None.tls)', async (t) => {
  const w = workspace(t);
  const r = await run('gensrc', ['foo', w.key, w.proj, 'foo/**'], w.dir, w.root);
  assert.equal(r.out, `Wrote ${path.join(w.dir, 'foo.tls')}\n`);
  assert.equal((await verifyFile(w.dir, path.join(w.dir, 'foo.tls'))).version, null);
});

test('the TLI in SOURCES_DIR is copied; tli:FILE (relative to the working folder) wins (scenario 10)', async (t) => {
  const w = workspace(t);
  await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**'], w.dir, w.root);
  assert.equal(readFileSync(path.join(w.dir, 'foo.tli'), 'utf8'), readFileSync(path.join(w.proj, 'foo.tli'), 'utf8'));
  writeFileSync(path.join(w.root, 'other.tli'), '{ Actors: {}, TLS_Keep_Limit: 5 }\n');
  await run('gensrc', ['foo', 'k.pem', 'proj', 'version:2', 'tli:other.tli', 'foo/**'], w.dir, w.root);
  assert.equal(readFileSync(path.join(w.dir, 'foo.tli'), 'utf8'), '{ Actors: {}, TLS_Keep_Limit: 5 }\n');
});

test('no SRC after the options: exit 3, "Missing required gensrc command arguments" (scenario 13)', async (t) => {
  const w = workspace(t);
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:2']);
  assert.equal(e.code, 'GENSRC_NO_SOURCES');
  assert.equal(e.exitCode, 3);
  assert.equal(e.message, 'Missing required gensrc command arguments');
});

test('fewer than three arguments is a usage error', async (t) => {
  const w = workspace(t);
  const e = await gensrcFails(w, ['foo']);
  assert.equal(e.code, 'CLI_USAGE');
  assert.equal(e.exitCode, 2);
});

test('options after the first SRC are patterns, as in the original', () => {
  const a = parseGensrcArgs(['g', 'k', 'd', 'a.ts', 'version:3']);
  assert.equal(a.version, null);
  assert.deepEqual(a.patterns, ['a.ts', 'version:3']);
});

test('a group name with - or . is refused, naming the character', async (t) => {
  const w = workspace(t);
  for (const [g, ch] of [
    ['my-app', '"-"'],
    ['my.app', '"."'],
  ] as const) {
    const e = await gensrcFails(w, [g, w.key, w.proj, 'version:1', 'foo/**']);
    assert.equal(e.code, 'GROUP_NAME_INVALID');
    assert.ok(e.message.includes(ch), e.message);
  }
});

test('an unreadable private key fails, writes nothing (the original exited 0 with an unsigned file; scenario 17)', async (t) => {
  const w = workspace(t);
  const missing = await gensrcFails(w, ['foo', path.join(w.root, 'nope.pem'), w.proj, 'version:1', 'foo/**']);
  assert.equal(missing.code, 'KEY_UNREADABLE');
  writeFileSync(path.join(w.root, 'bad.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
  const bad = await gensrcFails(w, ['foo', 'bad.pem', w.proj, 'version:1', 'foo/**']);
  assert.equal(bad.code, 'KEY_UNREADABLE');
});

test("the guide's RSA-1024 key is refused at gensrc with how to make a good key; nothing written", async (t) => {
  const w = workspace(t);
  const weak = opensslRsa(w.root, 'sourcekey', 1024, path.join(w.root, 'sourcekey_tls.key'));
  const e = await gensrcFails(w, ['foo', weak, w.proj, 'version:1', 'foo/**']);
  assert.equal(e.code, 'KEY_WEAK');
  assert.match(e.message, /keygen/);
  const e3 = opensslRsa(w.root, 'e3', 2048, path.join(w.root, 'e3_tls.key'), 3);
  assert.equal((await gensrcFails(w, ['foo', e3, w.proj, 'version:1', 'foo/**'])).code, 'KEY_WEAK');
});

test('an RSA-2048 key made by openssl signs packages that validate', async (t) => {
  const w = workspace(t);
  const k = opensslRsa(w.root, 'r', 2048, path.join(w.dir, 'r_tls.key'));
  await run('gensrc', ['foo', k, w.proj, 'version:1', 'foo/**'], w.dir, w.root);
  assert.match((await verifyFile(w.dir, path.join(w.dir, 'foo-1.tls'))).keyFile, /r_tls\.key$/);
});

test('a bad key fails first and alone: the sources compiled meanwhile print nothing (warnings, verbose lines)', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo/broken.ts'), 'export const b = (;\n');
  writeFileSync(path.join(w.proj, 'foo/meta.ts'), 'export const u = import.meta.url;\n');
  const { ctx, out, err } = makeCtx(w.dir, w.root, true);
  const args = ['foo', path.join(w.root, 'nope.pem'), w.proj, 'version:1', 'foo/**', 'nothing/*.ts'];
  await assert.rejects(command('gensrc').run(ctx, args), { code: 'KEY_UNREADABLE' });
  assert.equal(err(), '');
  assert.doesNotMatch(out(), /transpile/);
  assert.deepEqual(listing(w.dir), ['k_tls.key']);
  // With a good key the same sources report their problems: the syntax error, after the warnings.
  const good = makeCtx(w.dir, w.root, true);
  await assert.rejects(command('gensrc').run(good.ctx, ['foo', w.key, ...args.slice(2)]), { code: 'SOURCE_SYNTAX' });
  assert.match(good.err(), /Warning: the source pattern nothing\/\*\.ts matched no file/);
  assert.match(good.out(), /^ {4}transpile foo\/broken\.ts$/m);
});

test('a syntax error in a source names file:line:column and writes nothing (scenario 16)', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo/broken.ts'), 'export const a = 1;\nexport const b = (;\n');
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'foo/**']);
  assert.equal(e.code, 'SOURCE_SYNTAX');
  assert.match(e.message, /foo\/broken\.ts:2:19: /);
});

test('a deps line naming a package that is not installed fails clearly, writes nothing (the original warned, then crashed)', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.root, 'deps.txt'), '# deps\n\nno-such-package-xyz\n');
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'deps:deps.txt', 'foo/**']);
  assert.equal(e.code, 'DEP_NOT_FOUND');
  assert.match(e.message, /no-such-package-xyz/);
  assert.match(e.message, /npm install/);
});

test('a deps line with a version is refused, naming the line', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.root, 'deps.txt'), 'chalk\nJinja2==2.9.*\n');
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'deps:deps.txt', 'foo/**']);
  assert.equal(e.code, 'DEPS_BAD_LINE');
  assert.match(e.message, /deps\.txt:2:/);
});

function fakePackage(proj: string, name: string, pj: object, files: { [f: string]: string }): void {
  const d = path.join(proj, 'node_modules', name);
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...pj }));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    writeFileSync(path.join(d, f), text);
  }
}

test('a native addon among the deps (.node, binding.gyp or gypfile) is refused by name', async (t) => {
  const w = workspace(t);
  fakePackage(
    w.proj,
    'uses-native',
    { dependencies: { 'native-thing': '1' } },
    { 'index.js': "module.exports = require('native-thing');" },
  );
  fakePackage(w.proj, 'native-thing', {}, { 'index.js': '', 'build/Release/x.node': 'ELF' });
  fakePackage(w.proj, 'gyp-thing', {}, { 'binding.gyp': '{}' });
  fakePackage(w.proj, 'gypfile-thing', { gypfile: true }, { 'index.js': '' });
  for (const [dep, named] of [
    ['uses-native', 'native-thing'],
    ['gyp-thing', 'gyp-thing'],
    ['gypfile-thing', 'gypfile-thing'],
  ] as const) {
    writeFileSync(path.join(w.root, 'deps.txt'), `${dep}\n`);
    const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'deps:deps.txt', 'foo/**']);
    assert.equal(e.code, 'DEP_NATIVE_ADDON');
    assert.ok(e.message.startsWith(`The dependency ${named} `), e.message);
  }
});

test('an ESM dependency is transpiled to CommonJS, and its package.json says commonjs', async (t) => {
  const w = workspace(t);
  fakePackage(
    w.proj,
    'esm-dep',
    { type: 'module', main: 'index.js' },
    {
      'index.js': "import { x } from './lib.js';\nexport default x + 1;\n",
      'lib.js': 'export const x = 41;\n',
      'index.d.ts': 'export {}',
    },
  );
  writeFileSync(path.join(w.root, 'deps.txt'), 'esm-dep\n');
  await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'deps:deps.txt', 'foo/**'], w.dir, w.root);
  const e = await entriesOf(w.dir, path.join(w.dir, 'foo-1.tls'));
  assert.match(Buffer.from(e.get('node_modules/esm-dep/index.js')!).toString(), /require\("\.\/lib\.js"\)/);
  const pj = JSON.parse(Buffer.from(e.get('node_modules/esm-dep/package.json')!).toString()) as { type?: string };
  assert.equal(pj.type, 'commonjs');
  assert.ok(!e.has('node_modules/esm-dep/index.d.ts'));
});

test('a TLI with a syntax error is refused with file:line:column; nothing written', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo.tli'), "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'x' } }\n");
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'foo/**']);
  assert.equal(e.code, 'TLI_INVALID');
  assert.ok(e.message.includes(`${path.join(w.proj, 'foo.tli')}:`), e.message);
});

test('a TLI with an unknown key is refused (the TLI schema)', async (t) => {
  const w = workspace(t);
  writeFileSync(
    path.join(w.proj, 'foo.tli'),
    "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'x' } } }, AutoUnlaod: true }\n",
  );
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'foo/**']);
  assert.equal(e.code, 'TLI_INVALID');
  assert.match(e.message, /AutoUnlaod/);
});

test('an unreadable tli: file is refused; nothing written', async (t) => {
  const w = workspace(t);
  const e = await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'tli:missing.tli', 'foo/**']);
  assert.equal(e.code, 'TLI_UNREADABLE');
  if (process.getuid?.() !== 0) {
    writeFileSync(path.join(w.root, 'locked.tli'), '{ Actors: {} }');
    chmodSync(path.join(w.root, 'locked.tli'), 0o000);
    assert.equal(
      (await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'tli:locked.tli', 'foo/**'])).code,
      'TLI_UNREADABLE',
    );
  }
});

test('a source file that does not exist, or lies outside SOURCES_DIR, is refused', async (t) => {
  const w = workspace(t);
  assert.equal((await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'foo/nope.ts'])).code, 'SOURCE_NOT_FOUND');
  writeFileSync(path.join(w.root, 'outside.ts'), 'export {};');
  assert.equal((await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', '../outside.ts'])).code, 'SOURCE_OUTSIDE_DIR');
  assert.equal(
    (await gensrcFails(w, ['foo', w.key, w.proj, 'version:1', 'bar/**/*.ts'])).code,
    'SOURCE_NOTHING_MATCHED',
  );
});

test('TLS_Keep_Limit 3: after a fourth gensrc only the three newest versions remain (scenario 18)', async (t) => {
  const w = workspace(t);
  writeFileSync(
    path.join(w.proj, 'foo.tli'),
    "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'x' } } }, TLS_Keep_Limit: 3 }\n",
  );
  for (const v of ['1.1', '1.10', '1.2', '1.9'])
    await run('gensrc', ['foo', w.key, w.proj, `version:${v}`, 'foo/**'], w.dir, w.root);
  assert.deepEqual(
    listing(w.dir).filter((f) => f.endsWith('.tls')),
    ['foo-1.10.tls', 'foo-1.2.tls', 'foo-1.9.tls'],
  );
});

test('verbose gensrc prints the header block, each source, and Signing', async (t) => {
  const w = workspace(t);
  const r = await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**'], w.dir, w.root, true);
  assert.match(r.out, /^Package: .*\/foo\n {2}version: 1\n/);
  assert.match(r.out, /^ {4}transpile foo\/fooactor\.ts$/m);
  assert.match(r.out, /^Signing .*foo-1\.tls/m);
  assert.match(r.out, /^Wrote .*foo-1\.tls\n$/m);
});

test('the director dir is left without temporary files after a successful gensrc', async (t) => {
  const w = workspace(t);
  await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**'], w.dir, w.root);
  assert.deepEqual(listing(w.dir), ['foo-1.tls', 'foo.tli', 'k_tls.key']);
  assert.ok(!existsSync(path.join(w.dir, 'foo-1.zip')));
});

test('nested dependency copies keep their place under the parent package', async (t) => {
  const w = workspace(t);
  fakePackage(w.proj, 'outer', { dependencies: { inner: '2' } }, { 'index.js': "module.exports = require('inner');" });
  fakePackage(w.proj, 'inner', {}, { 'index.js': 'module.exports = 1;' });
  fakePackage(
    path.join(w.proj, 'node_modules/outer'),
    'inner',
    { version: '2.0.0' },
    { 'index.js': 'module.exports = 2;' },
  );
  writeFileSync(path.join(w.root, 'deps.txt'), 'outer\ninner\n');
  await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'deps:deps.txt', 'foo/**'], w.dir, w.root);
  const e = await entriesOf(w.dir, path.join(w.dir, 'foo-1.tls'));
  assert.equal(Buffer.from(e.get('node_modules/inner/index.js')!).toString(), 'module.exports = 1;');
  assert.equal(Buffer.from(e.get('node_modules/outer/node_modules/inner/index.js')!).toString(), 'module.exports = 2;');
});

test('a TLI actor whose module is not in the package is warned about at gensrc', async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo.tli'), "{ Actors: { 'foo.fooactor.FooActor': {}, 'foo.missing': {} } }\n");
  const r = await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**'], w.dir, w.root);
  assert.equal(r.code, 0);
  assert.match(r.err, /names the actor foo\.missing, but the package has no module foo\/missing\.js/);
  assert.doesNotMatch(r.err, /FooActor/);
});

test("esbuild's warnings reach stderr with file:line:column (import.meta in a CommonJS package)", async (t) => {
  const w = workspace(t);
  writeFileSync(path.join(w.proj, 'foo/meta.mts'), 'export const here = import.meta.url;\n');
  const r = await run('gensrc', ['foo', w.key, w.proj, 'version:1', 'foo/**'], w.dir, w.root);
  assert.equal(r.code, 0);
  assert.match(r.err, /^Warning: .*foo\/meta\.mts:1:\d+: .*import\.meta/m);
});
