// Director commands that never start a daemon say so when none runs: DIRECTOR_NO_DAEMON, exit 26.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { runDirector } from '../cli/support';
import { tempDirectorDir } from '../support/director-dir';

for (const args of [['list'], ['unload', 'ab'.repeat(32)]]) {
  test(`director ${args[0]} with no daemon is DIRECTOR_NO_DAEMON (exit 26) and starts none`, async (t) => {
    const d = await tempDirectorDir(t);
    const before = readdirSync(d.dir).sort();
    const r = await runDirector(args, { THESPIAN_DIRECTOR_DIR: d.dir });
    assert.equal(r.code, 26, r.stderr);
    assert.match(r.stderr, /no daemon is running for .* start one with "director start" \[DIRECTOR_NO_DAEMON\]/);
    assert.deepEqual(readdirSync(d.dir).sort(), before, 'no daemon was started (no private folder)');
  });
}
