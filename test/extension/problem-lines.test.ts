import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { parseProblemLines } = model;

test('FILE:LINE:COL problems in command output are found with their message and code', () => {
  const out = [
    'director: foo/fooactor.ts:12:5: Expected ";" but found "}" [GENSRC_TRANSPILE_FAILED]',
    'some progress line',
    'foo/state.ts:3: Unexpected token',
    'foo/barn/cow.ts(7,2): error here',
    'director: could not read the key [KEY_UNREADABLE]',
  ].join('\n');
  assert.deepEqual(parseProblemLines(out), [
    {
      file: 'foo/fooactor.ts',
      line: 12,
      column: 5,
      message: 'Expected ";" but found "}"',
      code: 'GENSRC_TRANSPILE_FAILED',
    },
    { file: 'foo/state.ts', line: 3, column: 1, message: 'Unexpected token' },
    { file: 'foo/barn/cow.ts', line: 7, column: 2, message: 'error here' },
  ]);
});

test('output without file positions gives no problems', () => {
  assert.deepEqual(parseProblemLines('Wrote /d/foo-1.2.tls\nLoaded "foo" /d/foo-1.2.tls: abc\n'), []);
  assert.deepEqual(parseProblemLines(''), []);
});

test("gensrc's SOURCE_SYNTAX message gives one problem per esbuild error line", () => {
  const err =
    'director: Cannot compile foo/fooactor.ts:\n  foo/fooactor.ts:12:5: Expected ";" but found "}"\n  foo/fooactor.ts:14:1: Unexpected end of file [SOURCE_SYNTAX]\n';
  assert.deepEqual(parseProblemLines(err), [
    { file: 'foo/fooactor.ts', line: 12, column: 5, message: 'Expected ";" but found "}"' },
    { file: 'foo/fooactor.ts', line: 14, column: 1, message: 'Unexpected end of file', code: 'SOURCE_SYNTAX' },
  ]);
});
