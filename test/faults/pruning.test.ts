// TLS_Keep_Limit never deletes the file of a loaded source, whoever prunes (gensrc reads the
// daemon's record), and 0 means "keep every file" alike in gensrc, the language server and the
// Director (a load of such a group works).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run as packagerRun } from '../packager/helpers';
import { faultEnv, kill9, run, shape, startAgain, tli } from './fault-env';

const APP = `import { Actor } from 'thespian-director';
export class Main extends Actor { override receiveMessage(): void {} }
export class Worker extends Actor { override receiveMessage(): void {} }
`;

test('faults: gensrc pruning by TLS_Keep_Limit keeps the file of a loaded source; 0 keeps every file and loads fine', async (t) => {
  const e = await faultEnv(t);
  const proj = path.join(e.root, 'proj');
  mkdirSync(path.join(proj, 'foo'), { recursive: true });
  writeFileSync(path.join(proj, 'foo', 'app.ts'), APP);
  const gensrc = async (version: string, keep: number): Promise<void> => {
    writeFileSync(path.join(proj, 'foo.tli'), tli(`TLS_Keep_Limit: ${keep},`));
    const r = await packagerRun('gensrc', ['foo', e.key, proj, `version:${version}`, 'foo/**'], e.dir, e.root);
    assert.equal(r.code, 0, r.err);
  };
  // 0: keep every file; the Director accepts the group and loads it.
  await gensrc('1.1', 0);
  await gensrc('1.2', 0);
  const l = await run(e, 'load', 'foo-1.1.tls');
  assert.equal(l.code, 0, l.err);
  assert.ok(existsSync(path.join(e.dir, 'foo-1.2.tls')));
  // 1: the newest file only, but never a loaded source's: 1.1 stays, 1.2 goes.
  await gensrc('1.3', 1);
  assert.ok(existsSync(path.join(e.dir, 'foo-1.1.tls')), 'the loaded 1.1 is kept');
  assert.ok(!existsSync(path.join(e.dir, 'foo-1.2.tls')), 'the unloaded 1.2 is pruned');
  // And the loaded source survives a crash whatever happens to the director dir.
  await kill9(e);
  await startAgain(e);
  assert.deepEqual((await shape(e)).versions, ['1.1']);
});
