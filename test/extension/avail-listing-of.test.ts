import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { availListingOf } = model;

test('the typed avail report becomes the listing: groups by name, packages newest first, groups without a TLI included', () => {
  const l = availListingOf({
    directorDir: '/d',
    groups: {
      foo: [
        { file: 'foo-1.10.tls', version: '1.10', sourceHash: 'b'.repeat(32) },
        { file: 'foo-1.2.tls', version: '1.2', sourceHash: 'a'.repeat(32) },
      ],
      empty: [],
    },
    groupsWithoutTli: { lone: [{ file: 'lone-3.tls', version: '3', sourceHash: 'c'.repeat(32) }] },
  });
  assert.equal(l.directorDir, '/d');
  assert.deepEqual(
    l.groups.map((g) => [g.group, g.tliPath]),
    [
      ['empty', '/d/empty.tli'],
      ['foo', '/d/foo.tli'],
      ['lone', null],
    ],
  );
  assert.deepEqual(
    l.groups.find((g) => g.group === 'foo')?.packages.map((p) => [p.file, p.path, p.version, p.hash]),
    [
      ['foo-1.10.tls', '/d/foo-1.10.tls', '1.10', 'b'.repeat(32)],
      ['foo-1.2.tls', '/d/foo-1.2.tls', '1.2', 'a'.repeat(32)],
    ],
  );
});
