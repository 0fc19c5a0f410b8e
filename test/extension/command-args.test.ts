import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { ExtensionError, nextVersion, versionFor, loadArgs, rolloutArgs, unloadArgs, tlsinfoArgs, copyText } = model;

test('the next version counts up the last run of digits and keeps its width', () => {
  assert.equal(nextVersion('1.2'), '1.3');
  assert.equal(nextVersion('1.9'), '1.10');
  assert.equal(nextVersion('2.0rc9'), '2.0rc10');
  assert.equal(nextVersion('1.09'), '1.10');
  assert.equal(nextVersion('1.007'), '1.008');
  assert.equal(nextVersion('202611301902'), '202611301903');
  assert.equal(nextVersion('99999999999999999999'), '100000000000000000000');
  assert.equal(nextVersion('beta'), 'beta.1');
  assert.equal(nextVersion(null), '1.0');
  assert.equal(nextVersion(undefined), '1.0');
});

test('each version scheme proposes its version and says whether to ask', () => {
  assert.deepEqual(versionFor('ask', '1.2'), { version: '1.3', ask: true, suggested: '1.3' });
  assert.deepEqual(versionFor('increment', '1.2'), { version: '1.3', ask: false, suggested: '1.3' });
  assert.deepEqual(versionFor('date', '1.2'), { version: 'date', ask: false, suggested: 'date' });
  assert.deepEqual(versionFor('none', '1.2'), { version: null, ask: false, suggested: '' });
});

test('load takes a group name for a group and the exact file for a package', () => {
  assert.deepEqual(loadArgs({ kind: 'availGroup', group: 'foo', tliPath: null }), ['load', 'foo']);
  assert.deepEqual(
    loadArgs({
      kind: 'package',
      group: 'foo',
      file: 'foo-1.tls',
      path: '/d/foo-1.tls',
      version: '1',
      hash: 'h',
      tliPath: null,
    }),
    ['load', '/d/foo-1.tls'],
  );
  assert.deepEqual(loadArgs({ kind: 'source', group: 'foo', hash: 'h', version: '1', path: null, active: false }), [
    'load',
    'foo',
  ]);
  assert.deepEqual(loadArgs('foo-1.2.tls'), ['load', 'foo-1.2.tls']);
  assert.throws(
    () => loadArgs({ kind: 'actor', group: 'foo', hash: 'h', actorClass: 'C', role: null, address: null }),
    /load does not apply to a actor item/,
  );
});

test('rollout takes a group (its newest) or GROUP-VERSION of a package, with how many members at once, and refuses other items', () => {
  assert.deepEqual(rolloutArgs({ kind: 'availGroup', group: 'foo', tliPath: null }, 1), [
    'rollout',
    'foo',
    'parallel:1',
  ]);
  assert.deepEqual(
    rolloutArgs(
      {
        kind: 'package',
        group: 'foo',
        file: 'foo-1.2.tls',
        path: '/d/foo-1.2.tls',
        version: '1.2',
        hash: 'h',
        tliPath: null,
      },
      2,
    ),
    ['rollout', 'foo-1.2', 'parallel:2'],
  );
  assert.deepEqual(
    rolloutArgs(
      { kind: 'package', group: 'foo', file: 'foo.tls', path: '/d/foo.tls', version: null, hash: 'h', tliPath: null },
      0,
    ),
    ['rollout', 'foo', 'parallel:1'],
  );
  assert.throws(
    () => rolloutArgs({ kind: 'actor', group: 'foo', hash: 'h', actorClass: 'C', role: null, address: null }, 1),
    (e: unknown) => e instanceof ExtensionError && e.code === 'EXTENSION_NOT_APPLICABLE',
  );
});

test('unload takes the hash of a source or of a loaded package, and refuses other items', () => {
  assert.deepEqual(unloadArgs({ kind: 'source', group: 'foo', hash: 'abc', version: '1', path: null, active: true }), [
    'unload',
    'abc',
  ]);
  assert.deepEqual(unloadArgs('abc'), ['unload', 'abc']);
  assert.throws(
    () => unloadArgs({ kind: 'loadedGroup', group: 'foo' }),
    (e: unknown) =>
      e instanceof ExtensionError &&
      e.code === 'EXTENSION_NOT_APPLICABLE' &&
      /unload applies to a loaded source/.test(e.message),
  );
  assert.throws(
    () => unloadArgs({ kind: 'package', group: 'foo', file: 'f', path: 'p', version: null, hash: '', tliPath: null }),
    /hash of foo is not known/,
  );
});

test('tlsinfo arguments and copy texts', () => {
  assert.deepEqual(tlsinfoArgs('/d/foo-1.tls'), ['tlsinfo', '/d/foo-1.tls']);
  assert.deepEqual(tlsinfoArgs('/d/foo-1.tls', 'foo/a.js'), ['tlsinfo', '/d/foo-1.tls', 'foo/a.js']);
  const actor = {
    kind: 'actor',
    group: 'g',
    hash: 'h1',
    actorClass: 'C',
    role: 'R',
    address: 'ActorAddr-(s|1)',
  } as const;
  assert.equal(copyText(actor, 'address'), 'ActorAddr-(s|1)');
  assert.equal(copyText(actor, 'hash'), 'h1');
  assert.equal(copyText({ ...actor, address: null }, 'address'), undefined);
  assert.equal(copyText({ kind: 'loadedGroup', group: 'g' }, 'hash'), undefined);
});
