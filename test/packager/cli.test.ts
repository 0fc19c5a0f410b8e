/**
 * The packager commands through the real `director` binary (dist/director.js, built by
 * `npm run build`, which `npm test` runs first): exit codes and stderr as a user sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE, REPO, tempDir, listing } from './helpers';

const BIN = path.join(REPO, 'dist/director.js');
const skip = existsSync(BIN) ? false : 'dist/director.js is not built (npm run build)';

interface Result {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function director(args: string[], dir: string, cwd: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

test('keygen, gensrc of the example app, tlsinfo and avail work through the director binary', { skip }, async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'director');
  const k = await director(['keygen', 'sourcekey'], dir, root);
  assert.equal(k.code, 0, k.err);
  const g = await director(
    [
      'gensrc',
      'foo',
      path.join(root, 'sourcekey.pem'),
      '.',
      'version:1.0',
      'deps:deppkgs.txt',
      'foo/*.ts',
      'foo/subdir1/baractor.ts',
      'foo/subdir2/**/*.ts',
    ],
    dir,
    EXAMPLE,
  );
  assert.equal(g.code, 0, g.err);
  assert.equal(g.out, `Wrote ${path.join(dir, 'foo-1.0.tls')}\n`);
  const v = await director(['tlsinfo', 'foo-1.0.tls'], dir, root);
  assert.equal(
    v.out,
    `Validated "${path.join(dir, 'foo-1.0.tls')}" loadable with key ${path.join(dir, 'sourcekey_tls.key')}\n`,
  );
  const c = await director(['tlsinfo', 'foo-1.0.tls', 'contents'], dir, root);
  assert.match(c.out, /^ +\d+ {2}foo\/subdir2\/barn\/cowactor\.js$/m);
  assert.match(c.out, /^ +\d+ {2}node_modules\/chalk\/package\.json$/m);
  const a = await director(['avail'], dir, root);
  assert.match(a.out, new RegExp(`^THESPIAN_DIRECTOR_DIR=${dir}\nfoo: foo-1\\.0\\.tls    [0-9a-f]{32}\n$`));
  const verbose = await director(['verbose', 'tlsinfo', 'foo-1.0.tls'], dir, root);
  assert.match(verbose.out, /^\.\.Attempting validation with key .*sourcekey_tls\.key$/m);
});

test('gensrc without sources exits 3 with the original message', { skip }, async (t) => {
  const root = tempDir(t);
  const r = await director(['gensrc', 'foo', 'k.pem', '.', 'version:2'], root, root);
  assert.equal(r.code, 3);
  assert.match(r.err, /Missing required gensrc command arguments \[GENSRC_NO_SOURCES\]/);
});

test('tlsinfo exits 4 for a missing file and 7 for a tampered one', { skip }, async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'director');
  assert.equal((await director(['keygen', 'k'], dir, root)).code, 0);
  const missing = await director(['tlsinfo', 'nonexist.tls'], dir, root);
  assert.equal(missing.code, 4);
  assert.match(missing.err, /The tls file "nonexist\.tls" does not exist/);
  writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
  assert.equal((await director(['gensrc', 'foo', 'k.pem', '.', 'version:1', 'a.ts'], dir, root)).code, 0);
  const file = path.join(dir, 'foo-1.tls');
  const b = readFileSync(file);
  b[b.length - 30] = b[b.length - 30] ^ 0xff;
  writeFileSync(file, b);
  const bad = await director(['tlsinfo', 'foo-1.tls'], dir, root);
  assert.equal(bad.code, 7);
  assert.match(bad.err, /^director: Could not validate signature on ".*foo-1\.tls"/);
});

test('a weak key exits 10 with the how-to message and writes nothing', { skip }, async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'director');
  execFileSync('openssl', ['genrsa', '-out', path.join(root, 'weak.pem'), '1024'], { stdio: 'ignore' });
  writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
  const r = await director(['gensrc', 'foo', 'weak.pem', '.', 'version:1', 'a.ts'], dir, root);
  assert.equal(r.code, 10);
  assert.match(r.err, /1024 bits.*director keygen/s);
  assert.deepEqual(listing(dir), []);
});
