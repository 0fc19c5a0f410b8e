/**
 * The whole chain for the guide's example app: gensrc of examples/foo (TypeScript actors, chalk
 * and its dependencies from deps:) → the Director Source Authority verifies it → a source worker
 * runs the actors from memory. Proves the package layout is what the runtime's loader expects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startDirectorSourceAuthority } from '../../runtime/src/authority/source-authority-actor';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import { silentLoggerFactory } from '../../runtime/src/actors/logger';
import { ask } from '../runtime/helpers';
import { EXAMPLE, run, tempDir } from './helpers';

test('the example app, packaged by gensrc, loads and its actors answer (CowActor through chalk)', async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'director');
  await run('keygen', ['sourcekey'], dir, root);
  await run(
    'gensrc',
    ['foo', path.join(root, 'sourcekey.pem'), EXAMPLE, 'version:1', 'deps:deppkgs.txt', 'foo/**/*.ts'],
    dir,
    EXAMPLE,
  );
  const s = await createLocalSystem({ systemName: 'pk:1', loggerFactory: silentLoggerFactory });
  t.after(() => s.shutdown());
  await startDirectorSourceAuthority(s, dir);
  const hash = await s.loadActorSource(readFileSync(path.join(dir, 'foo-1.tls')), 'foo-1.tls');
  const cow = await s.createActor('foo.subdir2.barn.cowactor.CowActor', { sourceHash: hash });
  assert.match(String(await ask(s, cow, 'Moo!')), /And MOO: Moo! \(#1\)/);
  const foo = await s.createActor('foo.fooactor.FooActor', { sourceHash: hash });
  assert.deepEqual(await ask(s, foo, 'StartFoo notspec'), { foo: 'running (StartFoo notspec), reactivated 0 time(s)' });
  assert.match(String(await ask(s, foo, { moo: 'hi' })), /And MOO: hi/);
  const bar = await s.createActor('foo.subdir1.baractor.BarActor', { sourceHash: hash });
  assert.equal(await ask(s, bar, 'abc'), 'cba');
});
