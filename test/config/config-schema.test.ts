import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePercentFormat } from '../../config-lang/src/log-format';
import { validateOthercaps } from '../../config-lang/src/othercaps-schema';
import { validateThesplog } from '../../config-lang/src/thesplog-schema';

const minimal = (handler: string, extra = ''): string =>
  `{ version: 1, handlers: { h: ${handler} }, root: { level: 'INFO', handlers: ['h'] }${extra} }`;

function codes(text: string): string[] {
  return validateThesplog(text).diagnostics.map((d) => d.code);
}

test('othercaps: a non-object is OTHERCAPS_NOT_OBJECT, an empty file OTHERCAPS_EMPTY', () => {
  assert.deepEqual(
    validateOthercaps('[1, 2]').diagnostics.map((d) => d.code),
    ['OTHERCAPS_NOT_OBJECT'],
  );
  assert.deepEqual(
    validateOthercaps('  ').diagnostics.map((d) => d.code),
    ['OTHERCAPS_EMPTY'],
  );
  assert.deepEqual(validateOthercaps('{ a: 1, b: [true, null] }').value, { a: 1, b: [true, null] });
});

test('othercaps: a syntax error is OTHERCAPS_SYNTAX at its line', () => {
  const r = validateOthercaps('{\n  a: 1,\n  b: ]\n}');
  assert.equal(r.value, undefined);
  assert.equal(r.diagnostics[0]?.code, 'OTHERCAPS_SYNTAX');
  assert.equal(r.diagnostics[0]?.range.start.line, 2);
});

test('thesplog: each handler class of the guide is accepted, short aliases too', () => {
  for (const cls of ['logging.handlers.TimedRotatingFileHandler', 'TimedRotatingFileHandler']) {
    assert.deepEqual(codes(minimal(`{ class: '${cls}', filename: 'a.log', when: 'midnight', backupCount: 3 }`)), []);
  }
  assert.deepEqual(
    codes(
      minimal("{ class: 'logging.handlers.RotatingFileHandler', filename: 'a.log', maxBytes: 100, backupCount: 2 }"),
    ),
    [],
  );
  assert.deepEqual(codes(minimal("{ class: 'logging.StreamHandler', stream: 'ext://sys.stdout' }")), []);
  assert.deepEqual(codes(minimal("{ class: 'logging.FileHandler', filename: 'x.log' }")), []);
});

test('thesplog: the version must be 1', () => {
  assert.deepEqual(codes('{ handlers: {} }'), ['THESPLOG_BAD_VERSION']);
  assert.deepEqual(codes('{ version: 2 }'), ['THESPLOG_BAD_VERSION']);
});

test('thesplog: unknown keys, classes and filter factories are named', () => {
  assert.deepEqual(codes(minimal("{ class: 'StreamHandler', colour: 'red' }")), ['THESPLOG_UNKNOWN_KEY']);
  assert.deepEqual(codes(minimal("{ class: 'my.Handler' }")), ['THESPLOG_UNKNOWN_HANDLER_CLASS']);
  assert.deepEqual(
    codes(minimal("{ class: 'StreamHandler', filters: ['f'] }", ", filters: { f: { '()': 'os.system' } }")),
    ['THESPLOG_UNKNOWN_FILTER_FACTORY'],
  );
});

test('thesplog: levels are names or numbers 0..50', () => {
  assert.deepEqual(codes(minimal("{ class: 'StreamHandler', level: 'debug' }")), []);
  assert.deepEqual(codes(minimal("{ class: 'StreamHandler', level: 40 }")), []);
  assert.deepEqual(codes(minimal("{ class: 'StreamHandler', level: 'LOUD' }")), ['THESPLOG_BAD_LEVEL']);
  assert.deepEqual(codes(minimal("{ class: 'StreamHandler', level: 99 }")), ['THESPLOG_BAD_LEVEL']);
});

test('thesplog: a format naming an unknown field, or a stray %, is THESPLOG_BAD_FORMAT', () => {
  assert.deepEqual(
    codes(minimal("{ class: 'StreamHandler', formatter: 'f' }", ", formatters: { f: { format: '%(nosuch)s' } }")),
    ['THESPLOG_BAD_FORMAT'],
  );
  assert.deepEqual(
    codes(minimal("{ class: 'StreamHandler', formatter: 'f' }", ", formatters: { f: { format: '100% sure' } }")),
    ['THESPLOG_BAD_FORMAT'],
  );
  assert.deepEqual(
    codes(
      minimal("{ class: 'StreamHandler', formatter: 'f' }", ", formatters: { f: { format: '100%% %(message)s' } }"),
    ),
    [],
  );
});

test('thesplog: weekly rotation is THESPLOG_UNSUPPORTED with what to use instead', () => {
  const r = validateThesplog(minimal("{ class: 'TimedRotatingFileHandler', filename: 'a.log', when: 'W0' }"));
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['THESPLOG_UNSUPPORTED'],
  );
  assert.match(r.diagnostics[0].message, /midnight/);
});

test('thesplog: a file handler without filename is THESPLOG_MISSING_KEY', () => {
  assert.deepEqual(codes(minimal("{ class: 'RotatingFileHandler', maxBytes: 10 }")), ['THESPLOG_MISSING_KEY']);
});

test('percent formats split into text and fields with flags and width', () => {
  const r = parsePercentFormat('%(asctime)s %(levelname)-7s|%(msecs)03d%%');
  assert.equal(r.error, undefined);
  assert.deepEqual(r.tokens, [
    { kind: 'field', name: 'asctime', flags: '', conversion: 's' },
    { kind: 'text', text: ' ' },
    { kind: 'field', name: 'levelname', flags: '-', width: 7, conversion: 's' },
    { kind: 'text', text: '|' },
    { kind: 'field', name: 'msecs', flags: '0', width: 3, conversion: 'd' },
    { kind: 'text', text: '%' },
  ]);
});

test('diagnostics land on the key or value at fault (the reader keeps positions)', () => {
  const text =
    "{ version: 1,\n  handlers: { h: { class: 'StreamHandler', colour: 'red', level: 'LOUD' } },\n  root: { handlers: ['nope'] } }";
  const at = (code: string) => {
    const d = validateThesplog(text).diagnostics.find((x) => x.code === code);
    assert.ok(d, code);
    const line = text.split('\n')[d.range.start.line] ?? '';
    return line.slice(d.range.start.character, d.range.end.character);
  };
  assert.equal(at('THESPLOG_UNKNOWN_KEY'), 'colour');
  assert.equal(at('THESPLOG_BAD_LEVEL'), "'LOUD'");
  assert.equal(at('THESPLOG_UNDEFINED_REFERENCE'), "'nope'");
  const caps = "{ a: 1,\n 'Admin Port': 3 }";
  const d = validateOthercaps(caps).diagnostics[0];
  assert.equal(d?.code, 'OTHERCAPS_RESERVED_KEY');
  assert.deepEqual(d?.range, { start: { line: 1, character: 1 }, end: { line: 1, character: 13 } });
});
