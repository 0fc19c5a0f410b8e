import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TLI_SHAPES, expandTliEnv, validateTli } from '../../config-lang/src';
import { TLI_READERS, readTliDocument } from '../../config-lang/src/tli-document';

// The TLI document's type is derived from the schema and its readers are typed by it (a key
// without a reader does not compile). What the compiler cannot see is which leaf reader a key
// uses when two kinds share a type: these tests tie each key's reader to its kind in the schema.

test('every key of every TLI shape is read by the reader of its kind, and no reader reads a key the schema lacks', () => {
  for (const shape of TLI_SHAPES) {
    if (shape.actorPaths) continue;
    const readers = TLI_READERS[shape.id];
    assert.ok(readers, `readers for ${shape.id}`);
    assert.deepEqual(Object.keys(readers).sort(), shape.keys.map((k) => k.name).sort(), shape.id);
    for (const key of shape.keys) {
      const read = readers[key.name];
      if (key.kind === 'object') assert.equal(typeof read, 'function', `${shape.id}.${key.name}`);
      else assert.equal(read, TLI_READERS.leaf[key.kind], `${shape.id}.${key.name} reads as ${key.kind}`);
    }
  }
});

test('validateTli reads the document in file order, each value typed as the schema says', () => {
  const r = validateTli(
    "{ TLS_Keep_Limit: 2, Actors: { 'b.B': { OnLoad: { Message: 0, Role: 'r' } }, 'a.A': { OnDeactivate: { Message: null } } }, AutoUnload: false }",
  );
  assert.ok(r.tli);
  assert.deepEqual(Object.keys(r.tli), ['TLS_Keep_Limit', 'Actors', 'AutoUnload']);
  assert.deepEqual(Object.keys(r.tli.Actors), ['b.B', 'a.A']);
  assert.deepEqual(Object.keys(r.tli.Actors['b.B'].OnLoad ?? {}), ['Message', 'Role']);
  assert.equal(r.tli.Actors['b.B'].OnLoad?.Message, 0);
  assert.equal(r.tli.Actors['a.A'].OnDeactivate?.Message, null);
  assert.equal(r.tli.AutoUnload, false);
});

test('the reader refuses what is not a document: a wrong type, an unknown key, no Actors', () => {
  assert.equal(readTliDocument({ Actors: { 'a.A': { OnLoad: { Role: 3 } } } }), undefined);
  assert.equal(readTliDocument({ Actors: {}, Autounload: true }), undefined);
  assert.equal(readTliDocument({ AutoUnload: true }), undefined);
  assert.equal(readTliDocument({ Actors: { 'a.A': { OnLoad: 'x' } } }), undefined);
  assert.deepEqual(readTliDocument({ Actors: { 'a.A': {} }, TLS_Memory_MiB: 0 }), {
    Actors: { 'a.A': {} },
    TLS_Memory_MiB: 0,
  });
});

test('a __proto__ key inside a Message stays a key, not a prototype', () => {
  const r = validateTli("{ Actors: { 'a.A': { OnLoad: { Message: { __proto__: { x: 1 } } } } } }");
  const message = r.tli?.Actors['a.A'].OnLoad?.Message;
  assert.ok(message !== undefined && message !== null && typeof message === 'object' && !Array.isArray(message));
  assert.ok(Object.prototype.hasOwnProperty.call(message, '__proto__'));
  assert.equal(Object.getPrototypeOf(message), Object.prototype);
});

test('expandTliEnv expands every string value, names included, to the empty string when unset', () => {
  const r = validateTli(
    "{ Actors: { 'a.A': { OnLoad: { Role: '${env:R}', GlobalName: 'g-${env:G:-x}', Message: ['${env:M}', 1] } } } }",
  );
  assert.ok(r.tli);
  assert.deepEqual(expandTliEnv(r.tli, { M: 'm' }).Actors['a.A'].OnLoad, {
    Role: '',
    GlobalName: 'g-x',
    Message: ['m', 1],
  });
});
