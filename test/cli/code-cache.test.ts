// The launcher compiles its bundle from a V8 code cache (cli/src/code-cache.ts) kept where only the
// user can write: these tests run the real bin with XDG_CACHE_HOME in a temp folder and prove the
// cache is made private, used as it is, remade when damaged, and never used from a place (or a
// file) someone else could have written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { commandFor } from '../../cli/src/launcher';
import { repoRoot, runDirector, tempDir, type RunResult } from './support';

const directorBundle = path.join(repoRoot, 'dist', 'director-director.js');

function cacheFolder(xdg: string): string {
  return path.join(xdg, 'thespian-director', 'v8');
}

/** The one cache file of the director bundle for help (what `director help load` runs). */
function baseCache(xdg: string): string {
  const files = readdirSync(cacheFolder(xdg)).filter(
    (f) => f.startsWith('director-director.help.') && f.endsWith('.bin'),
  );
  assert.equal(files.length, 1, `one cache of the director bundle: ${files.join(', ')}`);
  return path.join(cacheFolder(xdg), files[0] ?? '');
}

/** Whether V8 accepts `data` as the code cache of the director bundle. */
function acceptedByV8(data: Buffer): boolean {
  const script = new vm.Script(Module.wrap(readFileSync(directorBundle, 'utf8')), {
    filename: directorBundle,
    cachedData: data,
  });
  return script.cachedDataRejected === false;
}

/** `director help load`: the director bundle (362 KB), big enough to be cached. */
async function help(dir: string, env: { [name: string]: string }): Promise<RunResult> {
  const r = await runDirector(['help', 'load'], { THESPIAN_DIRECTOR_DIR: dir, ...env });
  assert.equal(r.code, 0, r.stderr);
  return r;
}

test('the first run writes a cache only the user can use, V8 accepts it, and later runs use it as it is', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    mkdirSync(xdg, { mode: 0o700 });
    const plain = await help(t.dir, { THESPIAN_DIRECTOR_CODE_CACHE: 'off' });
    assert.equal(existsSync(path.join(xdg, 'thespian-director')), false, 'off: no cache made');
    const first = await help(t.dir, { XDG_CACHE_HOME: xdg });
    assert.equal(first.stdout, plain.stdout);
    const file = baseCache(xdg);
    assert.equal(statSync(cacheFolder(xdg)).mode & 0o777, 0o700);
    assert.equal(statSync(path.dirname(cacheFolder(xdg))).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(acceptedByV8(readFileSync(file)));
    const before = statSync(file);
    const second = await help(t.dir, { XDG_CACHE_HOME: xdg });
    assert.equal(second.stdout, plain.stdout);
    const after = statSync(file);
    assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'a good cache is not written again');
  } finally {
    await t.cleanup();
  }
});

test('a damaged cache is not used: the command runs as before and a good cache replaces it', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    const plain = await help(t.dir, { XDG_CACHE_HOME: xdg });
    const file = baseCache(xdg);
    const garbage = Buffer.alloc(statSync(file).size, 0x5a);
    writeFileSync(file, garbage);
    const r = await help(t.dir, { XDG_CACHE_HOME: xdg });
    assert.equal(r.stdout, plain.stdout);
    const now = readFileSync(baseCache(xdg));
    assert.ok(!now.equals(garbage));
    assert.ok(acceptedByV8(now));
  } finally {
    await t.cleanup();
  }
});

test('a cache file others can write is not used, and one only the user can write replaces it', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    await help(t.dir, { XDG_CACHE_HOME: xdg });
    const file = baseCache(xdg);
    chmodSync(file, 0o666);
    const before = statSync(file);
    await help(t.dir, { XDG_CACHE_HOME: xdg });
    const after = statSync(baseCache(xdg));
    assert.notEqual(after.ino, before.ino, 'written anew: the open file was not trusted');
    assert.equal(after.mode & 0o777, 0o600);
  } finally {
    await t.cleanup();
  }
});

test('a cache folder others can write, or a link to one, is neither read nor written', async () => {
  const t = await tempDir();
  try {
    // Others may write the folder: its file stays as it is (damaged, so a read would have replaced it).
    const open = path.join(t.dir, 'open');
    await help(t.dir, { XDG_CACHE_HOME: open });
    const file = baseCache(open);
    const garbage = Buffer.alloc(64, 0x5a);
    writeFileSync(file, garbage);
    chmodSync(cacheFolder(open), 0o777);
    const r = await help(t.dir, { XDG_CACHE_HOME: open });
    assert.match(r.stdout, /^usage: director load/);
    assert.ok(readFileSync(file).equals(garbage));
    assert.deepEqual(readdirSync(cacheFolder(open)), [path.basename(file)]);

    // The cache folder is a link (to a private folder of the user's): nothing goes through it.
    const linked = path.join(t.dir, 'linked');
    const target = path.join(t.dir, 'target');
    mkdirSync(target, { mode: 0o700 });
    mkdirSync(path.join(linked, 'thespian-director'), { recursive: true, mode: 0o700 });
    symlinkSync(target, cacheFolder(linked));
    await help(t.dir, { XDG_CACHE_HOME: linked });
    assert.deepEqual(readdirSync(target), []);
  } finally {
    await t.cleanup();
  }
});

test('a folder above the cache that others can write (not sticky) turns the cache off: nothing made, read or written', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'shared');
    mkdirSync(xdg, { mode: 0o700 });
    chmodSync(xdg, 0o777);
    const r = await help(t.dir, { XDG_CACHE_HOME: xdg });
    assert.match(r.stdout, /^usage: director load/);
    assert.deepEqual(readdirSync(xdg), [], 'no folder made in a place others can write');

    // Made first under a private folder, then that folder opened to others: the cache is not read
    // (it is damaged, so a read would have replaced it) and not written.
    const priv = path.join(t.dir, 'private');
    await help(t.dir, { XDG_CACHE_HOME: priv });
    const file = baseCache(priv);
    const garbage = Buffer.alloc(64, 0x5a);
    writeFileSync(file, garbage);
    chmodSync(path.join(priv, 'thespian-director'), 0o777);
    await help(t.dir, { XDG_CACHE_HOME: priv });
    assert.ok(readFileSync(file).equals(garbage));
  } finally {
    await t.cleanup();
  }
});

test('the daemon bundle (start, shutdown) never runs from the cache: start --foreground hosts sources in the process', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    await help(t.dir, { XDG_CACHE_HOME: xdg });
    const r = await runDirector(['help', 'start'], { THESPIAN_DIRECTOR_DIR: t.dir, XDG_CACHE_HOME: xdg });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: director start/);
    const files = readdirSync(cacheFolder(xdg));
    assert.ok(
      files.some((f) => f.startsWith('director-director.')),
      'the folder is in use',
    );
    assert.deepEqual(
      files.filter((f) => f.startsWith('director-daemon.')),
      [],
    );
  } finally {
    await t.cleanup();
  }
});

test('runs with other V8 flags keep their own cache; a week-old cache or temp of the bundle is pruned, a recent one kept', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    const folder = cacheFolder(xdg);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const old = path.join(folder, 'director-director.help.v0.0.0-x64-0.0-1.bin');
    const oldTemp = path.join(folder, '.director-director.help.v0.0.0-x64-0.0-1.bin.1.tmp');
    const recent = path.join(folder, 'director-director.help.v0.0.1-x64-0.0-1.bin');
    const otherCommand = path.join(folder, 'director-director.load.v0.0.0-x64-0.0-1.bin');
    for (const f of [old, oldTemp, recent, otherCommand]) writeFileSync(f, 'x', { mode: 0o600 });
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    for (const f of [old, oldTemp, otherCommand]) utimesSync(f, weekAgo, weekAgo);

    await help(t.dir, { XDG_CACHE_HOME: xdg });
    assert.equal(existsSync(old), false, 'a week-old cache of this bundle and command is pruned');
    assert.equal(existsSync(oldTemp), false, 'a temp a killed run left is pruned');
    assert.equal(existsSync(recent), true, 'a recent cache (another Node or install) is kept');
    assert.equal(existsSync(otherCommand), true, "another command's cache is not this run's to prune");
    const ours = readdirSync(folder).filter((f) => f.startsWith(`director-director.help.${process.version}-`));
    assert.equal(ours.length, 1, ours.join(', '));
    const plainCache = path.join(folder, ours[0] ?? '');
    const written = statSync(plainCache).mtimeMs;

    // Other V8 flags: a cache of their own beside the first, which stays as it was.
    const flagged = await runDirector(['help', 'load'], {
      THESPIAN_DIRECTOR_DIR: t.dir,
      XDG_CACHE_HOME: xdg,
      NODE_OPTIONS: '--max-old-space-size=100',
    });
    assert.equal(flagged.code, 0, flagged.stderr);
    const caches = readdirSync(folder).filter(
      (f) => f.startsWith('director-director.help.') && f !== path.basename(recent),
    );
    assert.equal(caches.length, 2, caches.join(', '));
    await help(t.dir, { XDG_CACHE_HOME: xdg });
    assert.equal(statSync(plainCache).mtimeMs, written, 'the plain run used its cache as it was');
  } finally {
    await t.cleanup();
  }
});

test('a small bundle loads as usual: director help (78 KB) writes no cache', async () => {
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    const r = await runDirector(['help'], { THESPIAN_DIRECTOR_DIR: t.dir, XDG_CACHE_HOME: xdg });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: director/);
    assert.equal(existsSync(path.join(xdg, 'thespian-director')), false);
  } finally {
    await t.cleanup();
  }
});

test('each command has its own cache, named by the command a line runs (help for help and unknown words)', () => {
  assert.equal(commandFor(['gensrc', 'foo']), 'gensrc');
  assert.equal(commandFor(['verbose', 'load', 'x.tls']), 'load');
  assert.equal(commandFor(['help', 'gensrc']), 'help');
  assert.equal(commandFor(['config']), 'config');
  assert.equal(commandFor([]), 'help');
  assert.equal(commandFor(['nosuch']), 'help');
  assert.equal(commandFor(['constructor']), 'help');
});

test('gensrc runs from the cached packager bundle and esbuild API and writes the same package contents', async () => {
  // The code cache holds the functions a run compiled: a second gensrc runs them from the cache,
  // not from the cache `help gensrc` wrote, which holds only what help ran.
  const t = await tempDir();
  try {
    const xdg = path.join(t.dir, 'cache');
    const h = await runDirector(['help', 'gensrc'], { THESPIAN_DIRECTOR_DIR: t.dir, XDG_CACHE_HOME: xdg });
    assert.equal(h.code, 0, h.stderr);
    const proj = path.join(t.dir, 'proj');
    mkdirSync(path.join(proj, 'foo'), { recursive: true });
    writeFileSync(path.join(proj, 'foo/a.ts'), 'export const a: number = 1;\n');
    const key = await runDirector(['keygen', path.join(t.dir, 'k')], {
      THESPIAN_DIRECTOR_DIR: t.dir,
      XDG_CACHE_HOME: xdg,
    });
    assert.equal(key.code, 0, key.stderr);
    const members: string[] = [];
    for (const v of ['1', '2']) {
      const g = await runDirector(['gensrc', 'foo', path.join(t.dir, 'k.pem'), proj, `version:${v}`, 'foo/**'], {
        THESPIAN_DIRECTOR_DIR: t.dir,
        XDG_CACHE_HOME: xdg,
      });
      assert.equal(g.code, 0, g.stderr);
      const m = await runDirector(['tlsinfo', `foo-${v}.tls`, 'foo/a.js'], {
        THESPIAN_DIRECTOR_DIR: t.dir,
        XDG_CACHE_HOME: xdg,
      });
      assert.equal(m.code, 0, m.stderr);
      members.push(m.stdout);
    }
    const caches = readdirSync(cacheFolder(xdg));
    assert.ok(
      caches.some((f) => f.startsWith('director-packager.gensrc.')),
      caches.join(', '),
    );
    assert.ok(
      caches.some((f) => f.startsWith('director-packager.help.')),
      caches.join(', '),
    );
    // esbuild's JavaScript API, which the bundle leaves out and requires, is cached for gensrc too.
    assert.ok(
      caches.some((f) => f.startsWith('pkg-esbuild.gensrc.')),
      caches.join(', '),
    );
    assert.match(members[0] ?? '', /a = 1/);
    assert.equal(members[1], members[0]);
  } finally {
    await t.cleanup();
  }
});
