// Timings in alternating pairs, as farm-bench does: each round runs A and the baseline B, both
// see the same machine load, and the per-round ratio stays meaningful while the speed of a shared
// machine drifts. The side that runs first swaps every round (A B, B A, A B...): whatever runs
// second finds warmer caches and a calmer scheduler, and that position bias (about 0.3 on a
// whole `director load`) would otherwise land in every ratio on the same side.
// Reports the medians of A and B over the rounds and the median of the per-round ratios A/B.
import { spawnSync } from 'node:child_process';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** What a row's note says of how its figures were taken. */
export const PAIRS_NOTE =
  'alternating rounds (the side run first swaps each round); medians of the rounds, ratio = median of the per-round ratios';

function wallMs(cmd, args, options) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function summary(as, bs, ratios) {
  return {
    a: median(as),
    b: median(bs),
    ratio: median(ratios),
    aMin: Math.min(...as),
    bMin: Math.min(...bs),
    rounds: as.length,
    ratios,
  };
}

/**
 * `a` and `b` are [command, args, options], each run as a whole process; `before()` runs untimed
 * before each run of `a`. One untimed warm-up of each first (page cache, compile caches).
 */
export function pairs(a, b, runs, before = () => undefined) {
  wallMs(...b);
  before();
  wallMs(...a);
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    let x;
    let y;
    if (i % 2 === 0) {
      before();
      x = wallMs(...a);
      y = wallMs(...b);
    } else {
      y = wallMs(...b);
      before();
      x = wallMs(...a);
    }
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return summary(as, bs, ratios);
}

/**
 * The same with async sides: `runA(i)` and `runB(i)` resolve with a time in ms (e.g. a whole
 * `director` command against a running daemon); `before(i)` runs untimed before each `runA`.
 * No warm-up here: the caller warms up when the measured thing allows it.
 */
export async function pairsAsync(runA, runB, rounds, before = async () => undefined) {
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < rounds; i++) {
    let x;
    let y;
    if (i % 2 === 0) {
      await before(i);
      x = await runA(i);
      y = await runB(i);
    } else {
      y = await runB(i);
      await before(i);
      x = await runA(i);
    }
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return summary(as, bs, ratios);
}
