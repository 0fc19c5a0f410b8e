// Live loading's cycle (extension/src/live/live-cycle.ts) and dev key against a real daemon, the
// package's typed toolchain API (gensrc(), load(), unload(), as the extension calls them) and the
// example app: a save builds a new clock version with the dev key, loads it and unloads the one it
// replaces, and the new version answers; a syntax error stops at the build with esbuild's
// file:line:column as data and loads nothing. The daemon's log tap streams the actor's records to a `log/` subscriber.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as api from '../../cli/src/index';
import { DirectorControl } from '../../cli/src/director-control';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import type { AdminClient } from '../../runtime/src/client/admin-client';
import type { LogRecordEvent } from '../../runtime/src/protocol/admin-protocol';
import { bindTools, devVersion, runCycle, type CycleTools, type LiveTarget } from '../../extension/src/live/live-cycle';
import { devKeyPath, ensureDevKey } from '../../extension/src/live/dev-key';
import { waitFor } from '../daemon/helpers';
import { exampleWorld, type CommandRun } from './example-world';

interface World {
  readonly ws: string;
  readonly dir: string;
  readonly storage: string;
  readonly tools: CycleTools;
  runIn(cwd: string, args: readonly string[]): Promise<CommandRun>;
}

async function world(t: TestContext): Promise<World> {
  const { root, ws, dir, runIn } = await exampleWorld(t, 'el-live-');
  const storage = path.join(root, 'user-storage');
  return {
    ws,
    dir,
    storage,
    tools: bindTools(api, { directorDir: dir, env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir }, cwd: ws }),
    runIn,
  };
}

async function askMainFoo(dir: string, client: AdminClient): Promise<unknown> {
  const dc = new DirectorControl({
    directorDir: dir,
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
    out: { write: () => undefined },
    err: { write: () => undefined },
  });
  const role = await dc.get_role_address('MainFoo', { group: 'foo', silent: true });
  assert.ok(role !== null, 'MainFoo has an address');
  return (await client.ask(role.ActorAddress, 'status', 5_000)).reply;
}

test('devVersion is the UTC clock to the millisecond, digits only', () => {
  assert.equal(devVersion(new Date(Date.UTC(2026, 11, 7, 21, 5, 9, 42))), '20261207210509042');
});

test(
  'save → build with the dev key → load → previous dev version unloaded; a syntax error loads nothing',
  { timeout: 180_000 },
  async (t) => {
    const w = await world(t);
    // The dev key: made once in the user's storage (outside the workspace), mode 0600, its public half in the director dir.
    const keyFile = await ensureDevKey(w.storage, w.dir, (cwd, name) => w.runIn(cwd, ['keygen', name]));
    assert.equal(keyFile, devKeyPath(w.storage));
    assert.ok(!path.relative(w.ws, keyFile).match(/^[^.]/), 'the dev key is not inside the workspace');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.ok(existsSync(path.join(w.dir, 'vscode-dev_tls.key')));
    // A second call reuses it; a director dir without the public key gets it derived.
    rmSync(path.join(w.dir, 'vscode-dev_tls.key'));
    assert.equal(
      await ensureDevKey(w.storage, w.dir, () => Promise.reject(new Error('must not run keygen again'))),
      keyFile,
    );
    assert.match(readFileSync(path.join(w.dir, 'vscode-dev_tls.key'), 'utf8'), /BEGIN PUBLIC KEY/);

    const target: LiveTarget = {
      group: 'foo',
      sourcesDir: w.ws,
      keyFile,
      tliFile: path.join(w.ws, 'foo.tli'),
      depsFile: path.join(w.ws, 'deppkgs.txt'),
      patterns: ['foo/**/*.ts'],
    };
    const first = await runCycle(w.tools, target, [], new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 1)));
    assert.equal(first.ok, true, `${first.code} ${first.message}`);
    assert.equal(first.version, '20260101000000001');
    assert.ok(first.hash !== undefined && existsSync(first.file ?? ''));

    const client = await connectDaemon({ directorDir: w.dir, clientName: 'el-test' });
    t.after(() => client.close());
    const records: LogRecordEvent[] = [];
    client.onEvent((e) => {
      if (e.kind === 'log/record') records.push(e.data as LogRecordEvent);
    });
    await client.subscribe(['log/']);
    assert.deepEqual(await askMainFoo(w.dir, client), (await askMainFoo(w.dir, client)) as object);

    // The save: the actor answers differently.
    const src = path.join(w.ws, 'foo', 'fooactor.ts');
    const original = readFileSync(src, 'utf8');
    writeFileSync(
      src,
      original.replace('{ foo: describeState(this.state) }', "{ foo: describeState(this.state), live: 'second' }"),
    );
    const second = await runCycle(w.tools, target, [first.hash ?? ''], new Date(Date.UTC(2026, 0, 1, 0, 0, 1, 0)));
    assert.equal(second.ok, true, `${second.code} ${second.message}`);
    assert.deepEqual(second.unloaded, [first.hash]);
    const reply = (await askMainFoo(w.dir, client)) as { live?: string };
    assert.equal(reply.live, 'second');
    const hashes = async (): Promise<string[]> =>
      (await api.list({ directorDir: w.dir, group: 'foo' })).groups.flatMap((g) => g.sources.map((x) => x.hash));
    assert.ok(!(await hashes()).includes(first.hash ?? 'x'), 'the first dev version is unloaded');
    assert.ok((await hashes()).includes(second.hash ?? 'x'));
    // The actor's own record (FooActor logs "started: ..." on its OnLoad message) came over the admin link.
    await waitFor(
      () =>
        records.some((r) => r.text.startsWith('started: StartFoo') && r.address !== undefined && r.level === 'info'),
      10_000,
      'the FooActor record',
    );

    // A syntax error: esbuild's file:line:column, and nothing loads.
    const lines = original.split('\n');
    const badLine = lines.findIndex((l) => l.includes('this.logger.info(`started'));
    lines[badLine] = '      this.logger.info(`started: ${message}`;;; )';
    writeFileSync(src, lines.join('\n'));
    const third = await runCycle(w.tools, target, [second.hash ?? ''], new Date(Date.UTC(2026, 0, 1, 0, 0, 2, 0)));
    assert.equal(third.ok, false);
    assert.equal(third.failedAt, 'build');
    assert.equal(third.code, 'SOURCE_SYNTAX');
    const p = third.problems.find((x) => x.file === src);
    assert.ok(p !== undefined, `a problem in fooactor.ts, by its absolute path: ${JSON.stringify(third)}`);
    assert.equal(p.line, badLine + 1);
    assert.equal(p.code, 'SOURCE_SYNTAX');
    assert.ok(p.column > 1 && p.message !== '', "a column and esbuild's message");
    assert.ok(!existsSync(path.join(w.dir, `foo-${third.version}.tls`)), 'no package was written');
    assert.ok((await hashes()).includes(second.hash ?? 'x'), 'the second version stays loaded');
    assert.equal(((await askMainFoo(w.dir, client)) as { live?: string }).live, 'second');

    // A load that fails (the dev key's public half is gone from the director dir): the cycle says
    // so with the load's error code, and the running version stays.
    writeFileSync(src, original);
    rmSync(path.join(w.dir, 'vscode-dev_tls.key'));
    const fourth = await runCycle(w.tools, target, [second.hash ?? ''], new Date(Date.UTC(2026, 0, 1, 0, 0, 3, 0)));
    assert.equal(fourth.ok, false);
    assert.equal(fourth.failedAt, 'load');
    assert.equal(fourth.code, 'DIRECTOR_SOURCE_REJECTED', `${fourth.code}: ${fourth.message}`);
    assert.match(fourth.message ?? '', /\[TLS_NO_KEYS\]/, 'the cause is in the message');
    assert.equal(((await askMainFoo(w.dir, client)) as { live?: string }).live, 'second');
  },
);
