import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Actor, isSystemMessage, type ActorAddress, type ActorSystemError } from '../../runtime/src/actors/index';
import { createLocalSystem, sourceHashOf } from '../../runtime/src/system/local-system';
import type { ActorSystemCore, SystemEvent } from '../../runtime/src/system/system-core';
import { badPackage, fooPackage, loaderPackage, relayPackage } from './fixtures';
import {
  AcceptAllAuthority,
  CorruptZipAuthority,
  RejectAllAuthority,
  ask,
  quietLogger,
  recorder,
  waitFor,
} from './helpers';

const systems: ActorSystemCore[] = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});
async function systemWith(
  authority: typeof AcceptAllAuthority | null = AcceptAllAuthority,
  extra = {},
): Promise<ActorSystemCore> {
  const s = await createLocalSystem({ systemName: 'src:1', loggerFactory: quietLogger, exitDeadlineMs: 500, ...extra });
  systems.push(s);
  if (authority !== null) await s.createActor(authority, { globalName: 'Test Authority' });
  return s;
}
const code = (c: string) => (e: ActorSystemError) => {
  assert.equal(e.code, c);
  return true;
};

test('a source accepted by the authority runs its actors in a worker, with package modules usable', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await fooPackage(), 'foo.zip');
  assert.match(h, /^[0-9a-f]{32}$/);
  assert.deepEqual(s.loadedSources(), [{ sourceHash: h, info: 'foo.zip' }]);
  const a = await s.createActor('foo.FooActor', { sourceHash: h });
  assert.match(a.id, /^w\d+\.\d+$/);
  assert.equal(await ask(s, a, 'hello'), 'GOT:hello');
  assert.equal(await ask(s, a, 'moo'), 'moo from barn/cow');
  const cow = await s.createActor('barn.cow.cowactor.CowActor', { sourceHash: h });
  assert.equal(await ask(s, cow, 'x'), 'moo:x');
});

test('scenario 58: no hash is IMPORT_ERROR, an unqualified name INVALID_ACTOR_SPECIFICATION, a module of another package IMPORT_ERROR', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await fooPackage(), 'foo.zip');
  await assert.rejects(s.createActor('foo.FooActor'), code('IMPORT_ERROR'));
  await assert.rejects(s.createActor('FooActor', { sourceHash: h }), code('INVALID_ACTOR_SPECIFICATION'));
  await assert.rejects(s.createActor('dog.DogActor', { sourceHash: h }), code('IMPORT_ERROR'));
  await assert.rejects(s.createActor('foo.NoSuchActor', { sourceHash: h }), code('INVALID_ACTOR_SPECIFICATION'));
});

test('the loader serves node_modules (main, exports with require condition), JSON and cyclic requires; module-only specs pick the single Actor', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await loaderPackage(), 'loader.zip');
  const a = await s.createActor('app.fooactor', { sourceHash: h });
  assert.deepEqual(await ask(s, a, 'go'), { pad: '..x', sub: 'sub-cjs', data: 7, cyc: 'a-early' });
  await assert.rejects(s.createActor('app.two', { sourceHash: h }), (e: ActorSystemError) => {
    assert.equal(e.code, 'INVALID_ACTOR_SPECIFICATION');
    assert.match(e.message, /One, Two/);
    return true;
  });
  await assert.rejects(s.createActor('app.none', { sourceHash: h }), code('INVALID_ACTOR_SPECIFICATION'));
  await assert.rejects(
    s.createActor('app.fooactor.notAnActor', { sourceHash: h }),
    code('INVALID_ACTOR_SPECIFICATION'),
  );
  await assert.rejects(s.createActor('app.broken.X', { sourceHash: h }), (e: ActorSystemError) => {
    assert.equal(e.code, 'IMPORT_ERROR');
    assert.match(e.message, /module init failed/);
    return true;
  });
});

test('scenario 59: two versions of one group run side by side, each with its own code and module state', async () => {
  const s = await systemWith();
  const [h1, h2] = await Promise.all([
    s.loadActorSource(await fooPackage('GOT:'), 'foo-1.zip'),
    s.loadActorSource(await fooPackage('TOG:'), 'foo-2.zip'),
  ]);
  assert.notEqual(h1, h2);
  const a1 = await s.createActor('foo.FooActor', { sourceHash: h1 });
  const a2 = await s.createActor('foo.FooActor', { sourceHash: h2 });
  assert.equal(await ask(s, a1, 'x'), 'GOT:x');
  assert.equal(await ask(s, a2, 'x'), 'TOG:x');
  assert.equal(await ask(s, a1, 'count'), 1);
  assert.equal(await ask(s, a1, 'count'), 2);
  assert.equal(await ask(s, a2, 'count'), 1); // no shared module state
});

test('scenario 60: after unload a create with that hash fails with INVALID_ACTOR_SOURCE_HASH and the actors are ended', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const a = await s.createActor('foo.FooActor', { sourceHash: h });
  const events: SystemEvent[] = [];
  s.onEvent((e) => events.push(e));
  await s.unloadActorSource(h);
  await assert.rejects(s.createActor('foo.FooActor', { sourceHash: h }), (e: ActorSystemError) => {
    assert.equal(e.code, 'INVALID_ACTOR_SOURCE_HASH');
    assert.equal(e.message, `Source hash ${h} does not match any loaded sources.`);
    return true;
  });
  assert.ok(events.some((e) => e.kind === 'actor-exited' && e.address.id === a.id));
  assert.ok(events.some((e) => e.kind === 'source-unloaded' && e.sourceHash === h));
  assert.deepEqual(s.loadedSources(), []);
});

test('scenario 61/63 (fixed): a rejection fails the load at once with the authority code, and queued creates with INVALID_ACTOR_SOURCE_HASH', async () => {
  const s = await systemWith(RejectAllAuthority);
  const bytes = await fooPackage();
  const load = s.loadActorSource(bytes, 'foo.zip');
  const queued = s.createActor('foo.FooActor', { sourceHash: sourceHashOf(bytes) });
  await assert.rejects(load, (e: ActorSystemError & { exitCode: number }) => {
    assert.equal(e.code, 'SIGNATURE_INVALID');
    assert.equal(e.exitCode, 7);
    return true;
  });
  await assert.rejects(queued, code('INVALID_ACTOR_SOURCE_HASH'));
});

test('scenario 61: an authority returning corrupt ZIP bytes fails the load with the extractor code ZIP_INVALID, never a crash', async () => {
  const s = await systemWith(CorruptZipAuthority);
  await assert.rejects(s.loadActorSource(await fooPackage(), 'foo.zip'), code('ZIP_INVALID'));
  const a = await s.createActor(AcceptAllAuthority);
  assert.ok(a.id);
});

test('an authority that never answers fails the load with SOURCE_VALIDATION_TIMEOUT', async () => {
  const s = await systemWith(null, { validationTimeoutMs: 100 });
  class Silent extends Actor {
    constructor() {
      super();
      this.registerSourceAuthority();
    }
  }
  await s.createActor(Silent);
  await assert.rejects(s.loadActorSource(await fooPackage(), 'foo.zip'), code('SOURCE_VALIDATION_TIMEOUT'));
});

test('scenario 62: watchers get LoadedSource before and at registration, UnloadedSource after unload, nothing after disabling', async () => {
  const s = await systemWith();
  const got: Array<{ who: string; m: unknown }> = [];
  class Watcher extends Actor {
    override receiveMessage(m: unknown, sender: ActorAddress): void {
      if (m === 'watch') this.notifyOnSourceAvailability(true);
      else if (m === 'unwatch') {
        this.notifyOnSourceAvailability(false);
        this.send(sender, 'unwatched');
      } else if (isSystemMessage(m, 'LoadedSource') || isSystemMessage(m, 'UnloadedSource'))
        got.push({ who: this.myAddress.id, m });
    }
  }
  const early = await s.createActor(Watcher);
  s.tell(early, 'watch'); // handled before the load below reaches the authority (FIFO in the main thread)
  const h = await s.loadActorSource(await fooPackage(), 'foo.zip');
  await waitFor(() => got.length === 1, 5000, 'LoadedSource to the early watcher');
  assert.deepEqual(got[0], { who: early.id, m: { type: 'LoadedSource', sourceHash: h, sourceInfo: 'foo.zip' } });
  const late = await s.createActor(Watcher);
  s.tell(late, 'watch');
  await waitFor(() => got.length === 2, 5000, 'LoadedSource at registration');
  assert.equal(got[1].who, late.id);
  // Asked, not told: the unload below must come after the late watcher has stopped watching (a
  // told 'unwatch' could still be queued when the unload notifies, and both watchers would hear it).
  assert.equal(await ask(s, late, 'unwatch'), 'unwatched');
  await s.unloadActorSource(h);
  // It timed out once in a full run (with a told 'unwatch'): a timeout now says what had come.
  await waitFor(() => got.length >= 3, 5000, 'UnloadedSource').catch((e: unknown) => {
    throw new Error(`${String(e)}; received: ${JSON.stringify(got)}`);
  });
  assert.equal(got.length, 3, JSON.stringify(got.slice(2)));
  assert.deepEqual(got[2], { who: early.id, m: { type: 'UnloadedSource', sourceHash: h, sourceInfo: 'foo.zip' } });
});

test('a class instance sent across a source boundary is refused at the sender with NOT_PLAIN_DATA', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await badPackage(), 'bad.zip');
  const leaker = await s.createActor('bad.leaker.Leaker', { sourceHash: h });
  const reply = (await ask(s, leaker, 'go')) as { code: string; message: string };
  assert.equal(reply.code, 'NOT_PLAIN_DATA');
  assert.match(reply.message, /instance of class Thing/);
  class Local {
    x = 1;
  }
  assert.throws(() => s.tell(leaker, new Local()), code('NOT_PLAIN_DATA'));
});

test('an endless loop in source A leaves source B and the main thread answering, and unloading A ends it', async () => {
  const s = await systemWith();
  const hA = await s.loadActorSource(await badPackage(), 'bad.zip');
  const hB = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const looper = await s.createActor('bad.looper.Looper', { sourceHash: hA });
  const b = await s.createActor('foo.FooActor', { sourceHash: hB });
  s.tell(looper, 'loop');
  for (let i = 0; i < 5; i++) assert.equal(await ask(s, b, `q${i}`), `GOT:q${i}`);
  await assert.rejects(ask(s, looper, 'ping', 200));
  const events: SystemEvent[] = [];
  s.onEvent((e) => events.push(e));
  await s.unloadActorSource(hA);
  assert.ok(events.some((e) => e.kind === 'actor-exited' && e.address.id === looper.id));
  assert.equal(await ask(s, b, 'after'), 'GOT:after');
});

test('process.exit inside a source ends only its worker; its actors are reported exited and the source can create again', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await badPackage(), 'bad.zip');
  const x = await s.createActor('bad.exiter.Exiter', { sourceHash: h });
  const exited: SystemEvent[] = [];
  s.onEvent((e) => e.kind === 'actor-exited' && exited.push(e));
  s.tell(x, 'exit');
  await waitFor(() => exited.length === 1, 5000, 'actor-exited after process.exit');
  assert.match((exited[0] as { reason: string }).reason, /exited with code 3/);
  const y = await s.createActor('bad.exiter.Exiter', { sourceHash: h });
  assert.equal(await ask(s, y, 'hi'), 'alive');
});

test('heap exhaustion in one source ends its worker only; the other source keeps answering', async () => {
  const s = await systemWith(AcceptAllAuthority, {
    workerLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
  });
  const hA = await s.loadActorSource(await badPackage(), 'bad.zip');
  const hB = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const hog = await s.createActor('bad.hog.Hog', { sourceHash: hA });
  const b = await s.createActor('foo.FooActor', { sourceHash: hB });
  const exited: SystemEvent[] = [];
  s.onEvent((e) => e.kind === 'actor-exited' && exited.push(e));
  s.tell(hog, 'eat');
  await waitFor(() => exited.length === 1, 20000, 'the hog worker to die');
  assert.match((exited[0] as { reason: string }).reason, /memory/);
  assert.equal(await ask(s, b, 'still'), 'GOT:still');
});

test('createActor inside a source defaults to its own source; another hash can be named', async () => {
  const s = await systemWith();
  const hA = await s.loadActorSource(await badPackage(), 'bad.zip');
  const hB = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const sp = await s.createActor('bad.spawner.Spawner', { sourceHash: hA });
  const r = (await ask(s, sp, { op: 'spawn', n: 10 })) as { last: ActorAddress };
  assert.equal(await ask(s, r.last, 'x'), 'spawner');
  const other = (await ask(s, sp, { op: 'other', spec: 'foo.FooActor', hash: hB })) as { ok: ActorAddress };
  assert.equal(await ask(s, other.ok, 'y'), 'GOT:y');
  const bad = (await ask(s, sp, { op: 'other', spec: 'foo.FooActor', hash: 'nope' })) as { code: string };
  assert.equal(bad.code, 'INVALID_ACTOR_SOURCE_HASH');
});

test('scenario 64: an actor loads a source itself and creates a child from it', async () => {
  const s = await systemWith();
  const hA = await s.loadActorSource(await badPackage(), 'bad.zip');
  const sp = await s.createActor('bad.spawner.Spawner', { sourceHash: hA });
  const r = (await ask(s, sp, { op: 'load', bytes: await fooPackage('ACT:'), spec: 'foo.FooActor' })) as {
    hash: string;
    child: ActorAddress;
  };
  assert.match(r.hash, /^[0-9a-f]{32}$/);
  assert.equal(await ask(s, r.child, 'z'), 'ACT:z');
});

test('a global name is shared between the main thread and a source', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const a = await s.createActor('foo.FooActor', { sourceHash: h, globalName: 'Foo' });
  const b = await s.createActor('foo.FooActor', { sourceHash: h, globalName: 'Foo' });
  assert.deepEqual(a, b);
  const rec = recorder(s);
  rec.close();
});

test('actors of two sources exchange plain data in order, before and after their direct channel exists', async () => {
  const s = await systemWith();
  const h1 = await s.loadActorSource(await relayPackage(), 'relay-1');
  const h2 = await s.loadActorSource(await relayPackage('second'), 'relay-2');
  const sender = await s.createActor('relay.actors.Sender', { sourceHash: h1 });
  const collector = await s.createActor('relay.actors.Collector', { sourceHash: h2 });
  s.tell(sender, { op: 'trickle', to: collector, i: 0, n: 300 });
  let report: { next: number; bad: number } = { next: 0, bad: 0 };
  const deadline = Date.now() + 10000;
  while (report.next < 300 && Date.now() < deadline)
    report = (await ask(s, collector, { op: 'report' })) as typeof report;
  assert.deepEqual(report, { next: 300, bad: 0 });
  const collector2 = await s.createActor('relay.actors.Collector', { sourceHash: h2 });
  await ask(s, sender, { op: 'fire', to: collector2, n: 50000 });
  report = { next: 0, bad: 0 };
  while (report.next < 50000 && Date.now() < deadline + 10000)
    report = (await ask(s, collector2, { op: 'report' })) as typeof report;
  assert.deepEqual(report, { next: 50000, bad: 0 });
});

test('a create issued while its source is still pending waits for the load and then succeeds', async () => {
  const s = await systemWith();
  const bytes = await fooPackage('WAIT:');
  const load = s.loadActorSource(bytes, 'foo.zip');
  const early = s.createActor('foo.FooActor', { sourceHash: sourceHashOf(bytes) });
  const a = await early;
  assert.equal(await load, sourceHashOf(bytes));
  assert.equal(await ask(s, a, 'x'), 'WAIT:x');
});

test('unloading a source that is still pending fails its load and queued creates with INVALID_ACTOR_SOURCE_HASH (the original threw inside its Admin)', async () => {
  const s = await systemWith();
  const bytes = await fooPackage('P:');
  const h = sourceHashOf(bytes);
  const load = s.loadActorSource(bytes, 'foo.zip');
  const queued = s.createActor('foo.FooActor', { sourceHash: h });
  await s.unloadActorSource(h);
  await assert.rejects(load, code('INVALID_ACTOR_SOURCE_HASH'));
  await assert.rejects(queued, code('INVALID_ACTOR_SOURCE_HASH'));
  assert.deepEqual(s.loadedSources(), []);
});

test('loading the same bytes twice gives the same hash and one worker', async () => {
  const s = await systemWith();
  const bytes = await fooPackage();
  const [h1, h2] = await Promise.all([s.loadActorSource(bytes, 'a'), s.loadActorSource(bytes, 'b')]);
  assert.equal(h1, h2);
  assert.equal(s.loadedSources().length, 1);
});

test('when a worker dies, its actors’ children in other sources get ActorExitRequest', async () => {
  const s = await systemWith();
  const hA = await s.loadActorSource(await badPackage(), 'bad.zip');
  const hB = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const sp = await s.createActor('bad.spawner.Spawner', { sourceHash: hA });
  const child = ((await ask(s, sp, { op: 'other', spec: 'foo.FooActor', hash: hB })) as { ok: ActorAddress }).ok;
  const exited: string[] = [];
  s.onEvent((e) => e.kind === 'actor-exited' && exited.push(e.address.id));
  const exiter = await s.createActor('bad.exiter.Exiter', { sourceHash: hA });
  s.tell(exiter, 'exit'); // ends source A's worker, and with it the spawner
  await waitFor(() => exited.includes(child.id), 5000, 'the orphan in source B to end');
  assert.ok(exited.includes(sp.id));
});

test('scenario 62: a watcher that exited gets nothing more, and other watchers are unaffected', async () => {
  const s = await systemWith();
  const got: string[] = [];
  class W extends Actor {
    override receiveMessage(m: unknown, sender: ActorAddress | null): void {
      if (m === 'watch') {
        this.notifyOnSourceAvailability(true);
        if (sender) this.send(sender, 'watching');
      } else if (isSystemMessage(m, 'LoadedSource')) got.push(this.myAddress.id);
    }
  }
  const w1 = await s.createActor(W);
  const w2 = await s.createActor(W);
  await ask(s, w1, 'watch');
  await ask(s, w2, 'watch');
  s.tell(w1, { type: 'ActorExitRequest' });
  const exited: string[] = [];
  s.onEvent((e) => e.kind === 'actor-exited' && exited.push(e.address.id));
  await waitFor(() => exited.includes(w1.id), 5000, 'w1 to exit');
  await s.loadActorSource(await fooPackage(), 'foo.zip');
  await waitFor(() => got.includes(w2.id), 5000, 'LoadedSource at w2');
  assert.deepEqual(got, [w2.id]);
});

test('with a spare worker, consecutive loads each get their own worker and answer; shutdown ends the spare too', async () => {
  const s = await createLocalSystem({ systemName: 'spare:1', loggerFactory: quietLogger, spareWorker: true });
  try {
    await s.createActor(AcceptAllAuthority);
    for (const tag of ['S1:', 'S2:', 'S3:']) {
      const h = await s.loadActorSource(await fooPackage(tag), tag);
      const a = await s.createActor('foo.FooActor', { sourceHash: h });
      assert.equal(await ask(s, a, 'x'), `${tag}x`);
      assert.equal(await ask(s, a, 'count'), 1); // a fresh module state each time
    }
  } finally {
    await s.shutdown();
  }
});

test('a child created by the host on behalf of a main-thread parent ends when that parent ends, and the parent hears of it', async () => {
  const s = await systemWith();
  const h = await s.loadActorSource(await fooPackage(), 'foo.zip');
  const heard: string[] = [];
  class Boss extends Actor {
    override receiveMessage(m: unknown): void {
      if (isSystemMessage(m, 'ChildActorExited')) heard.push(m.childAddress.id);
    }
  }
  const boss = await s.createActor(Boss);
  const c1 = await s.createActor('foo.FooActor', { sourceHash: h, parent: boss });
  const c2 = await s.createActor('foo.FooActor', { sourceHash: h, parent: boss });
  s.tell(c1, { type: 'ActorExitRequest' });
  await waitFor(() => heard.includes(c1.id), 5000, 'ChildActorExited at the boss');
  const exited: string[] = [];
  s.onEvent((e) => e.kind === 'actor-exited' && exited.push(e.address.id));
  s.tell(boss, { type: 'ActorExitRequest' });
  await waitFor(() => exited.includes(c2.id), 5000, 'the remaining child to end with its parent');
});
