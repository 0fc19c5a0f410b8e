import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandSpec } from '../../cli/framework/command';
import { DirectorControl } from '../../cli/src/director-control';
import { DirectorError } from '../../runtime/src/protocol/errors';
import { usageError } from '../../cli/framework/cli-error';
import { allCommands, buildRegistry } from '../../cli/src/registry';
import { Capture, tempDir, writeFiles } from './support';

/** Commands that misbehave on purpose, to prove the dispatcher's error handling. */
const fixtures: CommandSpec[] = [
  {
    name: 'echo',
    usage: 'echo [WORDS...]',
    summary: 'Print the words, and "verbose" when verbose.',
    description: 'Test fixture.',
    run(ctx, args) {
      ctx.out.write(`${ctx.verbose ? 'verbose ' : ''}${args.join(' ')}|${ctx.directorDir}\n`);
      return Promise.resolve(Number(args[0] ?? 0) || 0);
    },
  },
  {
    name: 'coded',
    usage: 'coded',
    summary: 'Throws a DirectorError.',
    description: 'Test fixture.',
    run() {
      return Promise.reject(new DirectorError('FIXTURE_CODE', 'the fixture failed on purpose', { exitCode: 7 }));
    },
  },
  {
    name: 'buggy',
    usage: 'buggy',
    summary: 'Throws a plain Error.',
    description: 'Test fixture.',
    run() {
      return Promise.reject(new TypeError('cannot read properties of undefined'));
    },
  },
  {
    name: 'strict',
    usage: 'strict HASH',
    summary: 'Needs one argument.',
    description: 'Test fixture.',
    run(_ctx, args) {
      if (args.length !== 1)
        return Promise.reject(usageError({ name: 'strict', usage: 'strict HASH' }, 'strict needs one HASH'));
      return Promise.resolve(0);
    },
  },
];

function control(extra: Partial<ConstructorParameters<typeof DirectorControl>[0]> = {}) {
  const out = new Capture();
  const err = new Capture();
  const dc = new DirectorControl({
    commands: buildRegistry([fixtures]),
    env: { THESPIAN_DIRECTOR_DIR: '/nonexistent/dir' },
    out,
    err,
    ...extra,
  });
  return { dc, out, err };
}

test('DirectorControl has a cmd_ method per command, returning its exit code and writing to the given out', async () => {
  const { dc, out, err } = control();
  assert.equal(await dc.cmd_echo('3', 'b'), 3);
  assert.equal(out.text, '3 b|/nonexistent/dir\n');
  assert.equal(err.text, '');
  assert.equal(typeof dc.cmd_help, 'function');
  assert.equal(typeof dc.cmd_config, 'function');
});

test('directorDir given to DirectorControl overrides THESPIAN_DIRECTOR_DIR', async () => {
  const { dc, out } = control({ directorDir: '/given/dir' });
  await dc.cmd_echo();
  assert.equal(out.text, '|/given/dir\n');
});

test('call(name, ...args) dispatches as the CLI; an unknown name exits 2 with the original line', async () => {
  const { dc, out } = control();
  assert.equal(await dc.call('echo', 'x'), 0);
  assert.equal(await dc.call('bogus'), 2);
  assert.match(out.text, /Unrecognized command; use the "help" command to get usage information\.\n$/);
});

test('verbose: DirectorControl({ verbose: true }) passes the flag as a leading "verbose" does', async () => {
  const a = control({ verbose: true });
  await a.dc.cmd_echo('hi');
  assert.match(a.out.text, /^verbose hi\|/);
  const b = control();
  await b.dc.call('verbose', 'echo', 'hi');
  assert.match(b.out.text, /^verbose hi\|/);
});

test('a thrown DirectorError prints "director: <message> [<code>]" on err and exits with its exitCode', async () => {
  const { dc, out, err } = control();
  assert.equal(await dc.cmd_coded(), 7);
  assert.equal(err.text, 'director: the fixture failed on purpose [FIXTURE_CODE]\n');
  assert.equal(out.text, '');
});

test('any other exception: a short message and exit 1; the stack only when verbose', async () => {
  const quiet = control();
  assert.equal(await quiet.dc.cmd_buggy(), 1);
  assert.match(quiet.err.text, /^director: buggy failed unexpectedly: cannot read properties of undefined\n/);
  assert.doesNotMatch(quiet.err.text, /at .*\(/);
  const loud = control({ verbose: true });
  assert.equal(await loud.dc.cmd_buggy(), 1);
  assert.match(loud.err.text, /TypeError: cannot read properties of undefined\n\s+at /);
});

test('a usage error exits 2 naming the usage line', async () => {
  const { dc, err } = control();
  assert.equal(await dc.cmd_strict(), 2);
  assert.match(err.text, /strict needs one HASH\. Usage: director strict HASH .*\[CLI_USAGE\]/);
});

test('help lists every registered command with its summary; help CMD prints usage and description', async () => {
  const { dc, out } = control();
  assert.equal(await dc.cmd_help(), 0);
  for (const c of fixtures)
    assert.match(out.text, new RegExp(`\\n  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  out.text = '';
  assert.equal(await dc.cmd_help('strict'), 0);
  assert.equal(out.text, 'usage: director strict HASH\n\nNeeds one argument.\n\nTest fixture.\n');
});

test('help for an unknown command says so and exits 0, as the original', async () => {
  const { dc, out } = control();
  assert.equal(await dc.cmd_help('nosuch'), 0);
  assert.match(out.text, /^Unrecognized command "nosuch"/);
});

test('two commands with one name are refused when the registry is built', () => {
  assert.throws(
    () => buildRegistry([fixtures, [fixtures[0]]]),
    (e: DirectorError) => e.code === 'CLI_DUPLICATE_COMMAND',
  );
});

test('DirectorControl without `commands` carries every command of this build by default', async () => {
  const t = await tempDir();
  try {
    await writeFiles(t.dir, { 'adminport.cfg': '19011\n' });
    const out = new Capture();
    const dc = new DirectorControl({ directorDir: t.dir, out, err: new Capture() });
    assert.equal(await dc.cmd_config(), 0);
    assert.match(out.text, /^ {9}Admin Port: 19011$/m);
    assert.deepEqual(dc.commands.map((c) => c.name).slice(0, 2), ['help', 'config']);
  } finally {
    await t.cleanup();
  }
});

test('get_role_address with no daemon: null, silent prints nothing, otherwise one ERROR line (scenario 54)', async () => {
  const t = await tempDir();
  try {
    // A port nothing listens on, so no other test's daemon can answer.
    await writeFiles(t.dir, { 'adminport.cfg': '1\n' });
    const err = new Capture();
    const dc = new DirectorControl({ directorDir: t.dir, out: new Capture(), err });
    assert.equal(await dc.get_role_address('unknown', { silent: true }), null);
    assert.equal(err.text, '');
    assert.equal(await dc.get_role_address('unknown'), null);
    assert.match(err.text, /ERROR/);
    assert.equal(err.text.trim().split('\n').length, 1);
  } finally {
    await t.cleanup();
  }
});

test('every registered command has a one-line summary and prints its usage line under help CMD', async () => {
  const out = new Capture();
  const dc = new DirectorControl({ directorDir: '/nonexistent/dir', out, err: new Capture() });
  for (const c of allCommands()) {
    assert.ok(c.summary.trim() !== '' && !c.summary.includes('\n'), `${c.name}: summary must be one line`);
    assert.ok(c.usage.startsWith(c.name), `${c.name}: usage must start with the command name`);
    out.text = '';
    assert.equal(await dc.cmd_help(c.name), 0);
    assert.ok(out.text.startsWith(`usage: director ${c.usage}\n\n${c.summary}\n`), out.text);
  }
});
