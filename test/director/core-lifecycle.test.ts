// Scenarios 32–45 and 53 of the reference (with the fixes), as decisions of the pure core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT, World, fooGroup } from './core-world';
import type { Effect } from '../../runtime/src/director/core/types';
import { retrieveAll } from '../../runtime/src/director/core/queries';

const H11 = '11'.repeat(16);
const H12 = '12'.repeat(16);
const H13 = '13'.repeat(16);
const H14 = '14'.repeat(16);

function loadedWorld(): World {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  return w;
}

test('32: a load creates each TLI actor, sends its OnLoad message and makes the source active', () => {
  const w = loadedWorld();
  const [main, cow] = w.addressesOf(H11);
  assert.deepEqual(w.inboxOf(main), ['StartFoo']);
  assert.deepEqual(w.inboxOf(cow), ['Moo!']);
  assert.equal(w.group('foo').active, H11);
  const r = w.lastReply();
  assert.equal(r.DirectorResponse, 'SourceLoaded');
  assert.ok(r.DirectorResponse === 'SourceLoaded' && r.Success && r.SourceHash === H11 && r.AlreadyLoaded === false);
  assert.equal(w.globalNames.get('Foo Primary')?.id, main?.id);
});

test('the LoadSource reply waits for validation and the OnLoad actors', () => {
  const w = new World();
  w.holdValidation = true;
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  assert.equal(w.replies.filter((r) => r.message.DirectorResponse === 'SourceLoaded').length, 0);
  w.release(H11);
  assert.equal(w.lastReply().DirectorResponse, 'SourceLoaded');
  assert.equal(w.lastReply().Success, true);
});

test('33: loading the loaded newest source again changes nothing and says AlreadyLoaded', () => {
  const w = loadedWorld();
  const before = w.state;
  const effects = w.load('foo', H11, '1.1');
  assert.equal(w.state, before);
  assert.deepEqual(
    effects.map((e) => e.kind),
    ['reply'],
  );
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && r.Success && r.AlreadyLoaded);
});

test('34: a new version deactivates the old actors, starts its own, and both stay loaded in load order', () => {
  const w = loadedWorld();
  const [oldMain, oldCow] = w.addressesOf(H11);
  w.load('foo', H12, '1.2');
  assert.deepEqual(w.inboxOf(oldMain), ['StartFoo', { Shutdown: true, timeout: 3 }]);
  assert.deepEqual(w.inboxOf(oldCow), ['Moo!'], 'no OnDeactivate section: nothing sent');
  const [newMain] = w.addressesOf(H12);
  assert.deepEqual(w.inboxOf(newMain), ['StartFoo']);
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H11, H12],
  );
  assert.equal(w.group('foo').active, H12);
});

test('GlobalName takeover: the old holder releases the name before the new actor is created (no replacement race)', () => {
  const w = loadedWorld();
  const [oldMain] = w.addressesOf(H11);
  const effects = w.load('foo', H12, '1.2');
  const release = effects.findIndex(
    (e) => e.kind === 'setGlobalName' && e.name === 'Foo Primary' && e.address === null,
  );
  const create = effects.findIndex((e) => e.kind === 'createActor' && e.globalName === 'Foo Primary');
  assert.ok(release >= 0 && create > release, 'release comes before the create that claims the name');
  const [newMain] = w.addressesOf(H12);
  assert.notEqual(newMain?.id, oldMain?.id);
  assert.equal(w.globalNames.get('Foo Primary')?.id, newMain?.id);
});

test('35 (fix): LoadSource loads exactly the file it names, even an older version', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H12, '1.2');
  w.load('foo', H11, '1.1');
  assert.equal(w.group('foo').active, H11);
  assert.equal(w.group('foo').sources[1]?.path, '/dir/foo-1.1.tls');
});

test('37: a defined group without sources is listed empty', () => {
  const w = new World();
  w.request({ DirectorOp: 'DefineGroup', Group: 'empty', Actors: {} });
  assert.deepEqual(retrieveAll(w.state).Groups['empty'], { ActiveHash: null, Loaded: [], Running: {}, Sources: [] });
});

test('LoadSource for an undefined group is refused before anything is loaded', () => {
  const w = new World();
  const effects = w.load('nogroup', H11, '1.1');
  assert.deepEqual(
    effects.map((e) => e.kind),
    ['reply'],
  );
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && !r.Success && r.code === 'DIRECTOR_UNKNOWN_GROUP');
});

test('39: unloading the active source deactivates it, reactivates the previous one and notifies once', () => {
  const w = loadedWorld();
  const [m11] = w.addressesOf(H11);
  w.load('foo', H12, '1.2');
  const [m12] = w.addressesOf(H12);
  const waiter = { system: 'test', id: 'waiter' };
  w.request({ DirectorOp: 'RequestNotification' }, waiter);
  w.request({ DirectorOp: 'RequestNotification' }, waiter);
  const effects = w.request({ DirectorOp: 'UnloadSource', SourceHash: H12 });
  const deact = effects.findIndex((e) => e.kind === 'send' && e.to.id === m12?.id);
  const unload = effects.findIndex((e) => e.kind === 'unloadSource');
  assert.ok(deact >= 0 && unload > deact, 'OnDeactivate before the unload');
  assert.deepEqual(w.inboxOf(m11), ['StartFoo', { Shutdown: true, timeout: 3 }, ['Restart', true]]);
  assert.equal(w.group('foo').active, H11);
  assert.equal(w.globalNames.get('Foo Primary')?.id, m11?.id, 'the reactivated actor takes its name back');
  const notes = w.replies.filter((r) => r.to.id === 'waiter');
  assert.deepEqual(
    notes.map((n) => n.message),
    [{ DirectorResponse: 'NotificationOfUpdate', Success: true }],
  );
  const r = w.replies.find((x) => x.message.DirectorResponse === 'SourceUnloaded')?.message;
  assert.ok(r && r.DirectorResponse === 'SourceUnloaded' && r.Success && r.Reactivated === H11);
});

test('39: a dead actor of the reactivated source starts again from its own source with its OnLoad message', () => {
  const w = loadedWorld();
  w.load('foo', H12, '1.2');
  const [, cow11] = w.addressesOf(H11);
  w.exit(cow11?.id as string);
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H12 });
  const creates = w.effects.filter(
    (e): e is Extract<Effect, { kind: 'createActor' }> => e.kind === 'createActor' && e.hash === H11,
  );
  assert.equal(creates.length, 3, 'two at load, one at reactivation');
  const [, cowAgain] = w.addressesOf(H11);
  assert.ok(cowAgain && cowAgain.id !== cow11?.id);
  assert.deepEqual(w.inboxOf(cowAgain), ['Moo!']);
});

test('reactivation picks the highest version still loaded, not the most recently loaded', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H13, '1.3');
  w.load('foo', H11, '1.1');
  w.load('foo', H14, '1.4');
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H14 });
  assert.equal(w.group('foo').active, H13);
});

test('40: unloading an unknown hash is a clear error and notifies nobody', () => {
  const w = loadedWorld();
  const waiter = { system: 'test', id: 'waiter' };
  w.request({ DirectorOp: 'RequestNotification' }, waiter);
  const before = w.state;
  w.request({ DirectorOp: 'UnloadSource', SourceHash: 'bogushash' });
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceUnloaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_UNKNOWN_HASH');
  assert.match(r.message, /bogushash/);
  assert.equal(w.state, before);
  assert.equal(w.replies.filter((x) => x.to.id === 'waiter').length, 0);
});

test('unloading an inactive source reactivates nothing and sends no OnDeactivate', () => {
  const w = loadedWorld();
  const [m11] = w.addressesOf(H11);
  w.load('foo', H12, '1.2');
  const [m12] = w.addressesOf(H12);
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H11 });
  assert.deepEqual(w.inboxOf(m12), ['StartFoo']);
  assert.deepEqual(
    w.inboxOf(m11),
    ['StartFoo', { Shutdown: true, timeout: 3 }],
    'only the OnDeactivate of the 1.2 load',
  );
  assert.equal(w.group('foo').active, H12);
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H12],
  );
});

test('41: AutoUnload 2 keeps two sources (the new one included); the unloaded one gets no OnDeactivate, the new none OnReactivate', () => {
  const w = new World();
  w.request(fooGroup({ AutoUnload: 2 }));
  w.load('foo', H11, '1.1');
  w.load('foo', H13, '1.3');
  const [m11] = w.addressesOf(H11);
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H11, H13],
  );
  w.load('foo', H14, '1.4');
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H13, H14],
  );
  assert.deepEqual(
    w.inboxOf(m11),
    ['StartFoo', { Shutdown: true, timeout: 3 }],
    'the OnDeactivate of the 1.3 load only',
  );
  const [m14] = w.addressesOf(H14);
  assert.deepEqual(w.inboxOf(m14), ['StartFoo']);
  assert.equal(w.group('foo').active, H14);
});

test('42: AutoUnload true leaves only the new source loaded', () => {
  const w = new World();
  w.request(fooGroup({ AutoUnload: true }));
  w.load('foo', H11, '1.1');
  w.load('foo', H12, '1.2');
  w.load('foo', H13, '1.3');
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H13],
  );
});

test('53: a redefined group applies to later loads only', () => {
  const w = loadedWorld();
  w.request({
    DirectorOp: 'DefineGroup',
    Group: 'foo',
    Actors: { 'foo.other': { OnLoad: { Role: 'Other' } } },
    AutoUnload: 1,
    TLS_Keep_Limit: 3,
  });
  assert.equal(w.lastReply().DirectorResponse, 'DeclaredGroup');
  assert.equal(w.group('foo').sources[0]?.actors.length, 2, 'the loaded source keeps its definition');
  w.load('foo', H12, '1.2');
  assert.deepEqual(
    w
      .group('foo')
      .sources.find((s) => s.hash === H12)
      ?.actors.map((a) => a.def.actorClass),
    ['foo.other'],
  );
  // The 1.1 source was loaded with AutoUnload false: it stays.
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H11, H12],
  );
});

test('45: a new version loads although the active source has an exited actor with an OnDeactivate message', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  // 1.1's main actor crashes until its crash budget is spent: it has no address any more.
  for (let i = 0; i <= w.options.restartPolicy.maxRestarts; i++) {
    const cur = w.addressesOf(H11)[0];
    if (cur) w.exit(cur.id);
    w.runRestarts();
  }
  assert.equal(w.addressesOf(H11)[0], null);
  w.load('foo', H12, '1.2');
  assert.equal(w.group('foo').active, H12);
  assert.ok(w.addressesOf(H12).every((a) => a !== null));
});

test('Message rules: present messages are sent whatever their value; absent ones never', () => {
  const w = new World();
  w.request({
    DirectorOp: 'DefineGroup',
    Group: 'g',
    Actors: {
      'g.zero': { OnLoad: { Role: 'z', Message: 0 }, OnDeactivate: { Message: '' }, OnReactivate: { Message: null } },
      'g.none': { OnLoad: { Role: 'n' } },
    },
  });
  w.load('g', H11, '1');
  w.load('g', H12, '2');
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H12 });
  const [zero, none] = w.addressesOf(H11);
  assert.deepEqual(w.inboxOf(zero), [0, '', null]);
  assert.deepEqual(w.inboxOf(none), []);
});

test('a validation failure changes nothing: the previous version stays active and the requester hears why', () => {
  const w = loadedWorld();
  const [m11] = w.addressesOf(H11);
  w.reject.set(H12, 'AUTHORITY_BAD_SIGNATURE');
  const before = w.state;
  w.load('foo', H12, '1.2');
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_SOURCE_REJECTED');
  assert.deepEqual(r.data, { authorityCode: 'AUTHORITY_BAD_SIGNATURE', path: '/dir/foo-1.2.tls' });
  assert.deepEqual(w.state.groups, before.groups);
  assert.deepEqual(w.inboxOf(m11), ['StartFoo'], 'no OnDeactivate for a load that failed');
  assert.ok(w.effects.some((e) => e.kind === 'audit' && e.entry.action === 'load-failed'));
});

test('an OnLoad actor whose class is missing fails the load visibly while the source stays loaded', () => {
  const w = new World();
  w.failClasses.add('foo.subdir2.barn.cowactor');
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_ACTOR_START_FAILED');
  assert.match(r.message, /FlyingCow.*no class foo\.subdir2\.barn\.cowactor/);
  const cow = w.group('foo').sources[0]?.actors[1];
  assert.equal(cow?.status, 'failed');
  assert.equal(w.group('foo').active, H11);
});

test('loads of one group never interleave and take effect in request order, whatever order they validate in', () => {
  const w = new World();
  w.holdValidation = true;
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  w.load('foo', H12, '1.2');
  w.release(H12);
  assert.deepEqual(w.group('foo').sources, [], '1.2 waits for 1.1');
  w.release(H11);
  assert.deepEqual(
    w.group('foo').sources.map((s) => s.hash),
    [H11, H12],
  );
  assert.equal(w.group('foo').active, H12);
  const replies = w.replies.filter((r) => r.to.id === CLIENT.id && r.message.DirectorResponse === 'SourceLoaded');
  assert.equal(replies.length, 2);
});

test('two requests for the same pending load both get the one outcome', () => {
  const w = new World();
  w.holdValidation = true;
  w.request(fooGroup());
  const a = { system: 'test', id: 'a' };
  const b = { system: 'test', id: 'b' };
  w.load('foo', H11, '1.1', a);
  const second = w.load('foo', H11, '1.1', b);
  assert.equal(second.filter((e) => e.kind === 'loadSource').length, 0, 'one validation only');
  w.release(H11);
  assert.deepEqual(
    w.replies.filter((r) => r.message.DirectorResponse === 'SourceLoaded').map((r) => r.to.id),
    ['a', 'b'],
  );
});

test('TLS_Keep_Limit asks for pruning after the load completes, protecting the files of loaded sources', () => {
  const w = new World();
  w.request(fooGroup({ TLS_Keep_Limit: 2 }));
  w.load('foo', H11, '1.1');
  const effects = w.load('foo', H12, '1.2');
  const prune = effects.find((e) => e.kind === 'prune');
  assert.deepEqual(prune, {
    kind: 'prune',
    group: 'foo',
    keepLimit: 2,
    loadedPaths: ['/dir/foo-1.1.tls', '/dir/foo-1.2.tls'],
  });
  const reply = effects.findIndex((e) => e.kind === 'reply' && e.message.DirectorResponse === 'SourceLoaded');
  assert.ok(reply >= 0 && effects.indexOf(prune) > reply, 'after the load completed');
});

test('every load and unload is audited with hash, group, version, key id, time and who asked', () => {
  const w = loadedWorld();
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H11, RequestedBy: 'ops@host' });
  const audits = w.effects.flatMap((e) => (e.kind === 'audit' ? [e.entry] : []));
  assert.deepEqual(
    audits.map((a) => [a.action, a.sourceHash, a.group, a.version, a.keyId, a.by]),
    [
      ['load', H11, 'foo', '1.1', 'k1', 'tester'],
      ['unload', H11, 'foo', '1.1', 'k1', 'ops@host'],
    ],
  );
  assert.ok(audits.every((a) => !Number.isNaN(Date.parse(a.time))));
});

test('events: source loaded and activated, actors started, source unloaded', () => {
  const w = loadedWorld();
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H11 });
  const kinds = w.effects.flatMap((e) => (e.kind === 'publish' ? [e.event.kind] : []));
  assert.deepEqual(kinds, [
    'group-defined',
    'source-loaded',
    'source-activated',
    'actor-started',
    'actor-started',
    'source-unloaded',
    'source-activated',
  ]);
});
