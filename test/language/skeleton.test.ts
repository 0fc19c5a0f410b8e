import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, complete, validate, type TliContext } from '../../language/src/service';

test('an empty .tli is offered a whole starter TLI that validates without errors', () => {
  for (const empty of ['', '\n  \n']) {
    const items = complete(empty, { line: 0, character: 0 });
    assert.deepEqual(
      items.map((i) => i.label),
      ['TLI skeleton'],
    );
    const text = applyEdits(empty, [items[0].edit]);
    assert.match(text, /Actors: \{\n {4}'group\.module': \{\n {6}OnLoad: \{ Role: 'Main' \}/);
    assert.deepEqual(
      validate(text).filter((d) => d.severity === 'error'),
      [],
    );
  }
});

test("the skeleton names the workspace's first scanned actor class", () => {
  const context: TliContext = { modules: [{ module: 'foo.fooactor', file: 'foo/fooactor.ts', classes: ['FooActor'] }] };
  const [item] = complete('', { line: 0, character: 0 }, context);
  assert.match(
    item.edit.newText,
    /'foo\.fooactor': \{/,
    'the short form of a module with one class, as the guide writes it',
  );
  assert.deepEqual(
    validate(item.edit.newText, context).filter((d) => d.severity === 'error'),
    [],
  );
});
