// bootstart's refusals: each with its code, its exit code and a message that says what to do.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { BootError } from '../../runtime/src/boot/boot-error';
import { parseBootstartArgs } from '../../runtime/src/boot/bootstart-command';
import { CliError } from '../../cli/framework/cli-error';
import { directorBin, runBootstart, runDirector, tempDir } from './support';

test('a missing director dir is refused with the original message and exit 5, nothing written', async () => {
  const t = await tempDir('boot-missing-');
  try {
    const missing = path.join(t.dir, 'nope');
    const root = path.join(t.dir, 'root');
    await assert.rejects(
      runBootstart([], { THESPIAN_BOOT_MANAGER: 'systemd', THESPIAN_BOOT_ROOT: root }, missing),
      (e: unknown) => {
        assert.ok(e instanceof BootError);
        assert.equal(e.code, 'BOOT_DIR_MISSING');
        assert.equal(e.exitCode, 5);
        assert.equal(
          e.message,
          `THESPIAN_DIRECTOR_DIR "${missing}" does not exist; cannot create boot start configuration`,
        );
        return true;
      },
    );
    assert.equal(existsSync(root), false);
  } finally {
    await t.cleanup();
  }
});

test(
  'the director bin: bootstart with a missing director dir prints the message on stderr and exits 5',
  { skip: !existsSync(directorBin) && 'dist/director.js not built' },
  async () => {
    const t = await tempDir('boot-missing-bin-');
    try {
      const missing = path.join(t.dir, 'nope');
      const r = await runDirector(['bootstart'], {
        THESPIAN_DIRECTOR_DIR: missing,
        THESPIAN_BOOT_MANAGER: 'systemd',
        THESPIAN_BOOT_ROOT: path.join(t.dir, 'root'),
      });
      assert.equal(r.code, 5, r.stderr);
      assert.ok(
        r.stderr.includes(`THESPIAN_DIRECTOR_DIR "${missing}" does not exist; cannot create boot start configuration`),
        r.stderr,
      );
    } finally {
      await t.cleanup();
    }
  },
);

test(
  'the director bin: bootstart under THESPIAN_BOOT_ROOT prints the systemd commands and exits 0',
  { skip: !existsSync(directorBin) && 'dist/director.js not built' },
  async () => {
    const t = await tempDir('boot-bin-');
    try {
      const dir = path.join(t.dir, 'director');
      await mkdir(dir);
      const r = await runDirector(['bootstart', 'nostart'], {
        THESPIAN_DIRECTOR_DIR: dir,
        THESPIAN_BOOT_MANAGER: 'systemd',
        THESPIAN_BOOT_ROOT: path.join(t.dir, 'root'),
      });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes('$ systemctl enable thespian-director\n'), r.stdout);
      assert.ok(existsSync(path.join(t.dir, 'root/etc/systemd/system/thespian-director.service')));
    } finally {
      await t.cleanup();
    }
  },
);

test('an unknown THESPIAN_BOOT_MANAGER is refused with the names that work, exit 2', async () => {
  const t = await tempDir('boot-badmgr-');
  try {
    await assert.rejects(runBootstart([], { THESPIAN_BOOT_MANAGER: 'launchd' }, t.dir), (e: unknown) => {
      assert.ok(e instanceof BootError);
      assert.equal(e.code, 'BOOT_UNKNOWN_MANAGER');
      assert.equal(e.exitCode, 2);
      assert.match(e.message, /systemd, upstart, windows/);
      return true;
    });
  } finally {
    await t.cleanup();
  }
});

test('a service NAME with a slash is refused, exit 2', async () => {
  const t = await tempDir('boot-badname-');
  try {
    await assert.rejects(
      runBootstart(['../evil'], { THESPIAN_BOOT_MANAGER: 'systemd', THESPIAN_BOOT_ROOT: path.join(t.dir, 'r') }, t.dir),
      (e: unknown) => {
        assert.ok(e instanceof BootError);
        assert.equal(e.code, 'BOOT_BAD_NAME');
        assert.equal(e.exitCode, 2);
        return true;
      },
    );
  } finally {
    await t.cleanup();
  }
});

test('a director dir with a blank in it is refused for systemd, naming the character, nothing written', async () => {
  const t = await tempDir('boot-blank-');
  try {
    const dir = path.join(t.dir, 'my director');
    const root = path.join(t.dir, 'root');
    await mkdir(dir);
    await assert.rejects(
      runBootstart([], { THESPIAN_BOOT_MANAGER: 'systemd', THESPIAN_BOOT_ROOT: root }, dir),
      (e: unknown) => {
        assert.ok(e instanceof BootError);
        assert.equal(e.code, 'BOOT_UNSAFE_PATH');
        assert.match(e.message, /contains " "/);
        return true;
      },
    );
    assert.equal(existsSync(root), false);
  } finally {
    await t.cleanup();
  }
});

test('arguments: NAME and nostart in that order; a lone nostart is the flag; anything else is a usage error', () => {
  assert.deepEqual(parseBootstartArgs([]), { name: 'thespian.director', nostart: false });
  assert.deepEqual(parseBootstartArgs(['nostart']), { name: 'thespian.director', nostart: true });
  assert.deepEqual(parseBootstartArgs(['svc']), { name: 'svc', nostart: false });
  assert.deepEqual(parseBootstartArgs(['svc', 'nostart']), { name: 'svc', nostart: true });
  for (const bad of [
    ['svc', 'now'],
    ['a', 'nostart', 'b'],
    ['nostart', 'nostart'],
  ]) {
    assert.throws(
      () => parseBootstartArgs(bad),
      (e: unknown) =>
        e instanceof CliError &&
        e.code === 'CLI_USAGE' &&
        e.exitCode === 2 &&
        e.message.includes('bootstart [NAME] [nostart]'),
    );
  }
});
