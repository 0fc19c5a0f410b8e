// `npm run bench`: runs every bench/*.bench.mjs and prints one table with the machine.
// Contract: a bench file default-exports `async () => Row[]`, where a row is
//   { area, name, value, unit, target?: string, baseline?: { name, value, unit }, note? }
// `target` is text such as '<= 250 ms' or '>= 15000 /s'; met/missed is judged from it.
// A baseline is a raw figure from the same run (a bare ws echo, a bare postMessage...); the
// table prints value/baseline beside it. Benchmarks never fail the build: they report.
import fg from 'fast-glob';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = (await fg('bench/*.bench.mjs', { cwd: root })).sort().filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

function judge(value, target) {
  const m = /^(<=|>=|<|>)\s*([\d.,_]+)/.exec(target ?? '');
  if (!m) return '';
  const t = Number(m[2].replace(/[,_]/g, ''));
  const ok = m[1] === '<=' ? value <= t : m[1] === '>=' ? value >= t : m[1] === '<' ? value < t : value > t;
  return ok ? 'met' : 'MISSED';
}
const fmt = (v) => (typeof v !== 'number' ? String(v) : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));

console.log(`machine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${os.release()}, node ${process.version}`);
console.log(`date: ${new Date().toISOString()}`);
const all = [];
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(root, f)).href);
  try {
    const rows = await mod.default();
    all.push(...rows);
  } catch (e) {
    all.push({ area: path.basename(f), name: 'FAILED', value: String(e?.stack ?? e), unit: '' });
  }
}
console.log('');
console.log(['area', 'benchmark', 'value', 'unit', 'target', 'verdict', 'baseline', 'ratio'].join(' | '));
for (const r of all) {
  const ratio = r.baseline && typeof r.value === 'number' && r.baseline.value ? (r.value / r.baseline.value).toFixed(3) : '';
  const base = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}` : '';
  console.log([r.area, r.name, fmt(r.value), r.unit, r.target ?? '', judge(r.value, r.target), base, ratio].join(' | ') + (r.note ? `  (${r.note})` : ''));
}
