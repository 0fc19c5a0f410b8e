import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model, type Model } from './model';

const { decodeLoadedState, loadedTree, loadedSourceCount, LoadedStateError, CONTEXT } = model;
const H1 = '1'.repeat(32);
const H2 = '2'.repeat(32);

/** The Director's AllAddresses reply, as director-messages.ts declares it. */
function reply(): unknown {
  return {
    DirectorResponse: 'AllAddresses',
    Success: true,
    Groups: {
      foo: {
        ActiveHash: H2,
        Loaded: [H1, H2],
        Running: {
          [H1]: [
            {
              ActorClass: 'foo.fooactor.FooActor',
              Role: 'MainFoo',
              ActorAddress: null,
              StartTime: '2026-11-30T18:32:06.704Z',
              GlobalName: null,
              Status: 'stopped',
              Restarts: 0,
            },
          ],
          [H2]: [
            {
              ActorClass: 'foo.fooactor.FooActor',
              Role: 'MainFoo',
              ActorAddress: { system: '127.0.0.1:1900', id: 'a7' },
              StartTime: '2026-11-30T18:40:00.000Z',
              GlobalName: 'Foo Primary',
              Status: 'running',
              Restarts: 2,
            },
            {
              ActorClass: 'foo.subdir2.barn.cowactor.CowActor',
              Role: null,
              ActorAddress: null,
              StartTime: null,
              GlobalName: null,
              Status: 'failed',
              Restarts: 0,
              Error: 'no such class',
            },
          ],
        },
        Sources: [
          {
            SourceHash: H1,
            Version: '1.1',
            Path: '/d/foo-1.1.tls',
            LoadedAt: '2026-11-30T18:32:06.000Z',
            Starting: false,
          },
          {
            SourceHash: H2,
            Version: '1.2',
            Path: '/d/foo-1.2.tls',
            LoadedAt: '2026-11-30T18:40:00.000Z',
            Starting: false,
          },
        ],
      },
      bar: { ActiveHash: null, Loaded: [], Running: {}, Sources: [] },
    },
  };
}

/** UTC+1, "today" being the day of the reply's times: times show as local time of day. */
const ZONE = { offsetMinutes: -60, now: Date.parse('2026-11-30T20:00:00Z') };

test('groups → sources (version, ACTIVE) → actors (role, class, address, since, restarts)', () => {
  const nodes = loadedTree(decodeLoadedState(reply()), ZONE);
  assert.deepEqual(
    nodes.map((n) => n.label),
    ['bar', 'foo'],
  );
  const foo = nodes[1];
  assert.equal(foo.description, '2 loaded · 1 failed');
  const [old, active] = foo.children;
  assert.equal(old.label, '1.1');
  assert.equal(old.contextValue, CONTEXT.source);
  assert.equal(active.label, '1.2');
  assert.equal(active.contextValue, CONTEXT.sourceActive);
  assert.equal(active.description, `ACTIVE · 1 failed · ${H2.slice(0, 12)}`);
  assert.match(active.tooltip!, new RegExp(`hash ${H2}`));
  const [main, cow] = active.children;
  assert.equal(main.label, 'MainFoo');
  assert.equal(main.description, 'foo.fooactor.FooActor · ActorAddr-(127.0.0.1:1900|a7) · since 19:40:00 · 2 restarts');
  assert.match(main.tooltip!, /since: 2026-11-30 19:40 \(UTC\+01:00\), 2026-11-30T18:40:00\.000Z UTC/);
  assert.equal(main.contextValue, CONTEXT.actorRunning);
  assert.deepEqual(main.data, {
    kind: 'actor',
    group: 'foo',
    hash: H2,
    actorClass: 'foo.fooactor.FooActor',
    role: 'MainFoo',
    address: 'ActorAddr-(127.0.0.1:1900|a7)',
  });
  assert.equal(cow.label, 'foo.subdir2.barn.cowactor.CowActor');
  assert.equal(cow.description, 'FAILED');
  assert.equal(cow.contextValue, CONTEXT.actor);
  assert.match(cow.tooltip!, /error: no such class/);
  assert.equal(nodes[0].description, 'nothing loaded');
});

test('ids stay the same when the active source changes, so expansion survives an update', () => {
  const before = loadedTree(decodeLoadedState(reply()), ZONE);
  const r = reply() as { Groups: { foo: { ActiveHash: string } } };
  r.Groups.foo.ActiveHash = H1;
  const after = loadedTree(decodeLoadedState(r), ZONE);
  const ids = (ns: readonly Model.TreeNode[]): string[] => ns.flatMap((n) => [n.id, ...ids(n.children)]);
  assert.deepEqual(ids(after), ids(before));
  assert.equal(after[1].children[0].contextValue, CONTEXT.sourceActive);
});

test('the bare Groups map (list --json) is read like the whole reply, and sources are counted', () => {
  const r = reply() as { Groups: unknown };
  const state = decodeLoadedState(r.Groups);
  assert.equal(loadedSourceCount(state), 2);
  assert.equal(loadedSourceCount(undefined), 0);
});

test('a failed reply or a malformed group is an error that says where', () => {
  assert.throws(
    () =>
      decodeLoadedState({
        DirectorResponse: 'AllAddresses',
        Success: false,
        code: 'X',
        message: 'the Director is restarting',
      }),
    (e: unknown) => e instanceof LoadedStateError && e.code === 'EXTENSION_LIST_OUTPUT' && /restarting/.test(e.message),
  );
  assert.throws(
    () => decodeLoadedState({ Groups: { foo: { Loaded: 'x' } } }),
    (e: unknown) => e instanceof LoadedStateError && e.where === 'Groups.foo.Loaded',
  );
  assert.throws(
    () => decodeLoadedState({ Groups: { foo: { Loaded: [H1], Running: { [H1]: [{ Role: 'r' }] } } } }),
    (e: unknown) => e instanceof LoadedStateError && e.where === `Groups.foo.Running.${H1}[0]`,
  );
  assert.throws(() => decodeLoadedState('nope'), LoadedStateError);
});

test('the typed list report gives the same tree as the AllAddresses reply', () => {
  const listJson = {
    groups: [
      {
        name: 'foo',
        activeHash: H2,
        sources: [
          {
            hash: H1,
            version: '1.1',
            path: '/d/foo-1.1.tls',
            loadedAt: '2026-11-30T18:32:06.000Z',
            active: false,
            starting: false,
            actors: [
              {
                actorClass: 'foo.fooactor.FooActor',
                role: 'MainFoo',
                globalName: null,
                address: null,
                status: 'stopped',
                startTime: '2026-11-30T18:32:06.704Z',
                restarts: 0,
                error: null,
              },
            ],
          },
          {
            hash: H2,
            version: '1.2',
            path: '/d/foo-1.2.tls',
            loadedAt: '2026-11-30T18:40:00.000Z',
            active: true,
            starting: false,
            actors: [
              {
                actorClass: 'foo.fooactor.FooActor',
                role: 'MainFoo',
                globalName: 'Foo Primary',
                address: { system: '127.0.0.1:1900', id: 'a7' },
                status: 'running',
                startTime: '2026-11-30T18:40:00.000Z',
                restarts: 2,
                error: null,
              },
              {
                actorClass: 'foo.subdir2.barn.cowactor.CowActor',
                role: null,
                globalName: null,
                address: null,
                status: 'failed',
                startTime: null,
                restarts: 0,
                error: 'no such class',
              },
            ],
          },
        ],
      },
      { name: 'bar', activeHash: null, sources: [] },
    ],
  };
  assert.deepEqual(loadedTree(model.loadedStateOf(listJson), ZONE), loadedTree(decodeLoadedState(reply()), ZONE));
});

test('a failed actor colours its source and group red; stopped and failed actors have different icons', () => {
  const nodes = loadedTree(decodeLoadedState(reply()), ZONE);
  const foo = nodes[1];
  assert.equal(foo.icon, 'error');
  assert.equal(foo.iconColor, model.FAILED_COLOR);
  assert.match(foo.tooltip!, /^Group foo\nactive: 1\.2\n2 sources loaded, 3 actors\n1 actor failed/);
  const [old, active] = foo.children;
  assert.equal(old.icon, 'circle-outline');
  assert.equal(old.iconColor, undefined);
  assert.equal(active.iconColor, model.FAILED_COLOR);
  const stopped = old.children[0];
  const failed = active.children[1];
  assert.equal(stopped.icon, 'debug-stop');
  assert.equal(stopped.iconColor, undefined);
  assert.equal(failed.icon, 'error');
  assert.equal(failed.iconColor, model.FAILED_COLOR);
  assert.equal(nodes[0].icon, 'symbol-namespace');
  assert.equal(model.failedActorCount(decodeLoadedState(reply())), 1);
  assert.equal(model.failedActorCount(undefined), 0);
});
