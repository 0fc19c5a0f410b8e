import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateTli, type Diagnostic } from '../../config-lang/src';
import { validate } from '../../language/src/service';
import { TLI_CORPUS, positionOf, stripMarkers } from '../fixtures/tli-corpus/corpus';

const summary = (ds: readonly Diagnostic[]): string[] =>
  ds.map(
    (d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  );

test('the corpus holds at least 40 bad TLIs, each with a distinct name', () => {
  assert.ok(TLI_CORPUS.length >= 40, `only ${TLI_CORPUS.length} cases`);
  assert.equal(new Set(TLI_CORPUS.map((c) => c.name)).size, TLI_CORPUS.length);
});

for (const c of TLI_CORPUS) {
  test(`corpus: ${c.name} → ${c.code} at the marked range`, () => {
    const { text, start, end } = stripMarkers(c.text);
    const diagnostics = validate(text);
    const expected = { start: positionOf(text, start), end: positionOf(text, end) };
    const hit = diagnostics.find((d) => d.code === c.code);
    assert.ok(hit, `no ${c.code} among ${summary(diagnostics).join(', ')}`);
    assert.deepEqual(hit.range, expected, `${c.code} range`);
    assert.ok(hit.message.length > 10, 'the message says something');
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), [c.code, ...(c.also ?? [])].sort(), 'no other diagnostics');
  });
}

test('one schema: validateTli (daemon loader, gensrc) and the language service report the same codes and ranges on every corpus case', () => {
  for (const c of TLI_CORPUS) {
    const { text } = stripMarkers(c.text);
    const daemon = validateTli(text);
    assert.equal(daemon.tli, undefined, `${c.name}: validateTli accepted a bad TLI`);
    assert.deepEqual(summary(daemon.diagnostics), summary(validate(text)), c.name);
  }
});
