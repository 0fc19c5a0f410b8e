import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { validateThesplog, type ThesplogConfig } from '../../config-lang/src/thesplog-schema';
import { createLogging, NOT_ACTOR } from '../../runtime/src/logging/create-logging';
import { compileFormatter } from '../../runtime/src/logging/formatter';
import { rotationOptions } from '../../runtime/src/logging/handlers';
import { DEFAULT_THESPLOG } from '../../runtime/src/config/default-thesplog';
import { loadConfig } from '../../runtime/src/config/read-config';
import { ConfigError } from '../../runtime/src/config/config-error';
import { Capture, tempDir, writeFiles } from '../cli/support';
import { GUIDE_THESPLOG } from '../config/fixtures';

function config(text: string): ThesplogConfig {
  const r = validateThesplog(text);
  assert.ok(r.value, JSON.stringify(r.diagnostics));
  return r.value;
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
}

test("the guide's thesplog.cfg writes formatted lines to fooapp.log in the log dir, actor address or placeholder", async () => {
  const t = await tempDir();
  const logging = createLogging(config(GUIDE_THESPLOG), t.dir);
  try {
    logging.getLogger('foo.fooactor', { system: '127.0.0.1:1900', id: 'a7' }).info('hello %s', 'world');
    logging.getLogger('thespian.director').warning('not from an actor');
    await logging.close();
    const got = await lines(path.join(t.dir, 'fooapp.log'));
    assert.equal(got.length, 2, got.join('\n'));
    // '%(asctime)s,%(msecs)d %(actorAddress)s/PID:%(process)d %(name)s %(levelname)s %(message)s' with datefmt '%Y-%m-%d %H:%M:%S'
    assert.match(
      got[0],
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{1,3} ActorAddr-\\(127\\.0\\.0\\.1:1900\\|a7\\)/PID:${process.pid} foo\\.fooactor INFO hello world$`,
      ),
    );
    assert.match(got[1], new RegExp(`^\\S+ \\S+ ${NOT_ACTOR}/PID:\\d+ thespian\\.director WARNING not from an actor$`));
  } finally {
    await logging.close();
    await t.cleanup();
  }
});

test('levels filter: root at INFO drops debug; subsysA at WARNING with propagate 0 logs once', async () => {
  const t = await tempDir();
  const logging = createLogging(config(GUIDE_THESPLOG), t.dir);
  try {
    logging.getLogger('app').debug('dropped: below root INFO');
    logging.getLogger('app').info('kept');
    logging.getLogger('subsysA').info('dropped: below subsysA WARNING');
    logging.getLogger('subsysA.part').warning('kept once');
    logging.getLogger('subsysA').error('also once');
    await logging.close();
    const got = (await lines(path.join(t.dir, 'fooapp.log'))).map((l) =>
      l.replace(/^.*? (INFO|WARNING|ERROR|DEBUG) /, '$1 '),
    );
    assert.deepEqual(got, ['INFO kept', 'WARNING kept once', 'ERROR also once']);
  } finally {
    await logging.close();
    await t.cleanup();
  }
});

test('a handler level drops records its logger lets through', async () => {
  const t = await tempDir();
  const cfg = config(`{ version: 1,
    handlers: { all: { class: 'FileHandler', filename: 'all.log' }, errors: { class: 'FileHandler', filename: 'err.log', level: 'ERROR' } },
    root: { level: 10, handlers: ['all', 'errors'] } }`);
  const logging = createLogging(cfg, t.dir);
  try {
    const log = logging.getLogger('x');
    log.debug('d');
    log.error('e');
    await logging.close();
    assert.deepEqual(await lines(path.join(t.dir, 'all.log')), ['d', 'e']);
    assert.deepEqual(await lines(path.join(t.dir, 'err.log')), ['e']);
  } finally {
    await t.cleanup();
  }
});

test('RotatingFileHandler rotates at maxBytes and keeps backupCount files', async () => {
  const t = await tempDir();
  const cfg = config(`{ version: 1,
    handlers: { r: { class: 'logging.handlers.RotatingFileHandler', filename: 'sub/rot.log', maxBytes: 200, backupCount: 2 } },
    root: { level: 'DEBUG', handlers: ['r'] } }`);
  const logging = createLogging(cfg, t.dir);
  try {
    const log = logging.getLogger('r');
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    await logging.close();
    const dir = path.join(t.dir, 'sub');
    assert.deepEqual((await readdir(dir)).sort(), ['rot.log', 'rot.log.1', 'rot.log.2']);
    for (const f of ['rot.log.1', 'rot.log.2']) {
      const size = (await stat(path.join(dir, f))).size;
      // rotating-file-stream rotates after the write that reaches maxBytes: at most one line over.
      assert.ok(size >= 200 && size < 200 + 50, `${f}: ${size} bytes`);
    }
    // The newest lines are in rot.log, the older ones in .1 then .2; nothing in between is lost.
    const all = [
      ...(await lines(path.join(dir, 'rot.log.2'))),
      ...(await lines(path.join(dir, 'rot.log.1'))),
      ...(await lines(path.join(dir, 'rot.log'))),
    ];
    const numbers = all.map((l) => Number(l.slice(5, 8)));
    assert.equal(numbers[numbers.length - 1], 39);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => numbers[0] + i),
    );
  } finally {
    await logging.close();
    await t.cleanup();
  }
});

test('TimedRotatingFileHandler maps to a rotating-file-stream interval with classic backups', () => {
  const c = config(GUIDE_THESPLOG);
  const h = c.handlers['foo_log_handler'];
  assert.ok(h?.kind === 'timed');
  assert.deepEqual(rotationOptions(h), { interval: '1d', rotate: 3 });
  const hourly = config(
    `{ version: 1, handlers: { h: { class: 'TimedRotatingFileHandler', filename: 'a', when: 'H', interval: 6 } } }`,
  ).handlers['h'];
  assert.ok(hourly?.kind === 'timed');
  assert.deepEqual(rotationOptions(hourly), { interval: '6h', intervalBoundary: true });
});

test('the built-in default writes INFO to thespian.log and DEBUG only to thespian_debug.log, with file and line', async () => {
  const t = await tempDir();
  const logging = createLogging(DEFAULT_THESPLOG, t.dir);
  try {
    const log = logging.getLogger('thespian.director');
    log.debug('debug detail');
    log.info('Started new foo.fooactor.FooActor (MainFoo) @ x');
    await logging.close();
    const main = await lines(path.join(t.dir, 'thespian.log'));
    const debug = await lines(path.join(t.dir, 'thespian_debug.log'));
    assert.equal(main.length, 1);
    assert.equal(debug.length, 2);
    // '%(asctime)s %(levelname)-7s %(actorAddress)s  %(message)s [%(filename)s:%(lineno)s]'
    assert.match(
      main[0],
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO {4}-not-actor- {2}Started new foo\.fooactor\.FooActor \(MainFoo\) @ x \[logging\.test\.js:\d+\]$/,
    );
    assert.match(debug[0], / DEBUG {3}-not-actor- {2}debug detail \[logging\.test\.js:\d+\]$/);
  } finally {
    await logging.close();
    await t.cleanup();
  }
});

test("exception() logs at ERROR with the error's stack after the message", async () => {
  const out = new Capture();
  const err = new Capture();
  const cfg = config(`{ version: 1, formatters: { f: { format: '%(levelname)s %(message)s' } },
    handlers: { s: { class: 'logging.StreamHandler', stream: 'ext://sys.stdout', formatter: 'f' } }, root: { level: 10, handlers: ['s'] } }`);
  const logging = createLogging(cfg, '/nonexistent', { stdout: out, stderr: err });
  logging.getLogger('a').exception('load of %s failed', 'foo', new Error('boom'));
  await logging.close();
  assert.match(out.text, /^ERROR load of foo failed\nError: boom\n\s+at /);
  assert.equal(err.text, '');
});

test('formatter: widths, zero padding, msecs and datefmt as Python prints them', () => {
  const created = new Date(2026, 10, 30, 18, 32, 10, 7).getTime();
  const f = compileFormatter({
    format: '[%(levelname)-7s] %(msecs)03d %(asctime)s %(levelno)5d %(name).3s',
    datefmt: '%Y/%m/%d %H-%M-%S',
  });
  assert.equal(
    f({ name: 'director', levelno: 20, message: 'm', created, process: 1 }),
    '[INFO   ] 007 2026/11/30 18-32-10    20 dir',
  );
  const d = compileFormatter({ format: '%(asctime)s' });
  assert.equal(d({ name: '', levelno: 20, message: '', created, process: 1 }), '2026-11-30 18:32:10,007');
});

test('a malformed thesplog.cfg is a coded ConfigError before any logging starts', async () => {
  const t = await tempDir();
  try {
    await writeFiles(t.dir, {
      'thesplog.cfg': "{ version: 1, handlers: { h: { class: 'logging.handlers.RotatingFileHandler' } } }",
    });
    await assert.rejects(loadConfig(t.dir), (e: ConfigError) => {
      assert.equal(e.code, 'CONFIG_THESPLOG_INVALID');
      assert.equal(e.problems[0]?.detail, 'THESPLOG_MISSING_KEY');
      assert.match(e.message, /needs a "filename" string/);
      return true;
    });
  } finally {
    await t.cleanup();
  }
});
