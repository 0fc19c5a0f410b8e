import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryModuleLoader } from '../../runtime/src/source-host/module-loader';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
function loader(files: Record<string, string>, api: unknown = { api: true }): MemoryModuleLoader {
  return new MemoryModuleLoader(new Map(Object.entries(files).map(([k, v]) => [k, enc(v)])), api, require, 'test');
}

test('relative requires, index.js folders and JSON resolve inside the package', () => {
  const l = loader({
    'a/main.js': "exports.v = require('./lib').v + require('../data.json').n;",
    'a/lib/index.js': "exports.v = 'lib';",
    'data.json': '{"n": 1}',
  });
  assert.deepEqual(l.load('a/main.js'), { v: 'lib1' });
});

test('node_modules are found walking up from the requiring folder, nearest first', () => {
  const l = loader({
    'x/y/z.js': "module.exports = [require('dep'), require('dep/extra')];",
    'x/node_modules/dep/index.js': "module.exports = 'near';",
    'x/node_modules/dep/extra.js': "module.exports = 'extra';",
    'node_modules/dep/index.js': "module.exports = 'far';",
  });
  assert.deepEqual(l.load('x/y/z.js'), ['near', 'extra']);
});

test('package.json exports: subpath patterns and the require condition win over import', () => {
  const l = loader({
    'm.js': "module.exports = [require('p'), require('p/feat/a')];",
    'node_modules/p/package.json': JSON.stringify({
      exports: { '.': { import: './x.mjs', require: './cjs.js' }, './feat/*': './features/*.js' },
    }),
    'node_modules/p/cjs.js': "module.exports = 'cjs';",
    'node_modules/p/features/a.js': "module.exports = 'feature a';",
  });
  assert.deepEqual(l.load('m.js'), ['cjs', 'feature a']);
});

test('thespian-director is the runtime API and built-ins come from Node', () => {
  const api = { Actor: class {} };
  const l = loader(
    {
      'm.js':
        "module.exports = [require('thespian-director'), require('node:path').sep, require('fs') === require('node:fs')];",
    },
    api,
  );
  const [got, sep, same] = l.load('m.js') as [unknown, string, boolean];
  assert.equal(got, api);
  assert.equal(sep, '/');
  assert.equal(same, true);
});

test('a missing module fails with MODULE_NOT_FOUND naming the request; requires cannot escape the package', () => {
  const l = loader({ 'm.js': "require('./nope');", 'e.js': "require('../../etc/passwd');" });
  assert.throws(
    () => l.load('m.js'),
    (e: Error & { code: string }) => e.code === 'MODULE_NOT_FOUND' && /'\.\/nope'/.test(e.message),
  );
  assert.throws(
    () => l.load('e.js'),
    (e: Error & { code: string }) => e.code === 'MODULE_NOT_FOUND',
  );
});

test('each loader has its own module state', () => {
  const files = { 'c.js': 'let n = 0; exports.next = () => ++n;' };
  const a = loader(files).load('c.js') as { next(): number };
  const b = loader(files).load('c.js') as { next(): number };
  a.next();
  a.next();
  assert.equal(b.next(), 1);
});
