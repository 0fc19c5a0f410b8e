// gensrc from the extension where no esbuild can be found: EXTENSION_ESBUILD_MISSING, naming
// where it looked. The loader runs from a folder outside this repository (whose node_modules
// has esbuild), as it does in an installed extension without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const OUT = path.resolve(__dirname, '..', '..');
const FILES = [
  'extension/src/esbuild-loader.js',
  'extension/src/model/extension-error.js',
  'runtime/src/protocol/errors.js',
];

test('loadEsbuild with no esbuild beside the extension, in the workspace or the cwd is EXTENSION_ESBUILD_MISSING', (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'no-esbuild-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const f of FILES) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    copyFileSync(path.join(OUT, f), path.join(root, f));
  }
  const script = `try { require(${JSON.stringify(path.join(root, FILES[0] ?? ''))}).loadEsbuild(); console.log('{}'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    env: { PATH: process.env['PATH'] },
    encoding: 'utf8',
  });
  const e = JSON.parse(out) as { code?: string; message?: string };
  assert.equal(e.code, 'EXTENSION_ESBUILD_MISSING');
  assert.match(e.message ?? '', /npm install --save-dev esbuild/);
  assert.ok(e.message?.includes(root), e.message);
});
