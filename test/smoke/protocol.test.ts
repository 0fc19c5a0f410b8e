import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandEnv } from '../../config-lang/src';
import { DirectorError, formatAddress } from '../../runtime/src/protocol';

test('DirectorError carries its code, exit code and wire form', () => {
  const e = new DirectorError('X_CODE', 'what went wrong', { exitCode: 7, data: { file: 'a' } });
  assert.equal(e.code, 'X_CODE');
  assert.equal(e.exitCode, 7);
  assert.deepEqual(e.toWire(), { code: 'X_CODE', message: 'what went wrong', data: { file: 'a' } });
});

test('expandEnv substitutes ${env:NAME} and ${env:NAME:-default} in nested strings', () => {
  const v = expandEnv({ a: ['Start ${env:OTHER_INFO:-notspec}', 3], b: '${env:HOME_X}' }, { HOME_X: '/h' });
  assert.deepEqual(v, { a: ['Start notspec', 3], b: '/h' });
});

test('addresses print in the list form', () => {
  assert.equal(formatAddress({ system: '127.0.0.1:1900', id: 'a1' }), 'ActorAddr-(127.0.0.1:1900|a1)');
});
