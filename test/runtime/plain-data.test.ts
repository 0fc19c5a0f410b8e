import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findNonPlainData } from '../../runtime/src/actors/plain-data';

test('plain data passes: primitives, plain and null-prototype objects, arrays, typed arrays, Buffer, Date, Map, Set, cycles', () => {
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  const values: unknown[] = [
    null,
    undefined,
    1,
    'x',
    true,
    10n,
    { a: [1, { b: 'c' }] },
    Object.create(null) as object,
    new Uint8Array([1]),
    Buffer.from('x'),
    new Float64Array(2),
    new Date(0),
    new Map([['k', { v: 1 }]]),
    new Set([1, 2]),
    cyclic,
  ];
  values.forEach((v, i) => assert.equal(findNonPlainData(v), null, `value #${i}`));
});

test('a class instance, a function or a symbol is named with its path', () => {
  class Thing {}
  assert.equal(findNonPlainData(new Thing()), 'message is an instance of class Thing');
  assert.equal(findNonPlainData({ a: { b: [0, new Thing()] } }), 'message.a.b[1] is an instance of class Thing');
  assert.equal(findNonPlainData({ f: () => 1 }), 'message.f is a function');
  assert.equal(findNonPlainData([Symbol('s')]), 'message[0] is a symbol');
  assert.equal(findNonPlainData(new Map([['k', new Thing()]])), 'message.get(k) is an instance of class Thing');
  class MyArray extends Array {}
  assert.match(findNonPlainData(new MyArray()) ?? '', /Array subclass/);
});
