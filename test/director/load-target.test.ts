// What `load ARG` resolves to (exactly the file named), and the TLI checks before anything is sent (36–38).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveLoadTarget, tliGroups } from '../../runtime/src/director/load-target';
import { DirectorOpError } from '../../runtime/src/director/director-error';

const TLI = `{
  Actors: {
    'foo.fooactor': {
      OnLoad: { Role: 'MainFoo', Message: ['hello', '\${env:HOME_T}', '\${env:OTHER_INFO:-notspec}'], GlobalName: 'Foo Primary' },
      OnDeactivate: { Message: 0 },
    },
  },
  AutoUnload: 2,
  TLS_Keep_Limit: 3,
}
`;

async function dirWith(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-target-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const ctxFor = (dir: string, cwd = dir) => ({ directorDir: dir, cwd, env: { HOME_T: '/home/t' } });

test('load GROUP and GROUP.tli pick the newest package by version order', async () => {
  const { dir, cleanup } = await dirWith({
    'foo.tli': TLI,
    'foo-1.2.tls': 'x',
    'foo-1.10.tls': 'x',
    'foo-1.9.tls': 'x',
    'foobar-9.tls': 'x',
  });
  try {
    for (const arg of ['foo', 'foo.tli']) {
      const t = await resolveLoadTarget(ctxFor(dir), arg);
      assert.equal(t.group, 'foo');
      assert.equal(t.packageFile, path.join(dir, 'foo-1.10.tls'));
    }
  } finally {
    await cleanup();
  }
});

test('35: load GROUP-VER.tls loads exactly that file, found as given or in the director dir', async () => {
  const { dir, cleanup } = await dirWith({
    'foo.tli': TLI,
    'foo-1.1.tls': 'x',
    'foo-1.2.tls': 'x',
    'elsewhere/foo-0.9.tls': 'x',
  });
  try {
    assert.equal(
      (await resolveLoadTarget(ctxFor(dir, os.tmpdir()), 'foo-1.1.tls')).packageFile,
      path.join(dir, 'foo-1.1.tls'),
    );
    assert.equal(
      (await resolveLoadTarget(ctxFor(dir, dir), 'elsewhere/foo-0.9.tls')).packageFile,
      path.join(dir, 'elsewhere/foo-0.9.tls'),
    );
  } finally {
    await cleanup();
  }
});

test('the DefineGroup carries the TLI with ${env:...} expanded from the command environment', async () => {
  const { dir, cleanup } = await dirWith({ 'foo.tli': TLI, 'foo-1.1.tls': 'x' });
  try {
    const t = await resolveLoadTarget(ctxFor(dir), 'foo');
    assert.deepEqual(t.define, {
      DirectorOp: 'DefineGroup',
      Group: 'foo',
      Actors: {
        'foo.fooactor': {
          OnLoad: { Role: 'MainFoo', Message: ['hello', '/home/t', 'notspec'], GlobalName: 'Foo Primary' },
          OnDeactivate: { Message: 0 },
        },
      },
      AutoUnload: 2,
      TLS_Keep_Limit: 3,
    });
  } finally {
    await cleanup();
  }
});

test('36: a group without a TLI is a clear error naming the missing file', async () => {
  const { dir, cleanup } = await dirWith({ 'foo-1.1.tls': 'x' });
  try {
    await assert.rejects(resolveLoadTarget(ctxFor(dir), 'nogroup'), (e: unknown) => {
      assert.ok(e instanceof DirectorOpError);
      assert.equal(e.code, 'DIRECTOR_UNKNOWN_GROUP');
      assert.equal(e.exitCode, 20);
      assert.match(e.message, /nogroup\.tli does not exist/);
      return true;
    });
  } finally {
    await cleanup();
  }
});

test('37: a TLI without a package resolves with no package file (the command defines the group, then fails)', async () => {
  const { dir, cleanup } = await dirWith({ 'foo.tli': TLI });
  try {
    const t = await resolveLoadTarget(ctxFor(dir), 'foo');
    assert.equal(t.packageFile, null);
  } finally {
    await cleanup();
  }
});

test('38: a TLI with a syntax error fails before anything is sent, naming file:line:column', async () => {
  const { dir, cleanup } = await dirWith({
    'foo.tli': "{ Actors: { 'a.b': { OnLoad: { Role: 'x' } } }\n  AutoUnload: true,\n}",
    'foo-1.tls': 'x',
  });
  try {
    await assert.rejects(resolveLoadTarget(ctxFor(dir), 'foo'), (e: unknown) => {
      assert.ok(e instanceof DirectorOpError);
      assert.equal(e.code, 'DIRECTOR_TLI_INVALID');
      assert.match(e.message, new RegExp(`${path.join(dir, 'foo.tli').replace(/[.]/g, '\\.')}:2:\\d+`));
      return true;
    });
  } finally {
    await cleanup();
  }
});

test('a bad group name or a non-package file name is refused with what to do', async () => {
  const { dir, cleanup } = await dirWith({});
  try {
    await assert.rejects(
      resolveLoadTarget(ctxFor(dir), 'my.app.x'),
      (e: unknown) => e instanceof DirectorOpError && e.code === 'DIRECTOR_BAD_GROUP_NAME',
    );
    await assert.rejects(
      resolveLoadTarget(ctxFor(dir), 'foo-1.2.tls'),
      (e: unknown) => e instanceof DirectorOpError && e.code === 'DIRECTOR_PACKAGE_NOT_FOUND',
    );
  } finally {
    await cleanup();
  }
});

test('refresh covers the groups with a TLI, sorted by name', async () => {
  const { dir, cleanup } = await dirWith({ 'zed.tli': TLI, 'abc.tli': TLI, 'bad-name.tli': TLI, 'foo-1.tls': 'x' });
  try {
    assert.deepEqual(await tliGroups(dir), ['abc', 'zed']);
  } finally {
    await cleanup();
  }
});
