import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

test('200 load/unload cycles grow RSS (after GC; floor of the second half against the first) by less than 5 %', async (t) => {
  const child = path.join(__dirname, 'rss-cycles.child.js');
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', child, '30', '200'], { timeout: 110_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  const r = JSON.parse(out) as { before: number; after: number; cycles: number; msPerCycle: number };
  const growth = (r.after - r.before) / r.before;
  t.diagnostic(
    `RSS ${(r.before / 2 ** 20).toFixed(1)} MiB → ${(r.after / 2 ** 20).toFixed(1)} MiB (${(growth * 100).toFixed(2)} %), ${r.msPerCycle.toFixed(1)} ms per cycle`,
  );
  assert.equal(r.cycles, 200);
  assert.ok(growth < 0.05, `RSS grew ${(growth * 100).toFixed(2)} % (${r.before} → ${r.after} bytes)`);
});
