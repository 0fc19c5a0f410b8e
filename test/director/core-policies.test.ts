// Small policies: version order, AutoUnload, TLS_Keep_Limit pruning, persistence record, list layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions } from '../../runtime/src/director/core/version-compare';
import { chooseAutoUnloads } from '../../runtime/src/director/core/auto-unload';
import { choosePrunes } from '../../runtime/src/director/core/keep-limit';
import { parseRecord, toRecord } from '../../runtime/src/director/core/record';
import { retrieveAll } from '../../runtime/src/director/core/queries';
import { formatList, formatStartTime, listJson } from '../../runtime/src/director/list-format';
import { World, fooGroup } from './core-world';

test('versions order as the original: numbers numerically, numbers below strings, prefixes below extensions, none lowest', () => {
  const newestFirst = [
    '201601280945',
    '201601251343',
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
  ];
  const shuffled = [...newestFirst].reverse();
  shuffled.sort((a, b) => compareVersions(b, a));
  assert.deepEqual(shuffled, newestFirst);
  assert.ok(compareVersions(null, '0') < 0);
  assert.ok(compareVersions('1.0rc1', '1.0') > 0, 'as the original: rc1 extends 1.0');
  assert.equal(compareVersions('01', '1'), 0);
});

test('AutoUnload walks older sources newest first, each with its own setting', () => {
  const e = (hash: string, autoUnload: boolean | number) => ({ hash, autoUnload });
  assert.deepEqual(chooseAutoUnloads([e('a', 2), e('b', 2)]), ['a']);
  assert.deepEqual(chooseAutoUnloads([e('a', 3), e('b', 3)]), []);
  assert.deepEqual(chooseAutoUnloads([e('a', true), e('b', false)]), ['a']);
  assert.deepEqual(chooseAutoUnloads([e('a', 1), e('b', 0)]), ['b', 'a'], '0 and 1 act like true');
  assert.deepEqual(chooseAutoUnloads([e('a', false), e('b', 2)]), [], 'false keeps without counting');
});

test('TLS_Keep_Limit keeps the newest files and never deletes the file of a loaded source', () => {
  const f = (v: string | null) => ({ path: `/d/foo${v ? `-${v}` : ''}.tls`, version: v });
  const files = [f('1.2'), f('1.10'), f(null), f('1.1'), f('1.9')];
  assert.deepEqual(choosePrunes(files, 3, []), ['/d/foo-1.1.tls', '/d/foo.tls']);
  assert.deepEqual(choosePrunes(files, 3, ['/d/foo-1.1.tls']), ['/d/foo.tls']);
  assert.deepEqual(choosePrunes(files, 10, []), []);
});

const H11 = '11'.repeat(16);
const H12 = '12'.repeat(16);

test('the persisted record restores the same sources, in load order, with the same active one', () => {
  const w = new World();
  w.request(fooGroup({ AutoUnload: 3 }));
  w.load('foo', H11, '1.1');
  w.advance(1000);
  w.load('foo', H12, '1.2');
  w.advance(1000);
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H12 });
  // Redefine after the loads: the restored sources keep the definition they were loaded with.
  w.request({ DirectorOp: 'DefineGroup', Group: 'foo', Actors: {} });
  w.load('foo', H12, '1.2');
  const record = parseRecord(JSON.parse(JSON.stringify(toRecord(w.state))));
  assert.ok(record);
  assert.deepEqual(
    record.sources.map((s) => [s.hash, s.active]),
    [
      [H11, false],
      [H12, true],
    ],
  );

  const r = new World();
  r.now = w.now + 60_000;
  r.feed({ kind: 'restore', record });
  assert.deepEqual(
    r.group('foo').sources.map((s) => s.hash),
    [H11, H12],
  );
  assert.equal(r.group('foo').active, H12);
  assert.equal(r.group('foo').sources[0]?.actors.length, 2, 'the definition 1.1 was loaded with');
  assert.ok(
    r.group('foo').sources[0]?.actors.every((a) => a.status === 'running' && a.address !== null),
    'inactive: its actors run again, as before the crash',
  );
  assert.deepEqual(r.group('foo').def.actors, []);
  assert.equal(
    r.effects.filter((e) => e.kind === 'unloadSource' || e.kind === 'prune').length,
    0,
    'no AutoUnload or pruning on restore',
  );
  // The restored inactive source's actors were loaded and deactivated again; reactivating it
  // sends OnReactivate, exactly as without the restart.
  const [main] = r.addressesOf(H11);
  assert.deepEqual(r.inboxOf(main), ['StartFoo', { Shutdown: true, timeout: 3 }]);
  r.request({ DirectorOp: 'UnloadSource', SourceHash: H12 });
  assert.deepEqual(r.inboxOf(main), ['StartFoo', { Shutdown: true, timeout: 3 }, ['Restart', true]]);
  assert.equal(parseRecord({ format: 99 }), null);
});

test('list prints groups by name, sources in load order with version and [ACTIVE], actors with restarts and failures', () => {
  const w = new World();
  w.failClasses.add('foo.subdir2.barn.cowactor');
  w.request(fooGroup());
  w.request({ DirectorOp: 'DefineGroup', Group: 'bar', Actors: {} });
  w.load('foo', H11, '1.1');
  w.failClasses.clear();
  w.load('foo', H12, '1.2');
  w.advance(20_000);
  w.exit((w.addressesOf(H12)[1] as { id: string }).id);
  w.runRestarts();
  const text = formatList(retrieveAll(w.state));
  const t0 = formatStartTime(new Date(w.now - 20_000).toISOString());
  const t1 = formatStartTime(new Date(w.now).toISOString());
  const [a1] = w.addressesOf(H11);
  const [b1, b2] = w.addressesOf(H12);
  assert.equal(
    text,
    [
      'Group bar::',
      'Group foo::',
      `  Source hash ${H11}  version 1.1`,
      `      ActorAddr-(test|${a1?.id}) -- foo.fooactor (MainFoo)  (since ${t0})`,
      `      LOAD FAILED... no address -- foo.subdir2.barn.cowactor (FlyingCow)  (since ?)  failed: [SYSTEM_NO_SUCH_CLASS] no class foo.subdir2.barn.cowactor`,
      `  Source hash ${H12}  version 1.2  [ACTIVE]`,
      `      ActorAddr-(test|${b1?.id}) -- foo.fooactor (MainFoo)  (since ${t0})`,
      `      ActorAddr-(test|${b2?.id}) -- foo.subdir2.barn.cowactor (FlyingCow)  (since ${t1})  restarts 1`,
      '',
    ].join('\n'),
  );
  assert.match(t0, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  const json = listJson(retrieveAll(w.state));
  assert.deepEqual(
    json.groups.map((g) => g.name),
    ['bar', 'foo'],
  );
  assert.equal(json.groups[1]?.activeHash, H12);
  assert.equal(json.groups[1]?.sources[1]?.actors[1]?.restarts, 1);
});

test('a restore whose recorded active source cannot be loaded again activates the highest version left', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  w.load('foo', H12, '1.2');
  const record = toRecord(w.state);
  const r = new World();
  r.reject.set(H12, 'DIRECTOR_RESTORE_MISMATCH');
  r.feed({ kind: 'restore', record });
  assert.deepEqual(
    r.group('foo').sources.map((s) => s.hash),
    [H11],
  );
  assert.equal(r.group('foo').active, H11);
  const [main] = r.addressesOf(H11);
  assert.deepEqual(
    r.inboxOf(main),
    ['StartFoo', { Shutdown: true, timeout: 3 }, ['Restart', true]],
    'restored (loaded, deactivated), then reactivated',
  );
  assert.ok(
    r.effects.some(
      (e) => e.kind === 'audit' && e.entry.action === 'load-failed' && e.entry.code === 'DIRECTOR_RESTORE_MISMATCH',
    ),
  );
});
