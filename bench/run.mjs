// `npm run bench`: runs every bench/*.bench.mjs and prints one table with the machine.
// Contract: a bench file default-exports `async () => Row[]`, where a row is
//   { area, name, value, unit, target?: string, baseline?: { name, value, unit }, note? }
// `target` is text such as '<= 250 ms' or '>= 15000 /s'; met/missed is judged from it.
// A row may give its own `ratio` (the median of per-pair ratios); else ratio = value/baseline.
// `ratioTarget` (e.g. '>= 0.85', '<= 3') is judged on value/baseline of the same run instead:
// on a shared, noisy machine a ratio to a baseline measured alongside is the figure to trust.
// A baseline is a raw figure from the same run (a bare ws echo, a bare postMessage...); the
// table prints value/baseline beside it. Benchmarks never fail the build: they report.
//
// Files are discovered (bench/*.bench.mjs), so a new bench file needs no edit here.
//   npm run bench                      every file
//   npm run bench -- admin gensrc      only files whose name, or rows whose area or name, contains a word
//                                      (a file is run when its name matches, or when no file name
//                                      matches any word: then every file runs and rows are filtered)
//   npm run bench -- --compare FILE    also prints each row's change against an earlier results file
//   npm run bench -- --out FILE        writes the JSON there instead of bench/results/latest.json
// A bench file's default export is called with { rowWords } (the words that named no file), so a
// file may skip the work of rows the filter would drop (`node bench/run.mjs admin rss`: only the
// daemon's memory rows).
// The results are also written as JSON (bench/results/latest.json, ignored by git) with the
// machine, the date and every row including its same-run baseline, so a later run can compare.
import fg from 'fast-glob';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { compareRows, judge, ratioOf } from './results.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const words = [];
  let compare;
  let out = path.join(root, 'bench/results/latest.json');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--compare' || argv[i] === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a file`);
      if (argv[i - 1] === '--compare') compare = v;
      else out = path.resolve(v);
    } else words.push(argv[i]);
  }
  return { words, compare, out };
}

const { words, compare, out } = parseArgs(process.argv.slice(2));
const earlier = compare ? JSON.parse(readFileSync(path.resolve(compare), 'utf8')) : undefined;

const allFiles = (await fg('bench/*.bench.mjs', { cwd: root })).sort();
const lc = words.map((w) => w.toLowerCase());
const fileHits = allFiles.filter((f) => lc.some((w) => path.basename(f).toLowerCase().includes(w)));
const files = lc.length === 0 ? allFiles : fileHits.length > 0 ? fileHits : allFiles;
// Rows are filtered only by words that named no file (a file word selects the whole file).
const rowWords = lc.filter((w) => !allFiles.some((f) => path.basename(f).toLowerCase().includes(w)));
const keepRow = (r) => rowWords.length === 0 || rowWords.some((w) => `${r.area} ${r.name}`.toLowerCase().includes(w));

const fmt = (v) =>
  typeof v !== 'number' ? String(v) : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2);
const machine = `${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${os.release()}, node ${process.version}`;
const date = new Date().toISOString();
console.log(`machine: ${machine}`);
console.log(`date: ${date}`);
console.log(`files: ${files.map((f) => path.basename(f)).join(', ')}`);
const all = [];
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(root, f)).href);
  try {
    const rows = await mod.default({ rowWords });
    all.push(...rows.filter(keepRow));
  } catch (e) {
    all.push({ area: path.basename(f), name: 'FAILED', value: String(e?.stack ?? e), unit: '' });
  }
}
console.log('');
console.log(
  ['area', 'benchmark', 'value', 'unit', 'target', 'verdict', 'baseline', 'ratio', 'ratio target', 'verdict'].join(
    ' | ',
  ),
);
for (const r of all) {
  const ratio = ratioOf(r);
  const base = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}` : '';
  const cells = [
    r.area,
    r.name,
    fmt(r.value),
    r.unit,
    r.target ?? '',
    judge(r.value, r.target),
    base,
    ratio === undefined ? '' : ratio.toFixed(3),
    r.ratioTarget ?? '',
    judge(ratio, r.ratioTarget),
  ];
  console.log(cells.join(' | ') + (r.note ? `  (${r.note})` : ''));
}

mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      machine,
      date,
      rows: all.map((r) => ({
        ...r,
        ratio: ratioOf(r),
        verdict: judge(r.value, r.target),
        ratioVerdict: judge(ratioOf(r), r.ratioTarget),
      })),
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nresults: ${path.relative(process.cwd(), out)}`);

if (earlier) {
  console.log(
    `\ncompared with ${compare} (${earlier.date ?? '?'}): value change, and ratio change where the row has a same-run baseline`,
  );
  console.log(['area', 'benchmark', 'before', 'after', 'change', 'ratio before', 'ratio after'].join(' | '));
  for (const c of compareRows(earlier.rows ?? [], all)) {
    console.log(
      [c.area, c.name, fmt(c.before), fmt(c.after), c.change, c.ratioBefore ?? '', c.ratioAfter ?? ''].join(' | '),
    );
  }
}
