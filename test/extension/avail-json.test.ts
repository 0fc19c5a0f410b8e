import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { decodeAvailJson, AvailJsonError } = model;

test('the packager\'s avail --json shape becomes the listing, groups without a TLI included', () => {
  const l = decodeAvailJson({
    directorDir: '/d',
    groups: {
      foo: [
        { file: 'foo-1.2.tls', version: '1.2', sourceHash: 'a'.repeat(32) },
        { file: 'foo-1.10.tls', version: '1.10', sourceHash: 'b'.repeat(32) },
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
  const foo = l.groups.find((g) => g.group === 'foo')!;
  assert.deepEqual(
    foo.packages.map((p) => [p.file, p.path, p.hash]),
    [
      ['foo-1.10.tls', '/d/foo-1.10.tls', 'b'.repeat(32)],
      ['foo-1.2.tls', '/d/foo-1.2.tls', 'a'.repeat(32)],
    ],
  );
});

test('groups as an array with path fields are read too', () => {
  const l = decodeAvailJson({ dir: '/d', groups: [{ group: 'foo', tli: '/d/foo.tli', packages: [{ path: '/d/foo-1.tls', hash: 'f'.repeat(32) }] }] });
  assert.equal(l.groups[0].packages[0].file, 'foo-1.tls');
  assert.equal(l.groups[0].packages[0].hash, 'f'.repeat(32));
});

test('output that is not avail\'s JSON is an error naming the field', () => {
  assert.throws(() => decodeAvailJson([]), (e: unknown) => e instanceof AvailJsonError && e.code === 'EXTENSION_AVAIL_OUTPUT' && e.where === 'top level');
  assert.throws(() => decodeAvailJson({ groups: {} }), (e: unknown) => e instanceof AvailJsonError && /directorDir/.test(e.message));
  assert.throws(() => decodeAvailJson({ directorDir: '/d', groups: 3 }), (e: unknown) => e instanceof AvailJsonError && e.where === 'groups');
  assert.throws(
    () => decodeAvailJson({ directorDir: '/d', groups: { foo: [{ version: '1' }] } }),
    (e: unknown) => e instanceof AvailJsonError && e.where === 'groups.foo.packages[0]',
  );
});
