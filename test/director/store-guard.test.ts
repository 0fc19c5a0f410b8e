// The Director's store names files by source hash only: a "hash" that could name another file
// (a path, a dot-dot) is refused as DIRECTOR_INTERNAL before anything is touched. Only a bug
// could pass one (hashes come from the verifier), so this guard is the last line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DirectorStore } from '../../runtime/src/director/director-store';
import type { DirectorOpError } from '../../runtime/src/director/director-error';

test('a source hash that is a path is DIRECTOR_INTERNAL for copies: nothing written, nothing read', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'td-guard-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = path.join(root, 'director');
  const store = new DirectorStore(dir);
  const internal = (e: DirectorOpError): boolean => {
    assert.equal(e.code, 'DIRECTOR_INTERNAL');
    assert.match(e.message, /cannot name a file/);
    return true;
  };
  await assert.rejects(store.writeCopy('../../escaped', new Uint8Array([1, 2, 3])), internal);
  await assert.rejects(store.readCopy('../director-state'), internal);
  assert.deepEqual(await readdir(root), []);
});
