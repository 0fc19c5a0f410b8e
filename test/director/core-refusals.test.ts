// Director refusals decided by the pure core: a hash claimed by another group, an unload of a
// source still being loaded, and a load whose source was unloaded under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World, fooGroup } from './core-world';

const H11 = '11'.repeat(16);

const barGroup = { DirectorOp: 'DefineGroup', Group: 'bar', Actors: { 'bar.b': { OnLoad: { Role: 'B' } } } } as const;

test('loading the bytes of a source loaded in another group is DIRECTOR_HASH_IN_OTHER_GROUP, and nothing changes', () => {
  const w = new World();
  w.request(fooGroup());
  w.request(barGroup);
  w.load('foo', H11, '1.1');
  const before = w.state;
  w.load('bar', H11, '1.1');
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_HASH_IN_OTHER_GROUP');
  assert.equal(w.state, before);
});

test('the same bytes pending in another group are DIRECTOR_HASH_IN_OTHER_GROUP too', () => {
  const w = new World();
  w.holdValidation = true;
  w.request(fooGroup());
  w.request(barGroup);
  w.load('foo', H11, '1.1');
  w.load('bar', H11, '1.1');
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_HASH_IN_OTHER_GROUP');
});

test('unloading a source whose load has not finished is DIRECTOR_BUSY; the load then completes', () => {
  const w = new World();
  w.holdValidation = true;
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  w.request({ DirectorOp: 'UnloadSource', SourceHash: H11 });
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceUnloaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_BUSY');
  w.release(H11);
  assert.equal(w.group('foo').active, H11);
});

test('a source unloaded by the actor system before its load finished fails the load with DIRECTOR_UNLOADED_WHILE_LOADING', () => {
  const w = new World();
  w.holdValidation = true;
  w.request(fooGroup());
  w.load('foo', H11, '1.1');
  w.feed({ kind: 'sourceUnloaded', hash: H11 });
  const r = w.lastReply();
  assert.ok(r.DirectorResponse === 'SourceLoaded' && !r.Success);
  assert.equal(r.code, 'DIRECTOR_UNLOADED_WHILE_LOADING');
  assert.deepEqual(w.state.pending, []);
});
