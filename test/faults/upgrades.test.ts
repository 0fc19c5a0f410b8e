// Roles never blink and nothing is lost during upgrades: a real daemon upgraded again and again
// while role lookups, asks and tells run in tight loops. 200 cycles run in
// bench/durability.bench.mjs; here a smaller count keeps the suite short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upgradeEnv, upgradesUnderLoad } from './upgrade-load';

const CYCLES = Number(process.env['THESPIAN_UPGRADE_CYCLES'] ?? 30);

test(
  `faults: ${CYCLES} upgrades under continuous role lookups, asks and tells — no failed lookup, nothing lost or duplicated, resources flat`,
  { timeout: 240_000 },
  async (t) => {
    const e = await upgradeEnv(t);
    const r = await upgradesUnderLoad(e, CYCLES);
    t.diagnostic(JSON.stringify(r));
    assert.ok(r.lookups > CYCLES * 5, `lookups ran throughout (${r.lookups})`);
    assert.equal(r.failedLookups, 0, 'no role lookup failed during the upgrades');
    assert.ok(r.asks > 0 && r.tells > 0);
    assert.equal(r.lostAsks, 0, 'every ask got its own reply');
    assert.equal(r.lostTells, 0, 'every tell was answered');
    assert.equal(r.duplicatedTells, 0, 'no tell was answered twice');
    // Flat: AutoUnload 2 keeps two versions, whatever the number of upgrades.
    assert.ok(r.end.fds <= r.warm.fds + 8, `fds flat: ${r.warm.fds} → ${r.end.fds}`);
    assert.ok(r.end.threads <= r.warm.threads + 4, `threads flat: ${r.warm.threads} → ${r.end.threads}`);
    assert.ok(r.end.rssKiB <= r.warm.rssKiB * 1.5 + 32 * 1024, `RSS flat: ${r.warm.rssKiB} → ${r.end.rssKiB} KiB`);
  },
);
