import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { resolveSettingPath, directorDirFor, defaultKeyFolder, DEFAULT_DIR_NAME } = model;
const ctx = { workspaceFolders: ['/ws/one', '/ws/two'], globalStorage: '/gs', home: '/home/u' };

test('path settings expand ~, ${workspaceFolder} and ${userHome}, and resolve relative to the first folder', () => {
  assert.equal(resolveSettingPath('~/keys/s.pem', ctx), '/home/u/keys/s.pem');
  assert.equal(resolveSettingPath('${workspaceFolder}/.d', ctx), '/ws/one/.d');
  assert.equal(resolveSettingPath('${userHome}/d', ctx), '/home/u/d');
  assert.equal(resolveSettingPath('director', ctx), '/ws/one/director');
  assert.equal(resolveSettingPath('../other/d/', ctx), '/ws/other/d');
  assert.equal(resolveSettingPath('/opt/thespian/director', ctx), '/opt/thespian/director');
  assert.equal(resolveSettingPath('C:\\thespian\\director', ctx), 'C:/thespian/director');
  assert.equal(resolveSettingPath('  ', ctx), undefined);
  assert.equal(resolveSettingPath(undefined, ctx), undefined);
});

test('the default director dir is in the workspace storage (outside the work tree), else in global storage, never /opt', () => {
  const withStorage = { ...ctx, workspaceStorage: '/ws-storage/abc/ext' };
  assert.equal(directorDirFor('', withStorage), '/ws-storage/abc/ext/director');
  assert.equal(directorDirFor('', ctx), '/gs/director');
  assert.equal(directorDirFor(undefined, { ...withStorage, workspaceFolders: [] }), '/gs/director');
  assert.equal(directorDirFor('/srv/d', withStorage), '/srv/d');
  // A .thespian-director an earlier version made in the workspace keeps being used (its packages stay in view).
  assert.equal(directorDirFor('', { ...withStorage, legacyDirExists: true }), `/ws/one/${DEFAULT_DIR_NAME}`);
});

test('keys made by the extension go to a per-user folder, never the workspace', () => {
  assert.equal(defaultKeyFolder({ ...ctx, workspaceStorage: '/ws-storage/abc/ext' }), '/gs/keys');
});
