// bootstart for upstart under a temporary THESPIAN_BOOT_ROOT: the job file and the exact commands.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { programPaths, runBootstart, tempDir } from './support';

async function prepared(args: readonly string[] = []) {
  const t = await tempDir('boot-upstart-');
  const directorDir = path.join(t.dir, 'director');
  const root = path.join(t.dir, 'root');
  await mkdir(directorDir);
  const run = await runBootstart(args, { THESPIAN_BOOT_MANAGER: 'upstart', THESPIAN_BOOT_ROOT: root }, directorDir);
  return { ...t, directorDir, root, run };
}

test('upstart: writes /etc/init/thespian-director.conf below the root and prints the exact commands', async () => {
  const { cleanup, directorDir, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const lines = run.out.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('Wrote ')),
      [`Wrote ${root}/etc/init/thespian-director.conf`],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('$ ')),
      ['$ initctl reload-configuration', '$ initctl start thespian-director'],
    );
    assert.equal(lines.at(-1), 'upstart boot start prepared for service "thespian-director"');

    const conf = (await readFile(path.join(root, 'etc/init/thespian-director.conf'), 'utf8')).split('\n');
    const { node, script } = programPaths();
    for (const line of [
      'description "Thespian Actor Director to manage loaded sources"',
      'start on runlevel [23]',
      'stop on runlevel [!23]',
      'respawn',
      'respawn limit 5 300',
      `env THESPIAN_DIRECTOR_DIR=${directorDir}`,
      'env MALLOC_ARENA_MAX=2',
      // The original tested /etc/syconfig/thespian and so never read the file.
      '  if [ -r /etc/sysconfig/thespian ]; then',
      '    set -a; . /etc/sysconfig/thespian; set +a',
      `  exec ${node} ${script} start --foreground`,
      `pre-stop exec ${node} ${script} shutdown`,
    ]) {
      assert.ok(conf.includes(line), `job lacks "${line}":\n${conf.join('\n')}`);
    }
    assert.ok(!conf.some((l) => l.startsWith('expect ')), 'the foreground daemon does not fork: no expect stanza');
  } finally {
    await cleanup();
  }
});

test('upstart: nostart leaves out initctl start; a custom NAME is used with dashes', async () => {
  const { cleanup, root, run } = await prepared(['edge.node', 'nostart']);
  try {
    assert.equal(run.code, 0);
    assert.deepEqual(
      run.out.split('\n').filter((l) => l.startsWith('$ ')),
      ['$ initctl reload-configuration'],
    );
    await readFile(path.join(root, 'etc/init/edge-node.conf'), 'utf8');
  } finally {
    await cleanup();
  }
});

test('upstart: the job script is valid sh', async () => {
  const { cleanup, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const conf = await readFile(path.join(root, 'etc/init/thespian-director.conf'), 'utf8');
    const body = /^script\n([\s\S]*?)^end script$/m.exec(conf);
    assert.ok(body !== null, conf);
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('sh', ['-n', '-c', body[1] ?? ''], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await cleanup();
  }
});
