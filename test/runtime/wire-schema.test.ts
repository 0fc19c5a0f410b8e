// The one adapter from valibot's issues to the messages every boundary gives: the path, what was
// expected and what came; unknown keys (with `__proto__` among them) and non-objects refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v from 'valibot';
import {
  absentOrNull,
  address,
  closedObject,
  coded,
  count,
  decodeWith,
  describe,
  isJsonValue,
  jsonValue,
  nonEmptyString,
  objectOf,
  openObject,
  pathText,
} from '../../runtime/src/protocol/wire-schema';

const Frame = closedObject({
  id: v.pipe(
    v.number('a positive whole number'),
    v.safeInteger('a positive whole number'),
    v.minValue(1, 'a positive whole number'),
  ),
  to: address(),
  name: v.optional(nonEmptyString()),
});
const TO = { system: '127.0.0.1:1900', id: 'a1' };

function message(schema: v.GenericSchema, input: unknown, what?: string): string {
  const d = decodeWith(schema, input, what);
  assert.equal(d.ok, false, `expected ${JSON.stringify(input)} to be refused`);
  return d.ok ? '' : d.message;
}

test('a wrong value names its path, what was expected and what came', () => {
  assert.equal(message(Frame, { id: 'x', to: TO }), '"id" must be a positive whole number, got "x"');
  assert.equal(message(Frame, { id: 0, to: TO }), '"id" must be a positive whole number, got 0');
  assert.equal(
    message(Frame, { id: 1, to: { system: 'a' } }),
    '"to" must be an actor address { system: string, id: string }, got an object',
  );
  assert.equal(message(Frame, { id: 1, to: TO, name: '' }), '"name" must be a non-empty string, got ""');
});

test('a missing key says what it must be and that nothing came', () => {
  assert.equal(message(Frame, { id: 1 }), '"to" must be an actor address { system: string, id: string }, got nothing');
});

test('with a name for the value, messages start with it', () => {
  assert.equal(message(Frame, [], 'actor/ask params'), 'actor/ask params must be an object, got an array of 0');
  assert.equal(
    message(Frame, { id: 2.5, to: TO }, 'actor/ask params'),
    'actor/ask params: "id" must be a positive whole number, got 2.5',
  );
});

test('unknown keys are refused by name with the allowed ones; __proto__ is a key like any other', () => {
  assert.equal(message(Frame, { id: 1, to: TO, extra: true }), 'unknown key "extra"; allowed: id, to, name');
  assert.equal(
    message(Frame, JSON.parse('{"id":1,"to":{"system":"s","id":"i"},"__proto__":{"polluted":1}}')),
    'unknown key "__proto__"; allowed: id, to, name',
  );
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  const custom = closedObject(
    { a: v.string() },
    (k, allowed) => `has an unknown field "${k}"; expected only ${allowed.join(', ')}`,
  );
  assert.equal(message(custom, { a: 'x', b: 1 }, 'hello'), 'hello: has an unknown field "b"; expected only a');
});

test('nested paths read as code: accessors, quoted keys that are not names, indices', () => {
  const Actors = closedObject({
    Actors: objectOf(closedObject({ OnLoad: v.optional(closedObject({ Role: absentOrNull(v.string('a string')) })) })),
  });
  assert.equal(
    message(Actors, { Actors: { 'a.b': { OnLoad: { Role: 3 } } } }),
    'Actors["a.b"].OnLoad.Role must be a string, got 3',
  );
  assert.equal(
    message(Actors, { Actors: { 'a.b': { OnLod: {} } } }),
    'Actors["a.b"]: unknown key "OnLod"; allowed: OnLoad',
  );
  assert.equal(pathText(['messages', 3, 'to']), 'messages[3].to');
  assert.equal(pathText(['to']), '"to"');
});

test('what came is described briefly, long strings cut', () => {
  assert.equal(describe(null), 'null');
  assert.equal(describe(undefined), 'nothing');
  assert.equal(describe(true), 'true');
  assert.equal(describe(new Date(0)), 'a Date instance');
  assert.equal(describe(Object.create(null)), 'an object');
  assert.match(describe('x'.repeat(100)), /^"x{40}"… \(100 characters\)$/);
});

test('arrays and non-objects are not objects, even for a schema without required keys', () => {
  const none = closedObject({});
  assert.equal(decodeWith(none, {}).ok, true);
  assert.equal(message(none, []), 'the value must be an object, got an array of 0');
  assert.equal(message(none, 'x'), 'the value must be an object, got "x"');
  assert.equal(message(openObject({ a: count() }), { a: -1 }), '"a" must be a whole number (0 or more), got -1');
});

test('null where an optional value may be absent reads as absent; the output keeps only known keys', () => {
  const S = openObject({ n: absentOrNull(count()) });
  const d = decodeWith(S, { n: null, other: 1 });
  assert.ok(d.ok);
  assert.deepEqual(
    Object.entries(d.value).filter(([, x]) => x !== undefined),
    [],
  );
});

test('plain JSON data: finite numbers, plain objects and arrays only', () => {
  assert.equal(isJsonValue({ a: [1, 'x', null, { b: false }] }), true);
  assert.equal(isJsonValue({ a: Number.NaN }), false);
  assert.equal(isJsonValue({ a: new Uint8Array(1) }), false);
  assert.equal(
    message(closedObject({ m: jsonValue() }), { m: { d: new Date(0) } }),
    '"m" must be plain JSON data (d is a Date instance), got an object',
  );
});

test('a coded check refuses with its own code and sentence, the path before it when nested; other checks keep the generic words', () => {
  const even = coded(
    v.check((n: number) => n % 2 === 0, 'an even number'),
    'TEST_ODD',
    (n) => `${String(n)} is odd`,
  );
  const Item = closedObject({ n: v.pipe(v.number('a number'), even) });
  const Outer = closedObject({ items: v.array(Item, 'an array') });
  assert.deepEqual(decodeWith(Item, { n: 3 }, 'item'), { ok: false, message: '3 is odd', code: 'TEST_ODD' });
  assert.deepEqual(decodeWith(Outer, { items: [{ n: 2 }, { n: 5 }] }, 'list'), {
    ok: false,
    message: 'list: items[1].n: 5 is odd',
    code: 'TEST_ODD',
  });
  assert.deepEqual(decodeWith(Item, { n: 'x' }, 'item'), { ok: false, message: 'item: "n" must be a number, got "x"' });
  assert.deepEqual(decodeWith(Item, {}, 'item'), { ok: false, message: 'item: "n" must be a number, got nothing' });
  assert.deepEqual(decodeWith(Outer, { items: [{ n: 4 }] }), { ok: true, value: { items: [{ n: 4 }] } });
});
