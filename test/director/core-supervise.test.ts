// Scenarios 43–44: restarts with back-off and a crash budget (the original restarted without limit), as decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World, fooGroup } from './core-world';
import { decideRestart, defaultRestartPolicy } from '../../runtime/src/director/core/restart-policy';
import { retrieveAll } from '../../runtime/src/director/core/queries';

const H11 = '11'.repeat(16);
const H12 = '12'.repeat(16);

test('43: an active actor that exits is restarted under a new address, sent its OnLoad again, and its restarts counted', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  const [, cow] = w.addressesOf(H11);
  w.advance(30_000);
  w.exit(cow?.id as string);
  assert.deepEqual(
    w.scheduled.map((s) => s.delayMs),
    [0],
    'ran long: restarted at once',
  );
  w.runRestarts();
  const [, cow2] = w.addressesOf(H11);
  assert.ok(cow2 && cow2.id !== cow?.id);
  assert.deepEqual(w.inboxOf(cow2), ['Moo!']);
  const info = retrieveAll(w.state).Groups['foo']?.Running[H11]?.[1];
  assert.equal(info?.Restarts, 1);
  assert.equal(info?.Status, 'running');
  assert.equal(info?.StartTime, new Date(w.now).toISOString(), 'StartTime is that of the restart');
  assert.ok(w.effects.some((e) => e.kind === 'publish' && e.event.kind === 'actor-restarted'));
});

test('43: an actor that keeps crashing is restarted with growing delays until its crash budget is spent', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  const delays: number[] = [];
  for (let i = 0; i < 10; i++) {
    const cur = w.addressesOf(H11)[1];
    if (!cur) break;
    w.advance(100);
    w.exit(cur.id);
    delays.push(...w.scheduled.map((s) => s.delayMs));
    w.runRestarts();
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000]);
  const cow = w.group('foo').sources[0]?.actors[1];
  assert.equal(cow?.status, 'failed');
  assert.equal(cow?.restarts, 5);
  assert.match(cow?.error ?? '', /crash budget spent: 6 exits within 60 s/);
});

test('the crash budget forgets exits older than its window', () => {
  const p = defaultRestartPolicy;
  const now = 1_000_000;
  const old = [now - 70_000, now - 65_000, now - 61_000, now - 60_500, now - 60_001];
  const d = decideRestart(old, 500, now, p);
  assert.equal(d.action, 'restart');
  assert.deepEqual(d.recentExits, [now]);
});

test('44: an actor of an inactive source that exits is not restarted', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  w.load('foo', H12, '1.2');
  const [, cow11] = w.addressesOf(H11);
  w.advance(30_000);
  w.exit(cow11?.id as string);
  assert.equal(w.scheduled.length, 0);
  const a = w.group('foo').sources[0]?.actors[1];
  assert.equal(a?.status, 'exited');
  assert.equal(a?.address, null);
});

test('a restart that comes due after its source was deactivated does not create the actor', () => {
  const w = new World();
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  const [, cow] = w.addressesOf(H11);
  w.exit(cow?.id as string);
  w.load('foo', H12, '1.2');
  const effects = w.runRestarts();
  assert.equal(effects.filter((e) => e.kind === 'createActor').length, 0);
  assert.equal(w.group('foo').sources[0]?.actors[1]?.status, 'exited');
});

test('actors of a source being unloaded are not restarted when they end', () => {
  const w = new World();
  w.request(fooGroup());
  w.holdValidation = false;
  w.load('foo', H11, '1.1');
  const [main] = w.addressesOf(H11);
  // The system ends the actors before it reports the source gone.
  w.state = {
    ...w.state,
    groups: {
      ...w.state.groups,
      foo: { ...w.group('foo'), sources: w.group('foo').sources.map((s) => ({ ...s, unloading: true })) },
    },
  };
  w.exit(main?.id as string);
  assert.equal(w.scheduled.length, 0);
});

test('an actor that cannot start when its source is reactivated is shown failed, not retried', () => {
  const w = new World();
  w.request(fooGroup());
  w.failClasses.add('foo.subdir2.barn.cowactor');
  w.load('foo', H11, '1.1');
  w.failClasses.clear();
  w.load('foo', H12, '1.2');
  w.failClasses.add('foo.subdir2.barn.cowactor');
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H12 });
  const cow = w.group('foo').sources[0]?.actors[1];
  assert.equal(cow?.status, 'failed');
  assert.equal(w.scheduled.length, 0);
  assert.equal(w.group('foo').sources[0]?.actors[0]?.status, 'running');
});
