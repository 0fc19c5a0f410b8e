import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model, type Model } from './model';

const { buildAvailListing, availableTree, decodeLoadedState, CONTEXT, findNode, findParent } = model;
const DIR = '/srv/director';

function listing(): Model.AvailListing {
  return buildAvailListing(DIR, [
    { name: 'foo.tli' },
    { name: 'foo-1.2.tls', hash: 'b'.repeat(32) },
    { name: 'foo-1.10.tls', hash: 'a'.repeat(32) },
    { name: 'foo-1.9.tls', hash: 'c'.repeat(32) },
    { name: 'bar.tli' },
    { name: 'orphan-2.0.tls', hash: 'd'.repeat(32) },
    { name: 'adminport.cfg' },
    { name: 'signing_tls.key' },
    { name: 'not a package.tls' },
  ]);
}

test('groups come from .tli and .tls names, sorted, with versions newest first by the version order', () => {
  const l = listing();
  assert.deepEqual(
    l.groups.map((g) => g.group),
    ['bar', 'foo', 'orphan'],
  );
  const foo = l.groups.find((g) => g.group === 'foo')!;
  assert.deepEqual(
    foo.packages.map((p) => p.version),
    ['1.10', '1.9', '1.2'],
  );
  assert.equal(foo.tliPath, `${DIR}/foo.tli`);
  assert.equal(foo.packages[0].path, `${DIR}/foo-1.10.tls`);
  assert.equal(l.groups.find((g) => g.group === 'orphan')!.tliPath, null);
  assert.equal(l.groups.find((g) => g.group === 'bar')!.packages.length, 0);
});

test('a package file without a version is shown as "(no version)" and sorts lowest', () => {
  const l = buildAvailListing(DIR, [
    { name: 'foo.tls', hash: '1'.repeat(32) },
    { name: 'foo-0.1.tls', hash: '2'.repeat(32) },
    { name: 'foo.tli' },
  ]);
  const nodes = availableTree(l);
  assert.deepEqual(
    nodes[0].children.map((c) => c.label),
    ['0.1', '(no version)'],
  );
});

test('package items are marked ACTIVE or loaded from the Loaded state, with matching contextValues', () => {
  const loaded = decodeLoadedState({
    Groups: {
      foo: {
        ActiveHash: 'a'.repeat(32),
        Loaded: ['b'.repeat(32), 'a'.repeat(32)],
        Running: {},
        Sources: [],
      },
    },
  });
  const foo = availableTree(listing(), loaded).find((n) => n.label === 'foo')!;
  const byVersion = new Map(foo.children.map((c) => [c.label, c]));
  assert.equal(byVersion.get('1.10')!.contextValue, CONTEXT.packageActive);
  assert.match(byVersion.get('1.10')!.description!, /^ACTIVE · aaaaaaaaaaaa$/);
  assert.equal(byVersion.get('1.2')!.contextValue, CONTEXT.packageLoaded);
  assert.match(byVersion.get('1.2')!.description!, /^loaded · /);
  assert.equal(byVersion.get('1.9')!.contextValue, CONTEXT.package);
  assert.equal(foo.contextValue, CONTEXT.availGroup);
  assert.deepEqual(byVersion.get('1.9')!.data, {
    kind: 'package',
    group: 'foo',
    file: 'foo-1.9.tls',
    path: `${DIR}/foo-1.9.tls`,
    version: '1.9',
    hash: 'c'.repeat(32),
    tliPath: `${DIR}/foo.tli`,
  });
});

test('ids are the same after a rebuild and after a new version arrives, so expansion survives', () => {
  const before = availableTree(listing());
  const again = availableTree(listing());
  assert.deepEqual(
    again.flatMap((g) => [g.id, ...g.children.map((c) => c.id)]),
    before.flatMap((g) => [g.id, ...g.children.map((c) => c.id)]),
  );
  const grown = availableTree(
    buildAvailListing(DIR, [
      ...listing().groups.flatMap((g) => g.packages.map((p) => ({ name: p.file, hash: p.hash }))),
      { name: 'foo.tli' },
      { name: 'bar.tli' },
      { name: 'foo-2.0.tls', hash: 'e'.repeat(32) },
    ]),
  );
  const ids = new Set(grown.flatMap((g) => [g.id, ...g.children.map((c) => c.id)]));
  for (const g of before) {
    assert.ok(ids.has(g.id), g.id);
    for (const c of g.children) assert.ok(ids.has(c.id), c.id);
  }
  const all = [...ids];
  assert.equal(new Set(all).size, all.length, 'ids are unique');
});

test('groups without a TLI or without packages say so in their description', () => {
  const nodes = availableTree(listing());
  assert.equal(nodes.find((n) => n.label === 'orphan')!.description, 'no .tli');
  assert.equal(nodes.find((n) => n.label === 'bar')!.description, 'no .tls');
  assert.equal(nodes.find((n) => n.label === 'foo')!.description, '3 versions');
});

test('findNode and findParent walk the tree by id', () => {
  const nodes = availableTree(listing());
  const pkg = findNode(nodes, 'avail/foo/foo-1.9.tls');
  assert.equal(pkg?.label, '1.9');
  assert.equal(findParent(nodes, 'avail/foo/foo-1.9.tls')?.id, 'avail/foo');
  assert.equal(findParent(nodes, 'avail/foo'), undefined);
  assert.equal(findNode(nodes, 'avail/none'), undefined);
});
