// Reading a caught value without a cast: an Error of this realm or another (a vm context, as a
// source's actors run in), a wire error's plain object, and values that are not errors at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { codeOf, messageOf } from '../../runtime/src/protocol/caught';

test("messageOf reads an Error's message, from any realm, and an object's string message; anything else as text", () => {
  assert.equal(messageOf(new TypeError('bad type')), 'bad type');
  const foreign: unknown = vm.runInNewContext('new RangeError("from a vm context")');
  assert.equal(foreign instanceof Error, false);
  assert.equal(messageOf(foreign), 'from a vm context');
  assert.equal(messageOf({ code: 'DIRECTOR_NO_DAEMON', message: 'no daemon' }), 'no daemon');
  assert.equal(messageOf('a thrown string'), 'a thrown string');
  assert.equal(messageOf(null), 'null');
  assert.equal(messageOf(undefined), 'undefined');
  assert.equal(messageOf({ message: 42 }), '[object Object]');
});

test('codeOf reads a string code only', () => {
  const e = Object.assign(new Error('gone'), { code: 'ENOENT' });
  assert.equal(codeOf(e), 'ENOENT');
  assert.equal(codeOf({ code: 'TRANSPORT_CLOSED', message: 'closed' }), 'TRANSPORT_CLOSED');
  assert.equal(codeOf(Object.assign(new Error('exit'), { code: 2 })), undefined);
  assert.equal(codeOf(new Error('plain')), undefined);
  assert.equal(codeOf(null), undefined);
  assert.equal(codeOf('ENOENT'), undefined);
});
