// Helpers of bench/run.mjs kept apart so that they can be tested without running a benchmark
// (CommonJS, so that the compiled tests can require it):
// judging a row against its target, its same-run ratio, and comparing two runs row by row.

/** 'met', 'MISSED' or '' (no numeric target) for a value against target text such as '>= 15000 /s'. */
function judge(value, target) {
  const m = /^(<=|>=|<|>)\s*([\d.,_]+)/.exec(target ?? '');
  if (!m || typeof value !== 'number') return '';
  const t = Number(m[2].replace(/[,_]/g, ''));
  const ok = m[1] === '<=' ? value <= t : m[1] === '>=' ? value >= t : m[1] === '<' ? value < t : value > t;
  return ok ? 'met' : 'MISSED';
}

/**
 * The row's own `ratio` when it measured one (e.g. the median of per-pair ratios of alternating
 * runs), else value / baseline of the same run; undefined when the row has no numeric baseline.
 */
function ratioOf(r) {
  if (typeof r.ratio === 'number') return r.ratio;
  return r.baseline && typeof r.value === 'number' && typeof r.baseline.value === 'number' && r.baseline.value !== 0
    ? r.value / r.baseline.value
    : undefined;
}

/** Rates (unit ending in '/s') are better higher; times, sizes and ratios of times better lower. */
function higherIsBetter(unit) {
  return /\/s$/.test(unit ?? '');
}

/**
 * One line per row of `after` that `before` also has (same area and name): the change of the raw
 * value, and the same-run ratios side by side. The ratio is what to trust on a noisy machine: the
 * raw value moves with the machine's load, the ratio to a baseline of the same run much less.
 */
function compareRows(before, after) {
  const key = (r) => `${r.area}\u0000${r.name}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const out = [];
  for (const r of after) {
    const b = old.get(key(r));
    if (!b || typeof b.value !== 'number' || typeof r.value !== 'number') continue;
    const pct = b.value === 0 ? 0 : ((r.value - b.value) / b.value) * 100;
    const better = higherIsBetter(r.unit) ? pct > 0 : pct < 0;
    const word = Math.abs(pct) < 0.5 ? 'same' : better ? 'better' : 'WORSE';
    const rb = ratioOf(b);
    const ra = ratioOf(r);
    out.push({
      area: r.area,
      name: r.name,
      before: b.value,
      after: r.value,
      change: `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}% ${word}`,
      ratioBefore: rb === undefined ? undefined : rb.toFixed(3),
      ratioAfter: ra === undefined ? undefined : ra.toFixed(3),
    });
  }
  return out;
}

module.exports = { judge, ratioOf, compareRows };
