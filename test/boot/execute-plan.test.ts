// The executor, really running commands: each printed before it runs, the first failure stops
// the rest and becomes the exit code. Files are written below a temporary folder.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { BootError } from '../../runtime/src/boot/boot-error';
import { executePlan, rootedPath } from '../../runtime/src/boot/execute-plan';
import type { BootPlan } from '../../runtime/src/boot/plan';
import { spawnRunner } from '../../runtime/src/boot/spawn-runner';
import { Capture, tempDir } from './support';

function plan(dir: string, commands: string[][], extra: Partial<BootPlan> = {}): BootPlan {
  return {
    manager: 'systemd',
    serviceName: 'svc',
    platform: 'posix',
    dirs: [],
    files: [{ path: path.join(dir, 'unit.service'), content: 'x\n', mode: 0o640 }],
    commands: commands.map((argv) => ({ argv })),
    notes: [],
    ...extra,
  };
}

test('commands run in order, each printed first; the first failing one stops the rest with its exit code', async () => {
  const t = await tempDir('boot-exec-');
  try {
    const marker = path.join(t.dir, 'ran-after');
    const out = new Capture();
    const err = new Capture();
    const p = plan(t.dir, [
      ['sh', '-c', 'echo first'],
      ['sh', '-c', 'echo broken >&2; exit 3'],
      ['touch', marker],
    ]);
    await assert.rejects(executePlan(p, { out, err, runner: spawnRunner }), (e: unknown) => {
      assert.ok(e instanceof BootError);
      assert.equal(e.code, 'BOOT_COMMAND_FAILED');
      assert.equal(e.exitCode, 3);
      assert.match(e.message, /"sh -c 'echo broken >&2; exit 3'" failed with exit code 3/);
      return true;
    });
    assert.equal(
      out.text,
      `Wrote ${path.join(t.dir, 'unit.service')}\n$ sh -c 'echo first'\nfirst\n$ sh -c 'echo broken >&2; exit 3'\n`,
    );
    assert.equal(err.text, 'broken\n');
    assert.equal(existsSync(marker), false, 'nothing after the failure ran');
    assert.equal(await readFile(path.join(t.dir, 'unit.service'), 'utf8'), 'x\n');
  } finally {
    await t.cleanup();
  }
});

test('a command that does not exist fails with 127 and says so', async () => {
  const t = await tempDir('boot-exec-enoent-');
  try {
    const err = new Capture();
    await assert.rejects(
      executePlan(plan(t.dir, [['no-such-program-thespian']]), { out: new Capture(), err, runner: spawnRunner }),
      (e: unknown) => {
        assert.ok(e instanceof BootError);
        assert.equal(e.code, 'BOOT_COMMAND_FAILED');
        assert.equal(e.exitCode, 127);
        return true;
      },
    );
    assert.match(err.text, /cannot run no-such-program-thespian: not found on PATH/);
  } finally {
    await t.cleanup();
  }
});

test('an existing Windows service (the must-fail probe succeeds) stops bootstart before anything is written', async () => {
  const t = await tempDir('boot-exec-exists-');
  try {
    const p = plan(t.dir, [['true']], { mustFail: { command: { argv: ['true'] }, error: 'service exists' } });
    await assert.rejects(
      executePlan(p, { out: new Capture(), err: new Capture(), runner: spawnRunner }),
      (e: unknown) => {
        assert.ok(e instanceof BootError);
        assert.equal(e.code, 'BOOT_SERVICE_EXISTS');
        return true;
      },
    );
    assert.equal(existsSync(path.join(t.dir, 'unit.service')), false);
  } finally {
    await t.cleanup();
  }
});

test('a file that cannot be written is BOOT_WRITE_FAILED naming the path', async () => {
  const t = await tempDir('boot-exec-write-');
  try {
    const blocker = path.join(t.dir, 'file');
    await import('node:fs/promises').then((fs) => fs.writeFile(blocker, ''));
    const p = plan(t.dir, [], { files: [{ path: path.join(blocker, 'sub', 'x.conf'), content: '', mode: 0o644 }] });
    await assert.rejects(
      executePlan(p, { out: new Capture(), err: new Capture(), runner: spawnRunner }),
      (e: unknown) => {
        assert.ok(e instanceof BootError);
        assert.equal(e.code, 'BOOT_WRITE_FAILED');
        assert.ok(e.message.includes(path.join(blocker, 'sub', 'x.conf')));
        return true;
      },
    );
  } finally {
    await t.cleanup();
  }
});

test('rootedPath puts POSIX and drive-letter paths below the root', () => {
  assert.equal(rootedPath('/r', '/etc/init/x.conf'), '/r/etc/init/x.conf');
  assert.equal(rootedPath('/r', 'C:\\ProgramData\\t\\a.cs'), '/r/C/ProgramData/t/a.cs');
  assert.equal(rootedPath('/r', 'D:/thespian/director'), '/r/D/thespian/director');
});
