// CLI start (issue 14): `director help` as a whole process against `node -e 0`, in alternating
// pairs (bench/pairs.mjs); the ratio is the median of the pair ratios. Needs `npm run build`.
// The untimed first run writes the bin's code cache (cli/src/code-cache.ts); the timed runs use it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAIRS_NOTE, pairs } from './pairs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 15;

export default async function () {
  const node = [process.execPath, ['-e', '0'], {}];
  const help = pairs([process.execPath, [path.join(root, 'dist/director.js'), 'help'], {}], node, RUNS);
  return [
    {
      area: 'cli',
      name: 'director help, whole process',
      value: help.a,
      unit: 'ms',
      baseline: { name: 'node -e 0', value: help.b, unit: 'ms' },
      ratio: help.ratio,
      ratioTarget: '<= 1.3',
      note: `${help.rounds} ${PAIRS_NOTE}; fastest ${help.aMin.toFixed(0)} vs ${help.bMin.toFixed(0)} ms`,
    },
  ];
}
