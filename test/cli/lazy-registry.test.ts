// The registry loads each area's commands module on first use (cli/src/lazy-command.ts); these
// tests prove the lazy specs are the real ones and that nothing loads before it is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandSpec } from '../../cli/framework/command';
import { lazyArea, lazyCommand } from '../../cli/src/lazy-command';
import { AREAS, allCommands } from '../../cli/src/registry';
import { Capture, runDirector, tempDir } from './support';

const spec = (name: string, ran: string[]): CommandSpec => ({
  name,
  usage: `${name} ARG`,
  summary: `The ${name} fixture.`,
  description: 'Test fixture.',
  run(_ctx, args) {
    ran.push(`${name} ${args.join(' ')}`);
    return Promise.resolve(3);
  },
});

test('every area name list matches its commands module, in order', () => {
  for (const area of AREAS) {
    const real = area.load().map((c) => c.name);
    assert.deepEqual(
      real,
      [...area.names],
      `${area.module} exports ${real.join(', ')}; update its names in cli/src/registry.ts`,
    );
  }
});

test('each registered command has the usage, summary and description of the real spec', () => {
  const real = new Map(AREAS.flatMap((a) => a.load()).map((c) => [c.name, c]));
  for (const c of allCommands()) {
    const r = real.get(c.name);
    if (r === undefined) continue; // help and config: the CLI's own, checked by dispatch.test.ts
    assert.equal(c.usage, r.usage, c.name);
    assert.equal(c.summary, r.summary, c.name);
    assert.equal(c.description, r.description, c.name);
  }
});

test('a lazy command loads nothing until its text is read or it runs, then loads once', async () => {
  const ran: string[] = [];
  let loads = 0;
  const c = lazyCommand('fix', () => {
    loads += 1;
    return spec('fix', ran);
  });
  assert.equal(c.name, 'fix');
  assert.equal(loads, 0);
  assert.equal(c.summary, 'The fix fixture.');
  const sink = new Capture();
  assert.equal(await c.run({ directorDir: '/d', env: {}, cwd: '/', out: sink, err: sink, verbose: false }, ['a']), 3);
  assert.equal(c.usage, 'fix ARG');
  assert.equal(loads, 1);
  assert.deepEqual(ran, ['fix a']);
});

test('a lazy area loads its list on the first use of any of its commands, once', () => {
  let loads = 0;
  const ran: string[] = [];
  const [a, b] = lazyArea(['a', 'b'], () => {
    loads += 1;
    return [spec('a', ran), spec('b', ran)];
  });
  assert.deepEqual([a.name, b.name], ['a', 'b']);
  assert.equal(loads, 0);
  assert.equal(b.usage, 'b ARG');
  assert.equal(a.usage, 'a ARG');
  assert.equal(loads, 1);
});

test('a lazy name its module does not export fails with a message naming the fix', () => {
  const [c] = lazyArea(['missing'], () => [spec('other', [])]);
  assert.throws(
    () => c.summary,
    /"missing" is not in its area's list \(other\); fix the name list in cli\/src\/registry\.ts/,
  );
  const d = lazyCommand('one', () => spec('two', []));
  assert.throws(() => d.usage, /lazy command "one" loaded the command "two"/);
});

test('a command whose module fails to load rejects its run instead of throwing', async () => {
  const c = lazyCommand('broken', () => {
    throw new Error('Cannot find module node-forge');
  });
  const sink = new Capture();
  const running = c.run({ directorDir: '/d', env: {}, cwd: '/', out: sink, err: sink, verbose: false }, []);
  await assert.rejects(running, /Cannot find module node-forge/);
});

// Records every module id the process asks Node for (builtins and externals; bundled code is
// invisible to Node, but what it requires is not) and prints them to stderr at exit.
const RECORDER = `
const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) { seen.add(request.replace(/^node:/, '')); return load.call(this, request, ...rest); };
process.on('exit', () => process.stderr.write('REQUIRED ' + JSON.stringify([...seen]) + '\\n'));
`;

async function requiredBy(args: readonly string[]): Promise<{ code: number; required: string[] }> {
  const t = await tempDir();
  try {
    const recorder = path.join(t.dir, 'recorder.cjs');
    await writeFile(recorder, RECORDER);
    const r = await runDirector(args, {
      THESPIAN_DIRECTOR_DIR: path.join(t.dir, 'none'),
      NODE_OPTIONS: `--require ${recorder}`,
    });
    const line = /REQUIRED (.*)\n/.exec(r.stderr);
    assert.ok(line !== null, r.stderr);
    return { code: r.code ?? -1, required: JSON.parse(line[1]) as string[] };
  } finally {
    await t.cleanup();
  }
}

test('help CMD loads only the area of that command: no daemon client, worker threads or certificates', async () => {
  const r = await requiredBy(['help', 'tlsinfo']);
  assert.equal(r.code, 0);
  for (const absent of ['https', 'worker_threads', 'node-forge', 'esbuild', 'child_process'])
    assert.ok(!r.required.includes(absent), `${absent} was loaded: ${r.required.join(', ')}`);
});

test('a packager command does not load the daemon client (ws needs https) or the convention (node-forge)', async () => {
  const r = await requiredBy(['avail']);
  assert.equal(r.code, 0);
  for (const absent of ['https', 'worker_threads', 'node-forge'])
    assert.ok(!r.required.includes(absent), `${absent} was loaded: ${r.required.join(', ')}`);
});
