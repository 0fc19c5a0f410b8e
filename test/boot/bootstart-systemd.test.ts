// bootstart for systemd under a temporary THESPIAN_BOOT_ROOT: the files, the exact commands,
// `systemd-analyze verify` and the `systemd-analyze security` score of the generated unit.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { programPaths, runBootstart, tempDir } from './support';

function systemdAnalyze(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('systemd-analyze', args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`systemd-analyze cannot run (apt-get install systemd): ${error.message}`));
        return;
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

async function prepared(args: readonly string[] = []) {
  const t = await tempDir('boot-systemd-');
  const directorDir = path.join(t.dir, 'director');
  const root = path.join(t.dir, 'root');
  await mkdir(directorDir);
  const run = await runBootstart(
    args,
    { THESPIAN_BOOT_MANAGER: 'systemd', THESPIAN_BOOT_ROOT: root, PATH: process.env['PATH'] },
    directorDir,
  );
  return { ...t, directorDir, root, run };
}

test('systemd: writes unit, sysusers and tmpfiles below the root and prints the exact commands it did not run', async () => {
  const { cleanup, directorDir, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const lines = run.out.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('Wrote ')),
      [
        `Wrote ${root}/etc/sysusers.d/thespian.conf`,
        `Wrote ${root}/etc/tmpfiles.d/thespian-director.conf`,
        `Wrote ${root}/etc/systemd/system/thespian-director.service`,
      ],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('$ ')),
      [
        '$ systemd-sysusers /etc/sysusers.d/thespian.conf',
        '$ systemd-tmpfiles --create /etc/tmpfiles.d/thespian-director.conf',
        '$ systemctl daemon-reload',
        '$ systemctl enable thespian-director',
        '$ systemctl start --no-block thespian-director',
      ],
    );
    assert.ok(
      lines.includes('THESPIAN_BOOT_ROOT is set: these systemd commands were not run; run them on the target host:'),
      run.out,
    );
    assert.equal(lines.at(-1), 'systemd boot start prepared for service "thespian-director"');

    const tmpfiles = await readFile(path.join(root, 'etc/tmpfiles.d/thespian-director.conf'), 'utf8');
    assert.match(tmpfiles, new RegExp(`^d ${directorDir}/\\.daemon 0700 thespian thespian -$`, 'm'));
    assert.match(tmpfiles, /^d \/var\/log\/thespian 0750 thespian thespian -$/m);
    assert.match(
      await readFile(path.join(root, 'etc/sysusers.d/thespian.conf'), 'utf8'),
      /^u thespian - "Thespian Director" - -$/m,
    );
  } finally {
    await cleanup();
  }
});

test('systemd: the unit runs the foreground daemon with the director dir in force, as notify, restarting on failure', async () => {
  const { cleanup, directorDir, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const unit = await readFile(path.join(root, 'etc/systemd/system/thespian-director.service'), 'utf8');
    const { node, script } = programPaths();
    for (const line of [
      'Type=notify',
      'NotifyAccess=all',
      `ExecStart=${node} ${script} start --foreground`,
      `ExecStop=${node} ${script} shutdown`,
      `Environment=THESPIAN_DIRECTOR_DIR=${directorDir}`,
      'Environment=MALLOC_ARENA_MAX=2',
      'EnvironmentFile=-/etc/sysconfig/thespian',
      'EnvironmentFile=-/etc/default/thespian',
      'Restart=on-failure',
      'RestartSec=5',
      'StartLimitIntervalSec=300',
      'StartLimitBurst=5',
      'User=thespian',
      `ReadWritePaths=${directorDir}/.daemon /var/log/thespian`,
      'ProtectSystem=strict',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'WantedBy=multi-user.target',
    ]) {
      assert.ok(unit.split('\n').includes(line), `unit lacks "${line}":\n${unit}`);
    }
    assert.doesNotMatch(unit, /MemoryDenyWriteExecute/, 'V8 needs writable-executable memory');
    assert.doesNotMatch(
      unit,
      /ExecStartPost=.*refresh/,
      'no refresh after every (crash) restart: the daemon applies its start rules',
    );
    assert.equal((await stat(path.join(root, 'etc/systemd/system/thespian-director.service'))).mode & 0o777, 0o644);
  } finally {
    await cleanup();
  }
});

test('systemd: nostart and a NAME with dots: dashes in the unit name, no start command', async () => {
  const { cleanup, root, run } = await prepared(['my.director.one', 'nostart']);
  try {
    assert.equal(run.code, 0);
    const commands = run.out.split('\n').filter((l) => l.startsWith('$ '));
    assert.deepEqual(commands.slice(2), ['$ systemctl daemon-reload', '$ systemctl enable my-director-one']);
    await stat(path.join(root, 'etc/systemd/system/my-director-one.service'));
  } finally {
    await cleanup();
  }
});

test('systemd: systemd-analyze verify accepts the generated unit', async () => {
  const { cleanup, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const unit = path.join(root, 'etc/systemd/system/thespian-director.service');
    const r = await systemdAnalyze(['verify', unit]);
    // Lines about other units of this machine are not ours; anything naming our unit is.
    const ours = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes('thespian-director'));
    assert.deepEqual(ours, [], `systemd-analyze verify complained:\n${r.stdout}${r.stderr}`);
    assert.equal(r.code, 0, `systemd-analyze verify exit ${r.code}:\n${r.stdout}${r.stderr}`);
  } finally {
    await cleanup();
  }
});

test('systemd: systemd-analyze security --offline=true scores the unit at most 2.0', async () => {
  const { cleanup, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const unit = path.join(root, 'etc/systemd/system/thespian-director.service');
    const r = await systemdAnalyze(['security', '--offline=true', '--no-pager', unit]);
    const m = /Overall exposure level for thespian-director\.service: (\d+(?:\.\d+)?)/.exec(r.stdout);
    assert.ok(m !== null, `no score in:\n${r.stdout}${r.stderr}`);
    const score = Number(m[1]);
    assert.ok(score <= 2.0, `exposure ${score} > 2.0:\n${r.stdout}`);
  } finally {
    await cleanup();
  }
});

test('systemd: a thesplogd.cfg in the director dir becomes the writable log dir', async () => {
  const t = await tempDir('boot-systemd-logd-');
  try {
    const directorDir = path.join(t.dir, 'director');
    const root = path.join(t.dir, 'root');
    await mkdir(directorDir);
    await writeFile(path.join(directorDir, 'thesplogd.cfg'), '/srv/thespian-logs\n');
    const run = await runBootstart([], { THESPIAN_BOOT_MANAGER: 'systemd', THESPIAN_BOOT_ROOT: root }, directorDir);
    assert.equal(run.code, 0);
    const unit = await readFile(path.join(root, 'etc/systemd/system/thespian-director.service'), 'utf8');
    assert.ok(unit.includes(`ReadWritePaths=${directorDir}/.daemon /srv/thespian-logs\n`), unit);
  } finally {
    await t.cleanup();
  }
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

test(
  'systemd: the written sysusers and tmpfiles files, applied by the real tools to the staged root, create the user and hand it the private folder and log dir',
  { skip: !isRoot && 'needs root (chown)' },
  async () => {
    const { cleanup, directorDir, root, run } = await prepared(['nostart']);
    try {
      assert.equal(run.code, 0);
      const tools = (args: readonly string[]): Promise<void> =>
        new Promise((resolve, reject) => {
          execFile(args[0], args.slice(1), { timeout: 60_000 }, (error, stdout, stderr) =>
            error === null ? resolve() : reject(new Error(`${args.join(' ')}: ${error.message}\n${stdout}${stderr}`)),
          );
        });
      // A file a root `director start` left behind: the Z line must hand it back to the service user.
      const privateDir = path.join(root, directorDir, '.daemon');
      await mkdir(privateDir, { recursive: true, mode: 0o755 });
      await writeFile(path.join(privateDir, 'admin.token'), 'x\n', { mode: 0o600 });
      await tools(['systemd-sysusers', `--root=${root}`, path.join(root, 'etc/sysusers.d/thespian.conf')]);
      await tools([
        'systemd-tmpfiles',
        '--create',
        `--root=${root}`,
        path.join(root, 'etc/tmpfiles.d/thespian-director.conf'),
      ]);

      const passwd = await readFile(path.join(root, 'etc/passwd'), 'utf8');
      const entry = /^thespian:x:(\d+):(\d+):/m.exec(passwd);
      assert.ok(entry !== null, passwd);
      const uid = Number(entry[1]);
      assert.ok(uid > 0 && uid < 1000, `a system account, uid ${uid}`);
      const folder = await stat(privateDir);
      assert.equal(folder.uid, uid);
      assert.equal(folder.mode & 0o777, 0o700);
      assert.equal((await stat(path.join(privateDir, 'admin.token'))).uid, uid);
      const logs = await stat(path.join(root, 'var/log/thespian'));
      assert.equal(logs.uid, uid);
      assert.equal(logs.mode & 0o777, 0o750);
    } finally {
      await cleanup();
    }
  },
);
