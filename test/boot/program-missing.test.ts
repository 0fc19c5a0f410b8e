// bootstart refuses to write a service that would have nothing to run: BOOT_PROGRAM_MISSING, for a
// package without dist/director.js and for a folder inside no thespian-director package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findDirectorScript } from '../../runtime/src/boot/gather-inputs';
import type { BootError } from '../../runtime/src/boot/boot-error';

test('a thespian-director package without dist/director.js, or no package at all, is BOOT_PROGRAM_MISSING', (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'boot-prog-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const inner = path.join(root, 'out', 'runtime', 'src', 'boot');
  mkdirSync(inner, { recursive: true });
  assert.throws(
    () => findDirectorScript(inner),
    (e: BootError) => {
      assert.equal(e.code, 'BOOT_PROGRAM_MISSING');
      assert.deepEqual(e.data, { from: inner });
      return true;
    },
  );
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'thespian-director' }));
  assert.throws(
    () => findDirectorScript(inner),
    (e: BootError) => {
      assert.equal(e.code, 'BOOT_PROGRAM_MISSING');
      assert.deepEqual(e.data, { path: path.join(root, 'dist', 'director.js') });
      return true;
    },
  );
});
