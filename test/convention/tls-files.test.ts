// Convention TLS needs all three files or none: some of them is CONVENTION_TLS_FILES naming the
// missing ones, and an unreadable one names itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConventionError } from '../../runtime/src/convention/convention-error';
import { readConventionTls } from '../../runtime/src/convention/tls-files';

test('only convca.crt is CONVENTION_TLS_FILES naming the two missing; convhost.key as a folder names it; none is no TLS', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conv-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  assert.equal(await readConventionTls(dir), undefined);
  await writeFile(path.join(dir, 'convca.crt'), '-----BEGIN CERTIFICATE-----\n');
  await assert.rejects(readConventionTls(dir), (e: ConventionError) => {
    assert.equal(e.code, 'CONVENTION_TLS_FILES');
    assert.deepEqual(e.data, { missing: ['convhost.crt', 'convhost.key'] });
    return true;
  });
  await writeFile(path.join(dir, 'convhost.crt'), '-----BEGIN CERTIFICATE-----\n');
  await mkdir(path.join(dir, 'convhost.key'));
  await assert.rejects(readConventionTls(dir), (e: ConventionError) => {
    assert.equal(e.code, 'CONVENTION_TLS_FILES');
    assert.deepEqual(e.data, { file: path.join(dir, 'convhost.key') });
    return true;
  });
});
