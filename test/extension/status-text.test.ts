import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { statusText } = model;

test('the status bar says running with the number loaded, stopped, unreachable or starting', () => {
  assert.equal(statusText('running', 3, 1900).text, '$(pulse) Director: 3 loaded');
  assert.match(statusText('running', 1, 1900).tooltip, /running on port 1900, 1 source loaded/);
  assert.equal(statusText('stopped', 0, 1900).text, '$(circle-slash) Director: stopped');
  assert.match(statusText('stopped', 0, undefined).tooltip, /^No Thespian Director daemon runs\./);
  assert.equal(statusText('unreachable', 0, 1901).text, '$(warning) Director: unreachable');
  assert.equal(statusText('starting', 0, 1900).text, '$(loading~spin) Director: starting');
  assert.equal(statusText('unknown', 0, undefined).text, '$(question) Director');
});
