// `director start` runs the start rule's refresh inside the daemon (docs/durability.md); the
// daemon hands its outcome back (.daemon/start-report.json, tagged with its pid), so `start`
// prints what it loaded and fails when a load at start failed, as a `refresh` would.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startCommand } from '../../runtime/src/daemon/start-command';
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
