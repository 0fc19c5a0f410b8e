// Config and thesplog codes that the other config tests do not reach: each from a real file or
// text, with its code and where it points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../runtime/src/config/read-config';
import { validateThesplog } from '../../config-lang/src/thesplog-schema';
import { tempDir, writeFiles } from '../cli/support';

const codes = (text: string): string[] => validateThesplog(text).diagnostics.map((d) => d.code);

test('thesplog: a syntax error is THESPLOG_SYNTAX, an empty file THESPLOG_EMPTY, a non-object THESPLOG_NOT_OBJECT', () => {
  const r = validateThesplog('{\n  version: 1,\n  handlers: ]\n}');
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['THESPLOG_SYNTAX'],
  );
  assert.equal(r.diagnostics[0]?.range.start.line, 2);
  assert.deepEqual(codes(' \n '), ['THESPLOG_EMPTY']);
  assert.deepEqual(codes("['version', 1]"), ['THESPLOG_NOT_OBJECT']);
});

test('thesplog: a section that is not an object, or a count that is not a whole number, is THESPLOG_BAD_TYPE', () => {
  assert.deepEqual(codes('{ version: 1, handlers: [] }'), ['THESPLOG_BAD_TYPE']);
  assert.deepEqual(
    codes(
      "{ version: 1, handlers: { h: { class: 'RotatingFileHandler', filename: 'a.log', backupCount: 1.5 } }, root: { handlers: ['h'] } }",
    ),
    ['THESPLOG_BAD_TYPE'],
  );
});

test('thesplogd.cfg with two lines is CONFIG_LOGDIR_INVALID at line 2', async () => {
  const t = await tempDir();
  try {
    await writeFiles(t.dir, { 'thesplogd.cfg': '/var/log/a\n/var/log/b\n' });
    const { problems } = await readConfig(t.dir);
    assert.deepEqual(
      problems.map((p) => [p.code, p.line]),
      [['CONFIG_LOGDIR_INVALID', 2]],
    );
  } finally {
    await t.cleanup();
  }
});
