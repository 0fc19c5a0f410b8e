import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expandTliEnv, formatDiagnostic, validateTli } from '../../config-lang/src';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

test("validateTli returns the example's document, actors in file order", async () => {
  const r = validateTli(await readFile(path.join(repoRoot, 'examples', 'foo', 'foo.tli'), 'utf8'));
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.tli);
  assert.deepEqual(Object.keys(r.tli.Actors), ['foo.fooactor', 'foo.subdir2.barn.cowactor']);
  assert.equal(r.tli.Actors['foo.fooactor'].OnLoad?.GlobalName, 'Foo Primary');
});

test('a present Message is kept whatever its value, null included; an absent one stays absent', () => {
  const r = validateTli(
    "{ Actors: { 'a.A': { OnLoad: { Message: 0 }, OnReactivate: { Message: null }, OnDeactivate: {} }, 'a.B': { OnLoad: { Message: '' } }, 'a.C': { OnLoad: { Message: false } } } }",
  );
  assert.ok(r.tli);
  const a = r.tli.Actors['a.A'];
  assert.ok(a.OnLoad && 'Message' in a.OnLoad);
  assert.equal(a.OnLoad.Message, 0);
  assert.ok(a.OnReactivate && 'Message' in a.OnReactivate);
  assert.equal(a.OnReactivate.Message, null);
  assert.ok(a.OnDeactivate && !('Message' in a.OnDeactivate));
  assert.equal(r.tli.Actors['a.B'].OnLoad?.Message, '');
  assert.equal(r.tli.Actors['a.C'].OnLoad?.Message, false);
});

test('expandTliEnv replaces exactly the references the checker accepts, in values and not keys', () => {
  const r = validateTli(
    "{ Actors: { 'a.A': { OnLoad: { Role: '${env:R}', Message: { '${env:K}': ['Start ${env:OTHER_INFO:-notspec}', '${env:E:-d}'] } } } } }",
  );
  assert.ok(r.tli);
  const env = { R: 'main', K: 'key', E: '' };
  assert.deepEqual(expandTliEnv(r.tli, env).Actors['a.A'].OnLoad, {
    Role: 'main',
    Message: { '${env:K}': ['Start notspec', 'd'] },
  });
});

test('a bad TLI yields no document, and each diagnostic formats as file:line:column', () => {
  const r = validateTli('{\n  Actors: {},\n  Autounload: true,\n}');
  assert.equal(r.tli, undefined);
  assert.deepEqual(
    r.diagnostics.map((d) => formatDiagnostic('/d/foo.tli', d)),
    ["/d/foo.tli:3:3: error TLI_KEY_CASE: 'Autounload' must be written 'AutoUnload' (keys are case-sensitive)"],
  );
});
