import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, sortNewestFirst, versionKey } from '../../runtime/src/protocol/version-order';

test('version keys split digit runs into numbers and other runs into strings (scenario 31)', () => {
  assert.deepEqual(versionKey('foo', 'foo-003.053a000094-test9.tlf'), ['-', 3, '.', 53, 'a', 94, '-test', 9, '.tlf']);
  assert.deepEqual(versionKey('foo', 'foobar.tls'), ['bar']);
  assert.deepEqual(versionKey('foo', '/opt/thespian/director/foo-1.2.tls'), ['-', 1, '.', 2]);
  assert.deepEqual(versionKey('foo', 'other-1.2.tls'), []);
  assert.deepEqual(versionKey('foo', 'foo.tls'), []);
});

test('the original test vectors sort in the order of scenario 30', () => {
  const ordered = [
    'foo.tls',
    'foo0.tls',
    'foo09.tls',
    'foo-0.tls',
    'foo-1.tls',
    'foo-1-1.tls',
    'foo-1-2-3.tls',
    'foo-2.tls',
    'foo-3.tls',
    'foo-04.tls',
    'foo-123.tls',
    'foo-321.tls',
    'foo-12340056.tls',
    'foo-12341056.tls',
  ];
  const shuffled = [...ordered].reverse().sort((a, b) => a.length - b.length || (a < b ? 1 : -1));
  assert.deepEqual(sortNewestFirst('foo', shuffled), [...ordered].reverse());
  for (let i = 1; i < ordered.length; i++)
    assert.ok(compareVersions('foo', ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
});

test('the load help order holds, newest first, and no version sorts lowest (reference 4.7)', () => {
  const newestFirst = [
    '201601280945',
    '201601251343',
    '201601251202',
    '15a5gamma1',
    '15a5beta4',
    '15a3',
    '15a1',
    '15a',
    '15.2.1',
    '15.2',
    '15.1',
    '15',
    '05',
    '1',
    '0',
  ]
    .map((v) => `app-${v}.tls`)
    .concat(['app.tls']);
  const scrambled = [...newestFirst].sort();
  assert.deepEqual(sortNewestFirst('app', scrambled), newestFirst);
});

test('a prefix sorts below its extensions, so 1.0rc1 is above 1.0 as in the original', () => {
  assert.ok(compareVersions('foo', 'foo-1.0.tls', 'foo-1.0rc1.tls') < 0);
  assert.ok(compareVersions('foo', 'foo-1.tls', 'foo-1.0.tls') < 0);
});

test('equal keys keep their given order (stable sort: foo-01 and foo-1)', () => {
  assert.deepEqual(sortNewestFirst('foo', ['foo-01.tls', 'foo-1.tls']), ['foo-01.tls', 'foo-1.tls']);
  assert.deepEqual(sortNewestFirst('foo', ['foo-1.tls', 'foo-01.tls']), ['foo-1.tls', 'foo-01.tls']);
});

test('digit runs longer than a safe integer still compare by value', () => {
  assert.ok(compareVersions('foo', 'foo-99999999999999999998.tls', 'foo-99999999999999999999.tls') < 0);
  assert.ok(compareVersions('foo', 'foo-9.tls', 'foo-000099999999999999999999.tls') < 0);
});
