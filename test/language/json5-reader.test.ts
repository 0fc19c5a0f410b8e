import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSON5 from 'json5';
import { parseJson5, type Json5Node } from '../../config-lang/src';
import { Rng, document, mutate } from './json5-gen';

function json5(text: string): { ok: true; value: unknown } | { ok: false; line: number; column: number } {
  try {
    return { ok: true, value: JSON5.parse<unknown>(text) };
  } catch (e) {
    const err = e as { lineNumber: number; columnNumber: number };
    return { ok: false, line: err.lineNumber, column: err.columnNumber };
  }
}

/** Run with json5's U+2028 warning (console.warn) silenced. */
function quiet<T>(f: () => T): T {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return f();
  } finally {
    console.warn = warn;
  }
}

const FEATURES: Array<[string, string]> = [
  ['line and block comments', '// top\n{ /* a */ a: 1, // b\n b: 2 }'],
  ['single- and double-quoted strings', `["a'b", 'c"d', '', ""]`],
  ['escapes', String.raw`['\b\f\n\r\t\v\0 \x41 \u00e9 \' \" \\ \/ \a \😀']`],
  ['line continuations (LF, CRLF, CR, LS, PS)', "['a\\\nb', 'c\\\r\nd', 'e\\\rf', 'g\\\u2028h', 'i\\\u2029j']"],
  [
    'unquoted identifier keys, reserved words and Unicode',
    '{ a: 1, $b: 2, _c: 3, null: 4, true: 5, café: 6, \\u0061x: 7, ℵ: 8 }',
  ],
  ['trailing commas', '{ a: [1, 2,], b: {c: 3,}, }'],
  ['hex numbers', '[0x1F, 0XaB, -0x10, +0x0]'],
  ['leading and trailing decimal points', '[.5, 5., -.5, +5., 5.e2, .5E-1]'],
  ['Infinity and NaN with signs', '[Infinity, -Infinity, +Infinity, NaN, -NaN, +NaN]'],
  ['leading plus and negative zero', '[+1, -0, +0.0, 1e+3, 1E-3]'],
  ['JSON5 white space', '\ufeff\u00a0[\u2028\t\v\f 1\u3000,\u2029 2 ]\r\n'],
  ['a __proto__ key stays an own property', '{ "__proto__": { polluted: true }, x: 1 }'],
  ['duplicate keys: the last wins', '{ a: 1, b: 2, a: 3 }'],
  ['unescaped U+2028 inside a string', "'a\u2028b'"],
  ['deep nesting', '[[[[[[[[[[{a:[[[[1]]]]}]]]]]]]]]]'],
  ['top-level scalars', "  'only a string'  "],
];

for (const [name, text] of FEATURES) {
  test(`JSON5 feature agrees with json5: ${name}`, () => {
    const mine = parseJson5(text);
    const theirs = quiet(() => json5(text));
    assert.ok(theirs.ok, 'json5 accepts it');
    assert.ok(mine.node, `the reader accepts it: ${mine.diagnostics.map((d) => d.message).join('; ')}`);
    assert.deepStrictEqual(mine.value, theirs.value);
  });
}

test('a __proto__ key does not pollute prototypes', () => {
  const r = parseJson5('{ "__proto__": { polluted: true } }');
  assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  assert.deepEqual(Object.keys(r.value as object), ['__proto__']);
});

test('differential: 3,000 generated JSON5 documents parse to the values json5 gives', () => {
  const r = new Rng(20261130);
  for (let i = 0; i < 3000; i++) {
    const text = document(r);
    const theirs = quiet(() => json5(text));
    const mine = parseJson5(text);
    assert.ok(theirs.ok, `generator made a document json5 rejects: ${JSON.stringify(text)}`);
    assert.ok(
      mine.node,
      `reader rejected ${JSON.stringify(text)}: ${mine.diagnostics.map((d) => d.message).join('; ')}`,
    );
    assert.deepStrictEqual(mine.value, theirs.value, JSON.stringify(text));
  }
});

test('differential: 5,000 one-character mutations are accepted or rejected as json5 does, with equal values', () => {
  const r = new Rng(7);
  let rejected = 0;
  for (let i = 0; i < 5000; i++) {
    const text = mutate(r, document(r));
    const theirs = quiet(() => json5(text));
    const mine = parseJson5(text);
    const syntax = mine.diagnostics.find((d) => d.code !== 'JSON5_DUPLICATE_KEY');
    if (theirs.ok) {
      assert.ok(mine.node, `json5 accepts but the reader rejects ${JSON.stringify(text)}: ${syntax?.message}`);
      assert.deepStrictEqual(mine.value, theirs.value, JSON.stringify(text));
    } else {
      rejected++;
      assert.equal(mine.node, undefined, `json5 rejects but the reader accepts ${JSON.stringify(text)}`);
      assert.ok(syntax, 'a syntax diagnostic');
    }
  }
  assert.ok(rejected > 500, `only ${rejected} mutations were invalid: the test would prove little`);
});

const ERRORS: Array<[string, string, string]> = [
  // [name, text with ⟦range⟧, code]
  ['stray character', '{ a: ⟦@⟧ }', 'JSON5_SYNTAX'],
  ['missing comma', '[1 ⟦2⟧]', 'JSON5_SYNTAX'],
  ['missing colon', '{ a ⟦1⟧ }', 'JSON5_SYNTAX'],
  ['unquoted word value', '{ a: ⟦yes⟧ }', 'JSON5_SYNTAX'],
  ['leading comma in an array', '[⟦,⟧1]', 'JSON5_SYNTAX'],
  ['end inside an array', '[1, 2⟦⟧', 'JSON5_UNEXPECTED_END'],
  ['end after a sign', '-⟦⟧', 'JSON5_UNEXPECTED_END'],
  ['unterminated string at the end', "⟦'abc⟧", 'JSON5_UNTERMINATED_STRING'],
  ['newline inside a string', "[⟦'ab⟧\ncd']", 'JSON5_UNTERMINATED_STRING'],
  ['unterminated comment', '1 ⟦/*⟧ x', 'JSON5_UNTERMINATED_COMMENT'],
  ['\\0 before a digit', "'⟦\\01⟧'", 'JSON5_BAD_ESCAPE'],
  ['\\9', "'a⟦\\9⟧'", 'JSON5_BAD_ESCAPE'],
  ['bad identifier escape', '{ ⟦\\x⟧61: 1 }', 'JSON5_BAD_ESCAPE'],
  ['leading zeros', '⟦00⟧', 'JSON5_BAD_NUMBER'],
  ['lone decimal point', '[⟦.⟧]', 'JSON5_BAD_NUMBER'],
  ['sign before a word', '+⟦Inf⟧', 'JSON5_SYNTAX'],
  ['lower-case infinity', '⟦infinity⟧', 'JSON5_SYNTAX'],
  ['astral character before the error', "['😀', ⟦@⟧]", 'JSON5_SYNTAX'],
  ['CRLF before the error', '[\r\n1,\r\n⟦}⟧]', 'JSON5_SYNTAX'],
];

for (const [name, marked, code] of ERRORS) {
  test(`syntax error at the exact range: ${name} → ${code}`, () => {
    const a = marked.indexOf('⟦');
    const b = marked.indexOf('⟧');
    const text = marked.slice(0, a) + marked.slice(a + 1, b) + marked.slice(b + 1);
    const r = parseJson5(text);
    assert.equal(r.node, undefined);
    assert.equal(r.diagnostics.length, 1);
    const d = r.diagnostics[0];
    assert.equal(d.code, code);
    assert.deepEqual([r.lines.offsetAt(d.range.start), r.lines.offsetAt(d.range.end)], [a, b - 1]);
    assert.equal(json5(text).ok, false, 'json5 rejects it too');
  });
}

test('ranges of keys and values are exact, in UTF-16 units, across CRLF lines', () => {
  const text = "{\r\n  '😀': [1, 'x'],\r\n  b: null\r\n}";
  const r = parseJson5(text);
  assert.ok(r.node?.kind === 'object');
  const [m1, m2] = r.node.members;
  assert.deepEqual(m1.keyRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
  assert.equal(text.slice(m1.keyStart, m1.keyEnd), "'😀'");
  const arr = m1.value as Json5Node & { kind: 'array' };
  assert.deepEqual(arr.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 16 } });
  assert.deepEqual(arr.items[1].range, { start: { line: 1, character: 12 }, end: { line: 1, character: 15 } });
  assert.deepEqual(m2.value.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } });
  assert.deepEqual(r.node.range, { start: { line: 0, character: 0 }, end: { line: 3, character: 1 } });
});

test('duplicate keys are reported at the later key and the value keeps the last', () => {
  const r = parseJson5('{ a: 1,\n  a: 2 }');
  assert.deepEqual(r.value, { a: 2 });
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].code, 'JSON5_DUPLICATE_KEY');
  assert.deepEqual(r.diagnostics[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 3 } });
});

test('nesting beyond the limit is a JSON5_TOO_DEEP diagnostic, not a stack overflow', () => {
  const r = parseJson5('['.repeat(100000));
  assert.equal(r.node, undefined);
  assert.equal(r.diagnostics[0].code, 'JSON5_TOO_DEEP');
  assert.equal(r.diagnostics[0].range.start.character, 500);
});
