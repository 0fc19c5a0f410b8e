// The real `director` bin as a child process: scenarios 1–7 of the reference, with our fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runDirector, tempDir, writeFiles } from './support';

async function inDir<T>(files: { [name: string]: string }, body: (dir: string) => Promise<T>): Promise<T> {
  const t = await tempDir();
  try {
    await writeFiles(t.dir, files);
    return await body(t.dir);
  } finally {
    await t.cleanup();
  }
}

test('scenario 1: no arguments prints the general help with the dir, base and port; exit 0', async () => {
  await inDir({}, async (dir) => {
    const r = await runDirector([], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^usage: director \[verbose\] \[command \[args\.\.\.\]\]/);
    assert.match(r.stdout, new RegExp(`Now: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(r.stdout, /system base daemon, admin port 1900/);
    assert.match(r.stdout, /THESPIAN_DIRECTOR_DIR/);
    assert.match(r.stdout, /\/opt\/thespian\/director \(Unix\) or C:\/thespian\/director \(Windows\)/);
    for (const f of [
      'thespbase.cfg',
      'oldthespbase.cfg',
      'adminport.cfg',
      'adminhost.cfg',
      'convleader.cfg',
      'othercaps.cfg',
      'thesplog.cfg',
      'thesplogd.cfg',
    ]) {
      assert.match(r.stdout, new RegExp(`\\n  ${f.replace('.', '\\.')}\\n +\\S.*\\n(?: +\\S.*\\n)* +default: `), f);
    }
    assert.equal(r.stderr, '');
  });
});

test('scenario 1: the general help shows the admin port of adminport.cfg', async () => {
  await inDir({ 'adminport.cfg': '19011' }, async (dir) => {
    const r = await runDirector(['help'], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /admin port 19011/);
  });
});

test('scenario 2: help config prints its usage and description; help nosuch says Unrecognized, exit 0', async () => {
  const a = await runDirector(['help', 'config'], { THESPIAN_DIRECTOR_DIR: '/nonexistent' });
  assert.equal(a.code, 0);
  assert.match(a.stdout, /^usage: director config\n\nShow the configuration/);
  const b = await runDirector(['help', 'nosuch'], { THESPIAN_DIRECTOR_DIR: '/nonexistent' });
  assert.equal(b.code, 0);
  assert.match(b.stdout, /^Unrecognized command/);
});

test('scenario 3: an unknown command prints the original line and exits 2', async () => {
  const r = await runDirector(['bogus', 'x'], { THESPIAN_DIRECTOR_DIR: '/nonexistent' });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, 'Unrecognized command; use the "help" command to get usage information.\n');
});

test('"verbose" alone prints the help with a note instead of crashing', async () => {
  const r = await runDirector(['verbose'], { THESPIAN_DIRECTOR_DIR: '/nonexistent' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Note: "verbose" goes before a command/);
  assert.match(r.stdout, /usage: director \[verbose\]/);
});

test('scenario 4: config with no cfg files prints the aligned defaults, colons in column 20', async () => {
  await inDir({ 'thesplogd.cfg': 'logs' }, async (dir) => {
    const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n'), [
      `   Sources location: ${dir}`,
      '        System Base: daemon',
      '         Admin Port: 1900',
      '         Admin Host: 127.0.0.1',
      `  Logging directory: ${path.join(dir, 'logs')}`,
      '     Logging config: built-in default',
      ' Other Capabilities: {}',
      '',
    ]);
    for (const l of r.stdout.split('\n').filter((x) => x !== '')) assert.equal(l.indexOf(':'), 19, l);
  });
});

test('scenario 5 (fixed): config with adminport.cfg "abc" is an error naming file, line and problem; 19011 is shown', async () => {
  await inDir({ 'adminport.cfg': 'abc\n' }, async (dir) => {
    const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 78);
    assert.match(r.stdout, /^ {9}Admin Port: <invalid adminport\.cfg: see below>$/m);
    assert.match(
      r.stderr,
      new RegExp(
        `^director: ${path.join(dir, 'adminport.cfg').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: adminport\\.cfg: "abc" is not a port number; write a whole number from 1 to 65535, or delete the file to use the default 1900 \\[CONFIG_ADMINPORT_INVALID\\]\\n$`,
      ),
    );
  });
  await inDir({ 'adminport.cfg': '19011\n' }, async (dir) => {
    const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ {9}Admin Port: 19011$/m);
  });
});

test('scenario 6: convleader.cfg and oldthespbase.cfg add their lines in the original positions', async () => {
  await inDir(
    {
      'convleader.cfg': '192.168.32.19\n',
      'oldthespbase.cfg': 'multiprocUDPBase\n',
      'thespbase.cfg': 'multiprocTCPBase',
    },
    async (dir) => {
      const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: dir });
      assert.equal(r.code, 0, r.stderr);
      const labels = r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.slice(0, 20).trim());
      assert.deepEqual(labels, [
        'Sources location:',
        'System Base:',
        'OLD System Base:',
        'Admin Port:',
        'Admin Host:',
        'Logging directory:',
        'Logging config:',
        'Convention Leader:',
        'Other Capabilities:',
      ]);
      assert.match(r.stdout, /^ {8}System Base: multiprocTCPBase \(daemon\)$/m);
      assert.match(r.stdout, /^ {4}OLD System Base: multiprocUDPBase$/m);
      assert.match(r.stdout, /^ {2}Convention Leader: 192\.168\.32\.19$/m);
    },
  );
});

test('scenario 7: a multi-line othercaps.cfg is printed raw, continuation lines indented by 21 spaces', async () => {
  await inDir({ 'othercaps.cfg': "{ 'Worker': true,\n  'Slot': 19,\n  'nproc': 2 }\n" }, async (dir) => {
    const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.stdout.endsWith(
        " Other Capabilities: { 'Worker': true,\n" +
          ' '.repeat(21) +
          "  'Slot': 19,\n" +
          ' '.repeat(21) +
          "  'nproc': 2 }\n",
      ),
      r.stdout,
    );
  });
});

test('config with a malformed thesplog.cfg exits 78 naming the schema problem and its code', async () => {
  await inDir({ 'thesplog.cfg': "{ version: 1, root: { level: 'LOUD' } }" }, async (dir) => {
    const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: dir });
    assert.equal(r.code, 78);
    assert.match(
      r.stderr,
      /thesplog\.cfg:1:\d+: thesplog\.cfg: the string "LOUD" is not a level.* \[THESPLOG_BAD_LEVEL\] \[CONFIG_THESPLOG_INVALID\]/,
    );
  });
});

test('config with arguments is a usage error, exit 2', async () => {
  const r = await runDirector(['config', 'extra'], { THESPIAN_DIRECTOR_DIR: '/nonexistent' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config takes no arguments\. Usage: director config .*\[CLI_USAGE\]/);
});

test('config names a director dir that does not exist, and still exits 0 with the defaults', async () => {
  const r = await runDirector(['config'], { THESPIAN_DIRECTOR_DIR: '/nonexistent/director' });
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /^ {3}Sources location: \/nonexistent\/director \(does not exist: set THESPIAN_DIRECTOR_DIR or create it\)$/m,
  );
});
