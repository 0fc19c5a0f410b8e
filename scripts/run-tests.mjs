// Runs every compiled test with node's test runner. Node 20 cannot expand a quoted glob,
// so the files are listed here. `npm test -- PATTERN` narrows the run to matching paths.
import fg from 'fast-glob';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const files = (await fg('out/test/**/*.test.js', { cwd: root }))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-timeout=120000', '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
