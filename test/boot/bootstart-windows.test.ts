// bootstart for Windows, checked on any host under a temporary THESPIAN_BOOT_ROOT: the wrapper
// source and the exact sc.exe / reg / icacls / csc.exe commands it would hand to Windows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { programPaths, runBootstart, tempDir } from './support';

const ENV = { THESPIAN_BOOT_MANAGER: 'windows', ProgramData: 'C:\\ProgramData', windir: 'C:\\Windows' };

async function prepared(args: readonly string[] = []) {
  const t = await tempDir('boot-windows-');
  const directorDir = path.join(t.dir, 'director');
  const root = path.join(t.dir, 'root');
  await mkdir(directorDir);
  const run = await runBootstart(args, { ...ENV, THESPIAN_BOOT_ROOT: root }, directorDir);
  return { ...t, directorDir, root, run };
}

test('windows: compiles a real SCM service wrapper and creates the service with sc.exe, exact commands', async () => {
  const { cleanup, directorDir, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const win = path.win32.normalize(directorDir);
    const lines = run.out.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('Wrote ')),
      [`Wrote ${root}/C/ProgramData/thespian-director/thespian.director/thespian.director-service.cs`],
    );
    const exe = 'C:\\ProgramData\\thespian-director\\thespian.director\\thespian.director-service.exe';
    const csc = process.arch === 'ia32' ? 'Framework' : 'Framework64';
    assert.deepEqual(
      lines.filter((l) => l.startsWith('> ')),
      [
        `> C:\\Windows\\Microsoft.NET\\${csc}\\v4.0.30319\\csc.exe /nologo /target:exe /optimize+ /out:${exe} /reference:System.ServiceProcess.dll C:\\ProgramData\\thespian-director\\thespian.director\\thespian.director-service.cs`,
        `> icacls ${win}\\.daemon /grant *S-1-5-19:(OI)(CI)M`,
        `> icacls ${win}\\log /grant *S-1-5-19:(OI)(CI)M`,
        `> sc.exe create thespian.director binPath= "\\"${exe}\\"" start= auto obj= "NT AUTHORITY\\LocalService" password= "" DisplayName= "Thespian Director (thespian.director)"`,
        '> sc.exe description thespian.director "Thespian Actor Director to manage loaded sources"',
        `> reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\thespian.director /v Environment /t REG_MULTI_SZ /d THESPIAN_DIRECTOR_DIR=${win} /f`,
        '> sc.exe failure thespian.director reset= 86400 actions= restart/60000/restart/60000/restart/60000',
        '> sc.exe failureflag thespian.director 1',
        '> sc.exe start thespian.director',
      ],
    );
    assert.equal(lines.at(-1), 'windows boot start prepared for service "thespian.director"');
  } finally {
    await cleanup();
  }
});

test('windows: the wrapper runs the foreground daemon, waits for the admin port, stops with director shutdown', async () => {
  const { cleanup, root, run } = await prepared();
  try {
    assert.equal(run.code, 0);
    const cs = await readFile(
      path.join(root, 'C/ProgramData/thespian-director/thespian.director/thespian.director-service.cs'),
      'utf8',
    );
    const { node, script } = programPaths();
    assert.ok(cs.includes(`const string NodePath = @"${node}";`), cs);
    assert.ok(cs.includes(`const string DirectorScript = @"${script}";`), cs);
    assert.ok(cs.includes('ServiceName = @"thespian.director";'), cs);
    assert.ok(cs.includes('Director("start --foreground")'));
    assert.ok(cs.includes('Director("shutdown")'));
    assert.ok(
      !cs.includes('Director("refresh")'),
      'no refresh after every start: the daemon refreshes on the first start after a boot',
    );
    assert.ok(cs.includes(': ServiceBase'), 'a ServiceBase answers the SCM');
    assert.ok(cs.includes('Environment.Exit(1);'), 'a dying daemon fails the service so recovery restarts it');
    // Balanced braces: a cheap guard against a broken template.
    assert.equal((cs.match(/\{/g) ?? []).length, (cs.match(/\}/g) ?? []).length);
  } finally {
    await cleanup();
  }
});

test('windows: nostart leaves out sc.exe start and keeps the dots of NAME', async () => {
  const { cleanup, run } = await prepared(['my.svc', 'nostart']);
  try {
    assert.equal(run.code, 0);
    const commands = run.out.split('\n').filter((l) => l.startsWith('> '));
    assert.equal(commands.at(-1), '> sc.exe failureflag my.svc 1');
    assert.ok(commands.some((l) => l.startsWith('> sc.exe create my.svc ')));
  } finally {
    await cleanup();
  }
});

// csc.exe is not on Linux; mono's mcs compiles the same C# 5 (apt-get install mono-mcs
// libmono-system-serviceprocess4.0-cil). Where it is missing this check is skipped.
const mcs = spawnSync('mcs', ['--version'], { encoding: 'utf8' }).status === 0;

test(
  'windows: the wrapper source compiles as C# 5 against System.ServiceProcess (mono mcs)',
  { skip: !mcs && 'mcs (mono-mcs) is not installed' },
  async () => {
    const { cleanup, dir, root, run } = await prepared(['svc']);
    try {
      assert.equal(run.code, 0);
      const source = path.join(root, 'C/ProgramData/thespian-director/svc/svc-service.cs');
      const exe = path.join(dir, 'svc-service.exe');
      const r = spawnSync(
        'mcs',
        ['-langversion:5', '-nologo', '-target:exe', `-out:${exe}`, '-reference:System.ServiceProcess.dll', source],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
      assert.ok(existsSync(exe));
    } finally {
      await cleanup();
    }
  },
);
