// Runs the compiled tests with node's test runner. Node 20 cannot expand a quoted glob, so the
// files are listed here. `npm test -- PATTERN` narrows the run to matching paths.
//
// A first argument --unit, --live or --e2e picks one of three disjoint suites (no flag: all):
//   e2e:  the VS Code extension driven in code-server (test/e2e/);
//   live: tests that start real daemon processes (or network namespaces) — the lists below;
//   unit: everything else, in-process (worker threads, temp files and short-lived CLI processes
//         at most), quick enough to run on every save.
// A new test that starts a daemon belongs in LIVE; a folder listed there is live as a whole.
import fg from 'fast-glob';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = ['test/e2e/'];
const LIVE = [
  'test/boot/foreground-daemon.',
  'test/convention/actor-placement.',
  'test/convention/convention-status.',
  'test/convention/membership.',
  'test/convention/protocol-refusals.',
  'test/convention/netns.',
  'test/convention/placement.',
  'test/convention/registrations.',
  'test/convention/system-name.',
  'test/convention/tls.',
  'test/daemon/actor-system.',
  'test/daemon/admin-auth.',
  'test/daemon/admin-frames.',
  'test/daemon/admin-requests.',
  'test/daemon/daemon-lifecycle.',
  'test/daemon/start-refusals.',
  'test/director/no-package.',
  'test/daemon/load-file.',
  'test/daemon/memory-release.',
  'test/daemon/signed-sources.',
  'test/deploy/',
  'test/director/commands.',
  'test/director/primed-load.',
  'test/extension/debug-inspector.',
  'test/faults/',
  'test/fleet/rollout.',
  'test/metrics/',
  'test/parity/',
  'test/security/',
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const suites = { '--unit': 'unit', '--live': 'live', '--e2e': 'e2e' };
const suite = suites[args[0]];
const filters = suite === undefined ? args : args.slice(1);
const inList = (list, f) => list.some((p) => f.includes(p));
const suiteOf = (f) => (inList(E2E, f) ? 'e2e' : inList(LIVE, f) ? 'live' : 'unit');
const files = (await fg('out/test/**/*.test.js', { cwd: root }))
  .filter((f) => suite === undefined || suiteOf(f) === suite)
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
