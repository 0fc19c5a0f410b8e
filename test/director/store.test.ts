// The Director's record (atomic, restorable) and its append-only audit log, on a real disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DirectorStore } from '../../runtime/src/director/director-store';
import { DirectorOpError } from '../../runtime/src/director/director-error';
import { toRecord } from '../../runtime/src/director/core/record';
import { World, fooGroup } from './core-world';

async function tmp(): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'td-store-'));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

test('the record round-trips, is private (0600), and leaves no temporary files', async () => {
  const { dir, done } = await tmp();
  try {
    const w = new World();
    w.request(fooGroup({ AutoUnload: 2 }));
    w.load('foo', 'ab'.repeat(16), '1.0');
    const store = new DirectorStore(dir);
    assert.equal(await store.readRecord(), null, 'no record yet');
    // Several writes in a row: the last one wins.
    void store.writeRecord(toRecord(new World().state));
    await store.writeRecord(toRecord(w.state));
    await store.flush();
    assert.deepEqual(await store.readRecord(), toRecord(w.state));
    assert.equal((await stat(store.recordFile)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), ['director-state.json']);
  } finally {
    await done();
  }
});

test('a damaged record is DIRECTOR_RECORD_DAMAGED, naming the file and what to do', async () => {
  const { dir, done } = await tmp();
  try {
    const store = new DirectorStore(dir);
    await writeFile(store.recordFile, '{ not json');
    await assert.rejects(store.readRecord(), (e: unknown) => {
      assert.ok(e instanceof DirectorOpError);
      assert.equal(e.code, 'DIRECTOR_RECORD_DAMAGED');
      assert.match(e.message, /director-state\.json.*move it away/);
      return true;
    });
    await writeFile(store.recordFile, '{"format": 7}');
    await assert.rejects(
      store.readRecord(),
      (e: unknown) => e instanceof DirectorOpError && e.code === 'DIRECTOR_RECORD_DAMAGED',
    );
  } finally {
    await done();
  }
});

test('the audit log only grows, one JSON line per entry, in order', async () => {
  const { dir, done } = await tmp();
  try {
    const store = new DirectorStore(dir);
    const entry = (n: number) => ({
      action: 'load' as const,
      sourceHash: `h${n}`,
      group: 'foo',
      version: `${n}`,
      keyId: 'k',
      time: new Date(n).toISOString(),
      by: 'test',
    });
    await Promise.all([1, 2, 3].map((n) => store.appendAudit(entry(n))));
    await store.appendAudit(entry(4));
    const lines = (await readFile(store.auditFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { sourceHash: string });
    assert.deepEqual(
      lines.map((l) => l.sourceHash),
      ['h1', 'h2', 'h3', 'h4'],
    );
  } finally {
    await done();
  }
});
