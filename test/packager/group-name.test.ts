import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupNameProblem, isGroupName } from '../../runtime/src/protocol/group-name';
import { packageFileName, parsePackageFileName, versionProblem } from '../../runtime/src/protocol/package-name';

test('group names are letters, digits and underscore, not starting with a digit', () => {
  for (const ok of ['foo', 'Foo_2', '_x', 'my_app']) assert.equal(isGroupName(ok), true, ok);
  for (const bad of ['my-app', 'my.app', '2app', '', 'a b', 'ä']) assert.equal(isGroupName(bad), false, bad);
});

test('the message for a bad group name names "-" and "." and gives an example', () => {
  const dash = groupNameProblem('my-app')!;
  assert.match(dash, /"-"/);
  assert.match(dash, /my_app/);
  assert.match(groupNameProblem('my.app')!, /"\."/);
  assert.equal(groupNameProblem('good_name'), undefined);
});

test('package file names: GROUP-VERSION.tls, GROUP.tls without a version, parsed back', () => {
  assert.equal(packageFileName('foo', '1.0'), 'foo-1.0.tls');
  assert.equal(packageFileName('foo', null), 'foo.tls');
  assert.deepEqual(parsePackageFileName('foo-1.0.tls'), { group: 'foo', version: '1.0' });
  assert.deepEqual(parsePackageFileName('foo.tls'), { group: 'foo', version: null });
  assert.deepEqual(parsePackageFileName('app-extra-1.0.tls'), { group: 'app', version: 'extra-1.0' });
  assert.equal(parsePackageFileName('foo-1.0.zip'), undefined);
  assert.equal(parsePackageFileName('my.app-1.tls'), undefined);
});

test('versions refuse path characters and empty text', () => {
  assert.equal(versionProblem('1.2.0rc1'), undefined);
  assert.equal(versionProblem('202611301902'), undefined);
  assert.match(versionProblem('../x')!, /not a valid version/);
  assert.notEqual(versionProblem('a/b'), undefined);
  assert.notEqual(versionProblem(''), undefined);
});
