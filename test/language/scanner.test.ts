import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanSource } from '../../language/src/server/actor-classes';
import { WorkspaceScanner } from '../../language/src/server/workspace-scanner';
import { validate } from '../../language/src/service';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

test('the light scan finds exported classes and their bases, ignoring comments, strings and re-exports', () => {
  const src = `
    import { Actor as Base, type ActorAddress } from 'thespian-director';
    // export class Commented extends Actor {}
    const s = "export class InString extends Actor {}";
    export class A extends Base {}
    export abstract class Abstract extends Base {}
    class Local extends A {}
    class Hidden extends Base {}
    export class Generic<T extends object> extends td.Actor {}
    export default class Dflt extends Base {}
    export { Local, Hidden as Shown };
    export { Other } from './other';
    export class NotActor extends Map {}
  `;
  const names = scanSource(src).classes.map((c) => `${c.exportedAs}<${c.base}${c.abstract ? ',abstract' : ''}`);
  assert.deepEqual(
    names.sort(),
    ['A<Actor', 'Abstract<Actor,abstract', 'Generic<td.Actor', 'Local<A', 'NotActor<Map', 'Shown<Actor'].sort(),
  );
});

test('CommonJS exports are found too', () => {
  const src =
    "const { Actor } = require('thespian-director');\nclass Pig extends Actor {}\nexports.Pig = Pig;\nmodule.exports.Hen = class Hen extends Actor {};";
  assert.deepEqual(
    scanSource(src)
      .classes.map((c) => c.exportedAs)
      .sort(),
    ['Hen', 'Pig'],
  );
});

test('the example application: every actor module is found and its foo.tli validates clean against it', async () => {
  const tli = path.join(repoRoot, 'examples', 'foo', 'foo.tli');
  const scanner = new WorkspaceScanner();
  const modules = await scanner.modulesFor(tli);
  const fooactor = modules.find((m) => m.module === 'foo.fooactor');
  assert.deepEqual(fooactor?.classes, ['FooActor']);
  assert.deepEqual(modules.find((m) => m.module === 'foo.subdir2.barn.cowactor')?.classes, ['CowActor']);
  assert.deepEqual(validate(await readFile(tli, 'utf8'), { modules }), []);
});

test('the scanner follows subclass chains across files and sees changes after invalidate', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tli-scan-'));
  try {
    await mkdir(path.join(dir, 'app', 'node_modules', 'dep'), { recursive: true });
    await writeFile(path.join(dir, 'app.tli'), '{ Actors: {} }');
    await writeFile(
      path.join(dir, 'app', 'base.ts'),
      "import { Actor } from 'thespian-director';\nexport abstract class BaseActor extends Actor {}\n",
    );
    await writeFile(
      path.join(dir, 'app', 'worker.ts'),
      "import { BaseActor } from './base';\nexport class Worker extends BaseActor {}\nexport class Helper {}\n",
    );
    await writeFile(path.join(dir, 'app', 'node_modules', 'dep', 'x.js'), 'exports.X = class X extends Actor {};');
    await mkdir(path.join(dir, 'app', 'pool'));
    await writeFile(
      path.join(dir, 'app', 'pool', 'index.ts'),
      "import { Worker } from '../worker';\nexport class Pool extends Worker {}\n",
    );
    const scanner = new WorkspaceScanner({ maxAgeMs: 60_000 });
    const first = await scanner.modulesFor(path.join(dir, 'app.tli'));
    assert.deepEqual(
      first.map((m) => [m.module, m.classes]),
      [
        ['app.base', []],
        ['app.pool', ['Pool']],
        ['app.pool.index', ['Pool']],
        ['app.worker', ['Worker']],
      ],
    );

    await writeFile(
      path.join(dir, 'app', 'worker.ts'),
      "import { BaseActor } from './base';\nexport class Worker extends BaseActor {}\nexport class Boss extends BaseActor {}\n",
    );
    assert.deepEqual(
      (await scanner.modulesFor(path.join(dir, 'app.tli'))).find((m) => m.module === 'app.worker')?.classes,
      ['Worker'],
      'cached until told',
    );
    scanner.invalidate(path.join(dir, 'app', 'worker.ts'));
    const second = await scanner.modulesFor(path.join(dir, 'app.tli'));
    assert.deepEqual(second.find((m) => m.module === 'app.worker')?.classes, ['Boss', 'Worker']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
