// Behaviour the logging fast paths must keep: caller fields exact and captured only when a
// format asks, lines joined into batched writes without loss or reordering across rotations,
// and one formatting per record for handlers that share a formatter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateThesplog, type ThesplogConfig } from '../../config-lang/src/thesplog-schema';
import { createLogging } from '../../runtime/src/logging/create-logging';
import { Capture, tempDir } from '../cli/support';

function config(text: string): ThesplogConfig {
  const r = validateThesplog(text);
  assert.ok(r.value, JSON.stringify(r.diagnostics));
  return r.value;
}

/** The line this is called from, read from a full stack trace (independent of the logger's own capture). */
function thisLine(): number {
  const m = /:(\d+):\d+\)?$/.exec(new Error().stack?.split('\n')[2] ?? '');
  return Number(m?.[1]);
}

test('caller fields name the exact file, line and function of the log call', async () => {
  const out = new Capture();
  const cfg =
    config(`{ version: 1, formatters: { f: { format: '%(filename)s:%(lineno)d %(funcName)s %(module)s %(message)s' } },
    handlers: { s: { class: 'logging.StreamHandler', stream: 'ext://sys.stdout', formatter: 'f' } }, root: { level: 10, handlers: ['s'] } }`);
  const logging = createLogging(cfg, '/nonexistent', { stdout: out, stderr: new Capture() });
  const log = logging.getLogger('a');
  function namedCaller(): number {
    // One expression, so that the compiled file keeps both calls on one line.
    return (log.info('from a function'), thisLine());
  }
  const line = namedCaller();
  class Holder {
    method(): number {
      return (log.warning('from a method'), thisLine());
    }
  }
  const methodLine = new Holder().method();
  await logging.close();
  assert.deepEqual(
    out.text.split('\n').filter((l) => l !== ''),
    [
      `logging-speed.test.js:${line} namedCaller logging-speed.test from a function`,
      `logging-speed.test.js:${methodLine} Holder.method logging-speed.test from a method`,
    ],
  );
});

test('a format without caller fields takes no stack trace per record', async () => {
  const out = new Capture();
  const cfg = config(`{ version: 1, formatters: { f: { format: '%(levelname)s %(message)s' } },
    handlers: { s: { class: 'logging.StreamHandler', stream: 'ext://sys.stdout', formatter: 'f' } }, root: { level: 10, handlers: ['s'] } }`);
  const logging = createLogging(cfg, '/nonexistent', { stdout: out, stderr: new Capture() });
  const saved = Object.getOwnPropertyDescriptor(Error, 'captureStackTrace');
  assert.ok(saved !== undefined);
  const original = Error.captureStackTrace.bind(Error);
  let captures = 0;
  Error.captureStackTrace = (target, ctor) => {
    captures += 1;
    original(target, ctor);
  };
  try {
    const log = logging.getLogger('a');
    for (let i = 0; i < 100; i++) log.info('n %d', i);
    log.debug('below nothing');
  } finally {
    Object.defineProperty(Error, 'captureStackTrace', saved);
  }
  await logging.close();
  assert.equal(captures, 0);
  assert.equal(out.text.split('\n').filter((l) => l !== '').length, 101);
});

test('a burst of records through two rotating files loses and reorders nothing, rotating near maxBytes', async () => {
  const t = await tempDir();
  const cfg = config(`{ version: 1, formatters: { f: { format: '%(message)s' } },
    handlers: {
      a: { class: 'RotatingFileHandler', filename: 'a.log', maxBytes: 20000, backupCount: 20, formatter: 'f' },
      b: { class: 'RotatingFileHandler', filename: 'b.log', maxBytes: 20000, backupCount: 20, formatter: 'f' } },
    root: { level: 10, handlers: ['a', 'b'] } }`);
  const logging = createLogging(cfg, t.dir);
  try {
    const log = logging.getLogger('burst');
    const N = 5000;
    for (let i = 0; i < N; i++) log.info('record %s %s', String(i).padStart(6, '0'), 'y'.repeat(i % 50));
    await logging.close();
    const names = await readdir(t.dir);
    for (const base of ['a.log', 'b.log']) {
      const files = names.filter((n) => n === base || n.startsWith(`${base}.`));
      // Oldest first: .N … .1, then the live file.
      files.sort((x, y) => Number(y.slice(base.length + 1) || 0) - Number(x.slice(base.length + 1) || 0));
      const all: number[] = [];
      for (const f of files) {
        const text = await readFile(path.join(t.dir, f), 'utf8');
        if (f !== base) {
          const size = Buffer.byteLength(text);
          // Rotation after the line that reaches maxBytes: at most one line (< 70 bytes) over.
          assert.ok(size >= 20000 && size < 20070, `${f}: ${size} bytes`);
        }
        for (const l of text.split('\n')) if (l !== '') all.push(Number(l.slice(7, 13)));
      }
      assert.equal(all.length, N, base);
      assert.deepEqual(
        all,
        all.map((_, i) => i),
        base,
      );
    }
  } finally {
    await logging.close();
    await t.cleanup();
  }
});
