// Logging benchmarks (contract in bench/run.mjs): records per second through the built-in
// default config (two rotating files, file:line captured) and through a config without caller
// fields, both including the final flush; and the cost of a call below the level.
// Runs against the tsc output (out/), which `npm run bench` builds first.
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { createLogging } = require(path.join(root, 'out/runtime/src/logging/create-logging.js'));
const { DEFAULT_THESPLOG } = require(path.join(root, 'out/runtime/src/config/default-thesplog.js'));
const { validateThesplog } = require(path.join(root, 'out/config-lang/src/thesplog-schema.js'));

const PLAIN = validateThesplog(`{ version: 1,
  formatters: { f: { format: '%(asctime)s %(levelname)-7s %(actorAddress)s %(message)s' } },
  filters: { a: { '()': 'thespian.director.ActorAddressLogFilter' } },
  handlers: { h: { class: 'RotatingFileHandler', filename: 'plain.log', maxBytes: 5000000, backupCount: 3, formatter: 'f', filters: ['a'] } },
  root: { level: 'INFO', handlers: ['h'] } }`).value;

async function rate(config, dir, n, level) {
  const logging = createLogging(config, dir);
  const log = logging.getLogger('bench', 'ActorAddr-(127.0.0.1:1900|a1)');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) log[level]('message %d of the benchmark', i);
  await logging.close();
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** The floor for a dropped call: a method that returns at once, called the same way. */
function emptyCallRate(n) {
  const noop = { debug(_m, ..._a) {} };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) noop.debug('message %d of the benchmark', i);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export default async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logging-bench-'));
  try {
    // Median of 5 rounds; the dropped-call rounds alternate with the empty-call baseline.
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rounds = async (f) => {
      const runs = [];
      for (let i = 0; i < 5; i++) runs.push(await f());
      return median(runs);
    };
    const dropped = [];
    const empty = [];
    for (let i = 0; i < 5; i++) {
      dropped.push(await rate(PLAIN, dir, 1_000_000, 'debug'));
      empty.push(emptyCallRate(1_000_000));
    }
    return [
      {
        area: 'logging',
        name: 'info records, default config (2 rotating files, file:line)',
        value: await rounds(() => rate(DEFAULT_THESPLOG, dir, 50_000, 'info')),
        unit: '/s',
        target: '>= 100000 /s',
        note: 'median of 5 runs of 50,000, final flush included',
      },
      {
        area: 'logging',
        name: 'info records, one rotating file, no caller fields',
        value: await rounds(() => rate(PLAIN, dir, 50_000, 'info')),
        unit: '/s',
        note: 'median of 5 runs of 50,000',
      },
      {
        area: 'logging',
        name: 'debug calls below the level (dropped)',
        value: median(dropped),
        unit: '/s',
        baseline: { name: 'empty method, same arguments', value: median(empty), unit: '/s' },
        note: 'median of 5 rounds of 1,000,000 alternating with the baseline',
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
