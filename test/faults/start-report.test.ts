// `director start` runs the start rule's refresh inside the daemon (docs/durability.md); the
// daemon hands its outcome back (.daemon/start-report.json, tagged with its pid), so `start`
// prints what it loaded and fails when a load at start failed, as a `refresh` would.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startCommand } from '../../runtime/src/daemon/start-command';
import { readStartReport } from '../../runtime/src/daemon/start-report';
import { tempDirectorDir } from '../support/director-dir';
import { ctxOf, faultEnv, pkg, run, shape } from './fault-env';

async function start(e: Awaited<ReturnType<typeof faultEnv>>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx = {
    ...ctxOf(e),
    out: { write: (x: string) => void (out += x) },
    err: { write: (x: string) => void (err += x) },
  };
  const code = await startCommand().run(ctx, []);
  return { code, out, err };
}

test('faults: start prints what its start rule loaded, and a second start says nothing changed', async (t) => {
  const e = await faultEnv(t);
  await pkg(e, '1.1');
  const first = await start(e);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /Loaded "foo" \S*foo-1\.1\.tls: [0-9a-f]{32}/);
  assert.deepEqual((await shape(e)).versions, ['1.1']);
  const again = await start(e);
  assert.equal(again.code, 0);
  assert.match(again.out, /already runs .*nothing changed/);
  assert.doesNotMatch(again.out, /Loaded "foo"/, 'a report of an earlier start is not printed again');
});

test('faults: a load that fails at start makes start fail with its message; the daemon keeps running', async (t) => {
  const e = await faultEnv(t);
  await pkg(e, '1.1');
  // The TLI names an actor the package does not have: the load of foo 1.1 fails at start.
  writeFileSync(
    path.join(e.dir, 'foo.tli'),
    `{ Actors: { 'foo.nosuch.Ghost': { OnLoad: { Role: 'Ghost', Message: 'hi' } } } }\n`,
  );
  const r = await start(e);
  assert.notEqual(r.code, 0, `${r.out}${r.err}`);
  assert.match(`${r.out}${r.err}`, /foo/);
  assert.match(r.err, /\S/, 'the failure is on standard error');
  const list = await run(e, 'list');
  assert.equal(list.code, 0, 'the daemon still answers');
});

test('faults: a start report that is not well-formed is no report: nothing from it reaches start, start() or an exit code', async (t) => {
  const { dir } = await tempDirectorDir(t);
  const file = path.join(dir, 'start-report.json');
  const pid = 4242;
  const good = {
    pid,
    action: 'refresh',
    code: 1,
    out: ['Loaded "foo" /d/foo-1.tls: 0123'],
    err: ['director: refresh of group "bar": no [DIRECTOR_SOURCE_REJECTED]'],
    groups: [
      { group: 'bar', outcome: 'failed', error: { code: 'DIRECTOR_SOURCE_REJECTED', message: 'no', exitCode: 1 } },
      { group: 'foo', outcome: 'loaded', version: '1', hash: '0123', path: '/d/foo-1.tls' },
    ],
    skipped: [{ file: '/d/x-1.tls', signedName: 'y-1.tls' }],
  };
  writeFileSync(file, JSON.stringify(good));
  assert.deepEqual(await readStartReport(file, pid), good, 'a well-formed report is read');
  assert.equal(await readStartReport(file, pid + 1), undefined, "another daemon's report is not this one's");
  const bad: [string, unknown][] = [
    // process.exitCode = 0.5 throws (the CLI would end with a stack trace); 256 exits 0, a success.
    ['a fractional code', { ...good, code: 0.5 }],
    ['a code no exit status can carry', { ...good, code: 256 }],
    ['a negative code', { ...good, code: -1 }],
    ['an unknown start rule', { ...good, action: 'reboot' }],
    ['a group that is null', { ...good, groups: [null] }],
    ['a failed group without its error', { ...good, groups: [{ group: 'bar', outcome: 'failed' }] }],
    [
      'a failed group whose error has no code',
      { ...good, groups: [{ group: 'bar', outcome: 'failed', error: { message: 'no', exitCode: 1 } }] },
    ],
    ['a loaded group without its hash', { ...good, groups: [{ group: 'foo', outcome: 'loaded', path: '/d/f' }] }],
    ['an unknown outcome', { ...good, groups: [{ group: 'foo', outcome: 'exploded' }] }],
    ['a skipped package that is a number', { ...good, skipped: [42] }],
    ['a refresh error that is a string', { ...good, refreshError: 'it broke' }],
    ['a refresh error whose code is a number', { ...good, refreshError: { message: 'it broke', code: 7 } }],
    ['an array', [good]],
    ['null', null],
  ];
  for (const [what, report] of bad) {
    writeFileSync(file, JSON.stringify(report));
    assert.equal(await readStartReport(file, pid), undefined, what);
  }
  // Cut short, as a write that was not atomic would leave it.
  writeFileSync(file, JSON.stringify(good).slice(0, 40));
  assert.equal(await readStartReport(file, pid), undefined, 'half a report');
});

test('faults: a FIFO or a huge file in place of the start report is no report, read without waiting', async (t) => {
  const { dir } = await tempDirectorDir(t);
  const file = path.join(dir, 'start-report.json');
  // A FIFO opened for reading waits for a writer: `director start` would wait for good.
  execFileSync('mkfifo', [file]);
  const late = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 3_000).unref());
  assert.equal(await Promise.race([readStartReport(file, 4242), late]), undefined, 'a FIFO');
  rmSync(file);
  writeFileSync(file, `{"pid":4242,"out":["${'x'.repeat(70 << 20)}"]}`);
  assert.equal(await readStartReport(file, 4242), undefined, 'a report far larger than any start writes');
});
