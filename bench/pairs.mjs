// Whole-process timings in alternating pairs (A, then the baseline B, then A...), as farm-bench
// does: both see the same machine load, and the per-pair ratio stays meaningful while the speed
// of a shared machine drifts. Reports medians of A and B and the median of the pair ratios.
import { spawnSync } from 'node:child_process';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function wallMs(cmd, args, options) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** `a` and `b` are [command, args, options]; `before()` runs untimed before each run of `a`. */
export function pairs(a, b, runs, before = () => undefined) {
  wallMs(...b);
  before();
  wallMs(...a); // warm-up: page cache, compile caches
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    before();
    const x = wallMs(...a);
    const y = wallMs(...b);
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios), aMin: Math.min(...as), bMin: Math.min(...bs) };
}
