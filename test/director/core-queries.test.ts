// Scenarios 49–51: RetrieveRole, RetrieveAll and the closed op list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World, fooGroup } from './core-world';
import { retrieveAll, retrieveRole } from '../../runtime/src/director/core/queries';
import { decodeDirectorRequest } from '../../runtime/src/protocol/director-messages';

const H11 = '11'.repeat(16);
const H12 = '12'.repeat(16);

test('49: RetrieveRole finds the running actor of the active source', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  w.load('foo', H12, '1.2');
  const r = retrieveRole(w.state, { DirectorOp: 'RetrieveRole', Role: 'MainFoo' });
  assert.ok(r.Success);
  assert.equal(r.Group, 'foo');
  assert.equal(r.SourceHash, H12);
  assert.equal(r.ActorClass, 'foo.fooactor');
  assert.deepEqual(r.ActorAddress, w.addressesOf(H12)[0]);
  assert.equal(r.StartTime, new Date(w.now).toISOString());
});

test('49: an unknown role in a group answers Success false with nulls, the role, and a code', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  const r = retrieveRole(w.state, { DirectorOp: 'RetrieveRole', Role: 'nope', Group: 'foo' });
  assert.deepEqual(
    { ...r, message: undefined },
    {
      DirectorResponse: 'RoleAddress',
      Success: false,
      Group: 'foo',
      SourceHash: null,
      ActorClass: null,
      Role: 'nope',
      ActorAddress: null,
      code: 'DIRECTOR_UNKNOWN_ROLE',
      message: undefined,
    },
  );
});

test('a role whose actor failed answers DIRECTOR_ROLE_NOT_RUNNING with the reason', () => {
  const w = new World();
  w.failClasses.add('foo.fooactor');
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  const r = retrieveRole(w.state, { DirectorOp: 'RetrieveRole', Role: 'MainFoo' });
  assert.equal(r.Success, false);
  assert.ok(!r.Success && r.code === 'DIRECTOR_ROLE_NOT_RUNNING');
  assert.match(r.Success ? '' : r.message, /no class foo\.fooactor/);
});

test('50: RetrieveAll of an unknown group returns it empty', () => {
  const w = new World();
  assert.deepEqual(retrieveAll(w.state, 'nogroup').Groups, {
    nogroup: { ActiveHash: null, Loaded: [], Running: {}, Sources: [] },
  });
});

test('RetrieveAll lists sources in load order with the active hash and actor details', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H12, '1.2');
  w.load('foo', H11, '1.1');
  const g = retrieveAll(w.state).Groups['foo'];
  assert.deepEqual(g?.Loaded, [H12, H11]);
  assert.equal(g?.ActiveHash, H11);
  assert.deepEqual(
    g?.Sources.map((s) => s.Version),
    ['1.2', '1.1'],
  );
  const a = g?.Running[H11]?.[0];
  assert.equal(a?.GlobalName, 'Foo Primary');
  assert.equal(a?.Role, 'MainFoo');
  assert.equal(a?.Status, 'running');
});

test('51: an unknown op or a message without DirectorOp gets an error reply', () => {
  const bogus = decodeDirectorRequest({ DirectorOp: 'Bogus' });
  assert.equal(bogus.ok, false);
  assert.ok(!bogus.ok && bogus.reply.DirectorResponse === 'Error' && !bogus.reply.Success);
  assert.ok(!bogus.ok && 'code' in bogus.reply && bogus.reply.code === 'DIRECTOR_UNKNOWN_OP');
  const method = decodeDirectorRequest({ DirectorOp: 'send_notifications' });
  assert.ok(!method.ok && 'code' in method.reply && method.reply.code === 'DIRECTOR_UNKNOWN_OP');
  const noop = decodeDirectorRequest({ NoOp: 1 });
  assert.ok(!noop.ok && 'code' in noop.reply && noop.reply.code === 'DIRECTOR_BAD_REQUEST');
  assert.equal(decodeDirectorRequest('start').ok, false);
});

test('malformed fields are refused with the field named', () => {
  const cases: [unknown, string, RegExp][] = [
    [{ DirectorOp: 'LoadSource', Group: 'foo' }, 'SourceLoaded', /"Source"/],
    [{ DirectorOp: 'UnloadSource' }, 'SourceUnloaded', /"SourceHash"/],
    [{ DirectorOp: 'DefineGroup', Group: 'my-app' }, 'DeclaredGroup', /group name "my-app"/],
    [{ DirectorOp: 'DefineGroup', Group: 'g', AutoUnload: 'yes' }, 'DeclaredGroup', /AutoUnload/],
    [
      { DirectorOp: 'DefineGroup', Group: 'g', Actors: { 'a.b': { OnLod: {} } } },
      'DeclaredGroup',
      /unknown key "OnLod"/,
    ],
    [
      { DirectorOp: 'DefineGroup', Group: 'g', Actors: { 'a.b': { OnLoad: { Role: 3 } } } },
      'DeclaredGroup',
      /OnLoad\.Role must be a string/,
    ],
    [{ DirectorOp: 'RetrieveRole' }, 'RoleAddress', /"Role"/],
  ];
  for (const [msg, name, re] of cases) {
    const d = decodeDirectorRequest(msg);
    assert.ok(!d.ok, JSON.stringify(msg));
    if (!d.ok) {
      assert.equal(d.reply.DirectorResponse, name);
      assert.equal(d.reply.Success, false);
      assert.match('message' in d.reply ? d.reply.message : '', re);
    }
  }
});

test('a group name that breaks the naming rule is DIRECTOR_BAD_GROUP_NAME, in DefineGroup and inside a Refresh; other bad Groups are DIRECTOR_BAD_REQUEST', () => {
  const failure = (msg: unknown): { code: string; message: string } => {
    const d = decodeDirectorRequest(msg);
    assert.ok(!d.ok && !d.reply.Success, JSON.stringify(msg));
    return { code: d.reply.code, message: d.reply.message };
  };
  assert.deepEqual(failure({ DirectorOp: 'DefineGroup', Group: 'my-app' }), {
    code: 'DIRECTOR_BAD_GROUP_NAME',
    message: 'group name "my-app" is not valid: use letters, digits and _ and start with a letter or _',
  });
  assert.deepEqual(failure({ DirectorOp: 'DefineGroup', Group: '' }), {
    code: 'DIRECTOR_BAD_REQUEST',
    message: 'DefineGroup: "Group" must be a non-empty string, got ""',
  });
  assert.equal(failure({ DirectorOp: 'DefineGroup', Group: 7 }).code, 'DIRECTOR_BAD_REQUEST');
  const define = (Group: string): object => ({ Define: { DirectorOp: 'DefineGroup', Group }, Source: '/p.tls' });
  assert.deepEqual(failure({ DirectorOp: 'Refresh', Groups: [define('ok'), define('a.b')] }), {
    code: 'DIRECTOR_BAD_GROUP_NAME',
    message:
      'Refresh: Groups[1].Define.Group: group name "a.b" is not valid: use letters, digits and _ and start with a letter or _',
  });
});

test('RequestNotification is remembered once per waiter and answered at the next activation only', () => {
  const w = new World();
  w.request(fooGroup());
  const waiter = { system: 'test', id: 'w' };
  w.request({ DirectorOp: 'RequestNotification' }, waiter);
  w.request({ DirectorOp: 'RequestNotification' }, waiter);
  assert.equal(w.replies.filter((r) => r.to.id === 'w').length, 0);
  w.load('foo', H11, '1.1');
  w.load('foo', H12, '1.2');
  assert.equal(w.replies.filter((r) => r.to.id === 'w').length, 1);
});

test('DefineGroup with an unchanged definition only replies: nothing persisted or published', () => {
  const w = new World();
  w.request(fooGroup());
  const again = w.request(fooGroup());
  assert.deepEqual(
    again.map((e) => e.kind),
    ['reply'],
  );
  const changed = w.request(fooGroup({ AutoUnload: true }));
  assert.deepEqual(
    changed.map((e) => e.kind),
    ['reply', 'persist', 'publish'],
  );
});
