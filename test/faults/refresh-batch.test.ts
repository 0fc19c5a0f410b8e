// A refresh of many groups is one change of the Director: its record is written once for all of
// them (before any of their actors start and before the reply), and a kill -9 at any moment of it
// leaves every group at the version it had before or every group at the new one, never a mix,
// with every actor of what is loaded running again after the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { RECORD_FILE } from '../../runtime/src/director/director-store';
import type { FaultEnv } from './fault-env';
import { faultEnv, kill9, pkg, run, startAgain, tli, waitFor } from './fault-env';

const GROUPS = Array.from({ length: 8 }, (_, i) => `g${i}`);

interface ListJson {
  groups: { name: string; sources: { version: string; active: boolean; actors: { status: string }[] }[] }[];
}

async function groupsEnv(t: Parameters<typeof faultEnv>[0]): Promise<FaultEnv> {
  const e = await faultEnv(t);
  // Only the 8 groups (foo has no package here).
  await rm(path.join(e.dir, 'foo.tli'));
  for (const g of GROUPS) await writeFile(path.join(e.dir, `${g}.tli`), tli('AutoUnload: true,'));
  return e;
}

async function sealAll(e: FaultEnv, version: string): Promise<void> {
  for (const g of GROUPS) await pkg(e, version, g);
}

/** Each group's loaded versions and active one, and every actor status. */
async function state(
  e: FaultEnv,
): Promise<{ loaded: Map<string, { versions: string[]; active: string | null }>; statuses: string[] }> {
  const r = await run(e, 'list', '--json');
  assert.equal(r.code, 0, r.err);
  const loaded = new Map<string, { versions: string[]; active: string | null }>();
  const statuses: string[] = [];
  for (const g of (JSON.parse(r.out) as ListJson).groups) {
    if (!GROUPS.includes(g.name)) continue;
    loaded.set(g.name, {
      versions: g.sources.map((s) => s.version),
      active: g.sources.find((s) => s.active)?.version ?? null,
    });
    statuses.push(...g.sources.flatMap((s) => s.actors.map((a) => a.status)));
  }
  return { loaded, statuses };
}

test('faults: a refresh of 8 groups writes the Director record once (a load writes it again)', async (t) => {
  const e = await groupsEnv(t);
  await sealAll(e, '1');
  await startAgain(e);
  const folder = privatePaths(e.dir).director;
  let writes = 0;
  // Every write ends in a rename onto the record (util/atomic-write.ts): one event each.
  const watcher = watch(folder, (kind, name) => {
    if (kind === 'rename' && name === RECORD_FILE) writes++;
  });
  t.after(() => watcher.close());
  const r = await run(e, 'refresh');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.split('\n').filter((l) => l.startsWith('Loaded "g')).length, GROUPS.length, r.out);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(writes, 1, 'one record write for the whole refresh');
  // The counter sees writes: one more load writes the record again.
  await pkg(e, '2', 'g0');
  assert.equal((await run(e, 'load', 'g0-2.tls')).code, 0);
  await waitFor(() => writes >= 2, 5_000, 'the record write of the load');
  const s = await state(e);
  for (const g of GROUPS) assert.equal(s.loaded.get(g)?.active, g === 'g0' ? '2' : '1', g);
});

test(
  'faults: kill -9 during a refresh of 8 groups, then start: every group at the old version or every group at the new one, actors running',
  { timeout: 240_000 },
  async (t) => {
    const e = await groupsEnv(t);
    const KILLS = 5;
    let previous: string | null = null;
    let cut = 0;
    for (let round = 1; round <= KILLS; round++) {
      const version = String(round);
      await sealAll(e, version);
      await startAgain(e);
      const refresh = run(e, 'refresh');
      // The kill lands anywhere from before the request reaches the daemon to after its reply.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 400)));
      await kill9(e);
      const r = await refresh;
      await startAgain(e);
      const s = await state(e);
      const actives = new Set(GROUPS.map((g) => s.loaded.get(g)?.active ?? null));
      assert.equal(actives.size, 1, `all groups at one version, not ${JSON.stringify([...s.loaded])}`);
      const active = [...actives][0];
      assert.ok(
        active === previous || active === version,
        `active ${String(active)}, expected ${String(previous)} or ${version}`,
      );
      if (r.code === 0) assert.equal(active, version, 'an acknowledged refresh survives the kill');
      if (active !== version) cut++;
      await waitFor(
        async () => (await state(e)).statuses.every((x) => x === 'running'),
        15_000,
        'every restored actor running',
      );
      // Finish what the kill cut short, for the next round.
      assert.equal((await run(e, 'refresh')).code, 0);
      previous = version;
    }
    t.diagnostic(`${cut} of ${KILLS} refreshes were cut before their record write`);
  },
);
