// The bench runner's judging and comparing (bench/results.cjs): targets on values and on
// same-run ratios, and a later run compared row by row with the direction of "better".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

interface Row {
  area: string;
  name: string;
  value: number | string;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  ratio?: number;
}
interface Compared {
  name: string;
  before: number;
  after: number;
  change: string;
  ratioBefore?: string;
  ratioAfter?: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bench helpers are plain CommonJS outside the TypeScript build
const results = require(path.join(__dirname, '..', '..', '..', 'bench', 'results.cjs')) as {
  judge(value: number | undefined, target: string | undefined): string;
  ratioOf(r: Row): number | undefined;
  compareRows(before: readonly Row[], after: readonly Row[]): Compared[];
};

test('targets are judged on the value, with their comparison', () => {
  assert.equal(results.judge(120, '<= 150 ms'), 'met');
  assert.equal(results.judge(151, '<= 150 ms'), 'MISSED');
  assert.equal(results.judge(100_000, '>= 100,000 /s'), 'met');
  assert.equal(results.judge(0.84, '>= 0.85'), 'MISSED');
  assert.equal(results.judge(0.9, '< 1 ms'), 'met');
  assert.equal(results.judge(5, undefined), '');
  assert.equal(results.judge(undefined, '>= 1'), '');
});

test("a row's ratio is its own when it measured one, else value over its same-run baseline", () => {
  const base = { name: 'node -e 0', value: 80, unit: 'ms' };
  assert.equal(results.ratioOf({ area: 'a', name: 'n', value: 100, unit: 'ms', baseline: base }), 1.25);
  assert.equal(results.ratioOf({ area: 'a', name: 'n', value: 100, unit: 'ms', baseline: base, ratio: 1.1 }), 1.1);
  assert.equal(results.ratioOf({ area: 'a', name: 'n', value: 100, unit: 'ms' }), undefined);
});

test('comparing runs: rates are better higher, times better lower; rows new or gone are left out', () => {
  const before: Row[] = [
    { area: 'logging', name: 'records', value: 12_000, unit: '/s' },
    { area: 'cli', name: 'help', value: 130, unit: 'ms', baseline: { name: 'node', value: 80, unit: 'ms' } },
    { area: 'old', name: 'gone', value: 1, unit: 'ms' },
  ];
  const after: Row[] = [
    { area: 'logging', name: 'records', value: 120_000, unit: '/s' },
    { area: 'cli', name: 'help', value: 150, unit: 'ms', baseline: { name: 'node', value: 120, unit: 'ms' } },
    { area: 'new', name: 'row', value: 1, unit: 'ms' },
  ];
  const c = results.compareRows(before, after);
  assert.deepEqual(
    c.map((x) => [x.name, x.change, x.ratioBefore, x.ratioAfter]),
    [
      ['records', '+900.0% better', undefined, undefined],
      ['help', '+15.4% WORSE', '1.625', '1.250'],
    ],
  );
});
