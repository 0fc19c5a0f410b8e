import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const dist = path.join(__dirname, '..', '..', '..', 'dist');
const unreadableEnv = path.join(__dirname, 'fixtures', 'unreadable-env.js');

/** Runs a daemon bundle that fails on its first statement; its stderr (Node prints the uncaught error's stack). */
function failingDaemon(bundle: string): string {
  const r = spawnSync(process.execPath, ['--require', unreadableEnv, bundle, '--foreground'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /Error: fixture: the environment cannot be read/);
  return r.stderr;
}

test('the daemon bundle is minified, and a stack from its code names the TypeScript file and line', async () => {
  // Whitespace-minified (issue 14: V8 keeps the whole source text): a handful of lines.
  const text = await readFile(path.join(dist, 'daemon.js'), 'utf8');
  assert.ok(text.split('\n').length < 100, `dist/daemon.js has ${text.split('\n').length} lines`);
  const stderr = failingDaemon(path.join(dist, 'daemon.js'));
  assert.match(stderr, /\n {4}at resolveDirectorDir \(\S*runtime\/src\/config\/director-dir\.ts:\d+:\d+\)\n/);
  assert.match(stderr, /\n {4}at \S+ \(\S*runtime\/src\/daemon\/main\.ts:\d+:\d+\)\n/);
  // Frames outside the bundle read as Node writes them.
  assert.match(stderr, /\n {4}at Object\.get \(\S*unreadable-env\.js:\d+:\d+\)\n/);
  assert.match(stderr, /\n {4}at Module\._compile \(node:internal\/modules\/cjs\/loader:\d+:\d+\)\n/);
  assert.doesNotMatch(stderr, /daemon\.js:\d+:\d+/);
});

test('without its source map beside it, the bundle still prints its stacks, with the positions in the bundle', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-bundle-stacks-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await copyFile(path.join(dist, 'daemon.js'), path.join(dir, 'daemon.js'));
  const stderr = failingDaemon(path.join(dir, 'daemon.js'));
  assert.match(stderr, /\n {4}at resolveDirectorDir \(\S*daemon\.js:\d+:\d+\)\n/);
});

test("a map too big to be the build's is not parsed: the stack keeps the positions in the bundle", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-bundle-stacks-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await copyFile(path.join(dist, 'daemon.js'), path.join(dir, 'daemon.js'));
  // The real map followed by 16 MiB of spaces: still a valid map, so only its size refuses it.
  await copyFile(path.join(dist, 'daemon.js.map'), path.join(dir, 'daemon.js.map'));
  await appendFile(path.join(dir, 'daemon.js.map'), Buffer.alloc(16 * 1024 * 1024, 0x20));
  const stderr = failingDaemon(path.join(dir, 'daemon.js'));
  assert.match(stderr, /\n {4}at resolveDirectorDir \(\S*daemon\.js:\d+:\d+\)\n/);
  assert.doesNotMatch(stderr, /director-dir\.ts/);
});
