import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config, configText } from '../../cli/src/index';
import { tempDirectorDir } from '../support/director-dir';
import { model } from './model';

const {
  describeError,
  failedGroups,
  groupFailure,
  refreshLogLines,
  refreshSummary,
  codedLine,
  editorWording,
  shortPaths,
  hashesToVersions,
  formatLocalTime,
  timeTooltip,
  configDocument,
  portShown,
  statusText,
} = model;

test("a refresh's failing group reads as the command's last error line did, with Open TLI and Show Problems", () => {
  const r = {
    groups: [
      { group: 'bar', outcome: 'loaded' as const, version: '1', hash: 'a'.repeat(32), path: '/d/bar-1.tls' },
      {
        group: 'foo',
        outcome: 'failed' as const,
        error: {
          code: 'DIRECTOR_TLI_INVALID',
          message:
            'the TLI of group "foo" has 1 error(s); fix them and load again:\n  /d/foo.tli:4:7: error TLI_UNKNOWN_KEY: unknown key \'onLoad\'',
          exitCode: 1,
        },
      },
    ],
    skipped: [],
  };
  const failed = failedGroups(r);
  assert.deepEqual(
    failed.map((g) => g.group),
    ['foo'],
  );
  const problems = [
    { file: '/d/foo.tli', line: 4, column: 7, code: 'TLI_UNKNOWN_KEY', message: "unknown key 'onLoad'" },
  ];
  const f = describeError(groupFailure(failed[0]), problems);
  assert.equal(
    f.text,
    `Refresh of group "foo": the TLI of group "foo" has 1 error(s); fix them and load again: foo.tli:4:7: error TLI_UNKNOWN_KEY: unknown key 'onLoad'.`,
  );
  assert.equal(f.code, 'DIRECTOR_TLI_INVALID');
  assert.deepEqual(f.actions, ['Open TLI', 'Show Problems']);
  assert.equal(refreshSummary(r), undefined, 'no summary when the last group failed');
  assert.deepEqual(refreshLogLines(r), [
    { level: 'info', text: `Loaded "bar" /d/bar-1.tls: ${'a'.repeat(32)}` },
    {
      level: 'error',
      text: `director: refresh of group "foo": the TLI of group "foo" has 1 error(s); fix them and load again:\n  /d/foo.tli:4:7: error TLI_UNKNOWN_KEY: unknown key 'onLoad' [DIRECTOR_TLI_INVALID]`,
    },
  ]);
  assert.equal(refreshSummary({ groups: [r.groups[0]], skipped: [] }), `Loaded "bar" /d/bar-1.tls: ${'a'.repeat(32)}`);
  assert.equal(codedLine(Object.assign(new Error('no daemon'), { code: 'X_Y' })), 'no daemon [X_Y]');
  assert.equal(codedLine(Object.assign(new Error('a:\n  b'), { code: 'X_Y' })), 'a:');
});

test('a toolchain error (code and structured places, no output to parse) reads as the same notification', () => {
  const error = Object.assign(
    new Error(
      'the TLI of group "foo" has 1 error(s); fix them and load again:\n  /d/foo.tli:4:7: error TLI_UNKNOWN_KEY: unknown key \'onLoad\'',
    ),
    { code: 'DIRECTOR_TLI_INVALID' },
  );
  const problems = [
    { file: '/d/foo.tli', line: 4, column: 7, code: 'TLI_UNKNOWN_KEY', message: "unknown key 'onLoad'" },
  ];
  const f = describeError(error, problems);
  assert.equal(
    f.text,
    `The TLI of group "foo" has 1 error(s); fix them and load again: foo.tli:4:7: error TLI_UNKNOWN_KEY: unknown key 'onLoad'.`,
  );
  assert.equal(f.code, 'DIRECTOR_TLI_INVALID');
  assert.deepEqual(f.actions, ['Open TLI', 'Show Problems']);
  assert.deepEqual(f.problems, problems, "the places are the error's data, as given");
  const port = describeError(
    Object.assign(new Error('the admin port 127.0.0.1:1900 is in use'), { code: 'DAEMON_PORT_IN_USE' }),
    [],
  );
  assert.deepEqual([port.text, port.actions], ['The admin port 127.0.0.1:1900 is in use.', ['Change Port']]);
});

test('CLI hints become editor wording and buttons: Replace for --force, Change Port for adminport.cfg', () => {
  const port = describeError(
    Object.assign(
      new Error(
        'the admin port 127.0.0.1:1900 is already in use by another program; stop it, or write a free port to adminport.cfg',
      ),
      { code: 'DAEMON_PORT_IN_USE' },
    ),
    [],
  );
  assert.equal(
    port.text,
    'The admin port 127.0.0.1:1900 is already in use by another program; stop it, or change the port.',
  );
  assert.deepEqual(port.actions, ['Change Port']);
  const force = describeError(
    Object.assign(new Error('convention.secret exists; give --force to replace it'), {
      code: 'CONVENTION_SECRET_EXISTS',
    }),
    [],
  );
  assert.equal(force.text, 'Convention.secret exists.');
  assert.deepEqual(force.actions, ['Replace']);
  assert.equal(
    editorWording('cannot read the director dir /x: ENOENT; set THESPIAN_DIRECTOR_DIR'),
    'cannot read the director dir /x: ENOENT; set thespianDirector.directorDir',
  );
  assert.equal(describeError(new Error(''), []).text, 'Failed.');
});

test('hashes in a message become group and version when known', () => {
  const h = '9b0833d8'.padEnd(32, 'a');
  const known = new Map([[h, { group: 'foo', version: '1.1' }]]);
  assert.equal(
    hashesToVersions(`Unloaded "foo" ${'c'.repeat(32)}; active now: ${h}`, known),
    `Unloaded "foo" ${'c'.repeat(32)}; active now: foo 1.1`,
  );
  assert.equal(hashesToVersions(h, new Map([[h, { group: 'foo', version: null }]])), 'foo (9b0833d8)');
});

test('times show on the local clock (only the time today), the UTC instant in the tooltip', () => {
  const zone = { offsetMinutes: 300, now: Date.parse('2026-12-07T23:00:00Z') }; // UTC-5: 18:00 there
  assert.equal(formatLocalTime('2026-12-07T21:52:11.000Z', zone), '16:52:11');
  assert.equal(formatLocalTime('2026-12-07T02:00:00.000Z', zone), '2026-12-06 21:00');
  assert.equal(formatLocalTime('not a time', zone), 'not a time');
  assert.equal(
    timeTooltip('2026-12-07T21:52:11.000Z', zone),
    '2026-12-07 16:52 (UTC-05:00), 2026-12-07T21:52:11.000Z UTC',
  );
});

test('Show Config names the port in force when it comes from the setting, not adminport.cfg (a real dir, the typed config())', async (t) => {
  const d = await tempDirectorDir(t);
  const report = await config({ directorDir: d.dir, env: {} });
  const port = (text: string): string | undefined => /^\s*Admin Port: (.*)$/m.exec(text)?.[1];
  assert.equal(port(configText(report)), String(report.config.adminPort));
  assert.equal(
    port(configText(report, portShown(43123, false))),
    '43123 (the thespianDirector.adminPort setting; the dir has no adminport.cfg)',
  );
  assert.equal(configText(report, portShown(1901, true)), configText(report));
  assert.equal(configText(report, portShown(undefined, false)), configText(report));
  assert.equal(configDocument(configText(report), report.problems), configText(report));
});

test('Show Config lists a bad cfg value under the listing with its place and code', async (t) => {
  const d = await tempDirectorDir(t);
  await writeFile(path.join(d.dir, 'adminport.cfg'), 'soon\n');
  const report = await config({ directorDir: d.dir, env: {} });
  const doc = configDocument(configText(report), report.problems);
  assert.match(doc, /^\s*Admin Port: <invalid adminport\.cfg: see below>$/m);
  assert.match(doc, /\nProblems:\n {2}\S*adminport\.cfg:1:1: .*"soon" is not a port number.* \[CONFIG_\w+\]\n$/);
});

test('failed actors turn the status bar text to an error', () => {
  assert.equal(statusText('running', 2, 1900, 1).text, '$(error) Director: 2 loaded, 1 failed');
  assert.match(statusText('running', 2, 1900, 3).tooltip, /3 actors failed/);
});

test('absolute paths in a notification shrink to file names; relative ones stay', () => {
  assert.equal(
    shortPaths(
      'Wrote /tmp/x/director/foo-1.1.tls, with a warning: /ws/app/foo.tli names foo.nosuch.ghost, no module foo/nosuch/ghost.js',
    ),
    'Wrote foo-1.1.tls, with a warning: foo.tli names foo.nosuch.ghost, no module foo/nosuch/ghost.js',
  );
  assert.equal(shortPaths('"/d/foo.tli:4:7: x"'), '"foo.tli:4:7: x"');
});
