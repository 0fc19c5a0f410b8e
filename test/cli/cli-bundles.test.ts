// The bin loads one bundle per command (cli/src/launcher.ts): these tests prove the routing
// table matches the registry, that help lists every command without loading any area, and, with
// a trace of what the process actually compiled, that a command loads its own bundle only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { BUNDLE_OF, bundleFor } from '../../cli/src/launcher';
import { AREAS } from '../../cli/src/registry';
import { directorBin, repoRoot, tempDir } from './support';

test('the launcher routes every area command, and only those, to its area bundle', () => {
  const areaOfModule: { [module: string]: string } = {
    'packager/src/commands.ts': 'packager',
    'runtime/src/daemon/commands.ts': 'daemon',
    'runtime/src/director/commands.ts': 'director',
    'runtime/src/boot/commands.ts': 'boot',
    'packager/src/convention/commands.ts': 'convention',
    'runtime/src/rollout/commands.ts': 'rollout',
  };
  const expected: { [name: string]: string } = {};
  for (const a of AREAS) for (const n of a.names) expected[n] = areaOfModule[a.module] ?? `unknown area ${a.module}`;
  // The packager's commands other than gensrc have a bundle without gensrc's code.
  for (const n of ['tlsinfo', 'avail', 'keygen']) expected[n] = 'packager-lite';
  assert.deepEqual({ ...BUNDLE_OF }, expected);
  assert.equal(bundleFor([]), 'base');
  assert.equal(bundleFor(['help']), 'base');
  assert.equal(bundleFor(['config']), 'base');
  assert.equal(bundleFor(['nosuch']), 'base');
  assert.equal(bundleFor(['help', 'gensrc']), 'packager');
  assert.equal(bundleFor(['verbose', 'load', 'x.tls']), 'director');
  assert.equal(bundleFor(['constructor']), 'base');
});

test('the static summaries are the real ones, so help needs no area loaded', () => {
  for (const a of AREAS) {
    assert.deepEqual(
      [...a.summaries],
      a.load().map((c) => c.summary),
      a.module,
    );
  }
});

/** The dist/ files a `director` run compiled, from the process's own module cache at exit. */
async function loadedBundles(args: string[], dir: string): Promise<string[]> {
  const r = await promisify(execFile)(
    process.execPath,
    ['--require', path.join(dir, 'trace.js'), directorBin, ...args],
    {
      env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
    },
  ).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }));
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line !== undefined, r.stderr);
  return (JSON.parse(line.slice('LOADED '.length)) as string[])
    .filter((f) => f.startsWith(path.join(repoRoot, 'dist')))
    .map((f) => path.basename(f))
    .sort();
}

test('director help compiles only the launcher and the base bundle; tlsinfo and gensrc each their own bundle', async () => {
  const t = await tempDir();
  try {
    await writeFile(
      path.join(t.dir, 'trace.js'),
      `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`,
    );
    assert.deepEqual(await loadedBundles(['help'], t.dir), ['director-base.js', 'director.js']);
    assert.deepEqual(await loadedBundles(['help', 'load'], t.dir), ['director-director.js', 'director.js']);
    assert.deepEqual(await loadedBundles(['tlsinfo', 'missing.tls'], t.dir), [
      'director-packager-lite.js',
      'director.js',
    ]);
    assert.deepEqual(await loadedBundles(['gensrc'], t.dir), ['director-packager.js', 'director.js']);
  } finally {
    await t.cleanup();
  }
});
