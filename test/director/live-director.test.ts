// The Director against a real actor system: real workers, the real Director Source Authority,
// packages signed with an openssl key. The actors report what they receive to an observer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Live, waitFor } from './live-fixtures';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import { retrieveAll } from '../../runtime/src/director/core/queries';
import { DirectorStore } from '../../runtime/src/director/director-store';

async function withLive(fn: (l: Live) => Promise<void>, policy?: Parameters<Live['start']>[0]): Promise<void> {
  const l = new Live();
  try {
    await l.start(policy);
    await fn(l);
  } finally {
    await l.cleanup();
  }
}

test('live: upgrade 1.1 → 1.2 — the 1.1 actor observes OnDeactivate, the 1.2 actors their OnLoad', () =>
  withLive(async (l) => {
    await l.package('1.1');
    await l.package('1.2');
    assert.equal((await l.define()).Success, true);
    const r1 = await l.load('1.1');
    assert.equal(r1.Success, true, JSON.stringify(r1));
    assert.equal(r1.DirectorResponse, 'SourceLoaded');
    await waitFor(() => l.got('1.1').includes('load') && l.got('1.1', 'Worker').includes('load'), 10_000, '1.1 OnLoad');
    const r2 = await l.load('1.2');
    assert.equal(r2.Success, true, JSON.stringify(r2));
    await waitFor(
      () => l.got('1.1').includes('deactivate') && l.got('1.2').includes('load'),
      10_000,
      'deactivate + load',
    );
    assert.deepEqual(l.got('1.1'), ['load', 'deactivate']);
    assert.deepEqual(l.got('1.2'), ['load']);
    const all = await l.ask({ DirectorOp: 'RetrieveAll', Group: 'foo' });
    const g = (all.Groups as Record<string, { ActiveHash: string; Loaded: string[] }>)['foo'];
    assert.deepEqual(g?.Loaded, [r1.SourceHash, r2.SourceHash]);
    assert.equal(g?.ActiveHash, r2.SourceHash);
    const role = await l.ask({ DirectorOp: 'RetrieveRole', Role: 'MainFoo' });
    assert.equal(role.SourceHash, r2.SourceHash);
    assert.equal(typeof role.StartTime, 'string');
  }));

test('live: the LoadSource reply comes only after the OnLoad actors run, and a repeat load changes nothing', () =>
  withLive(async (l) => {
    await l.package('1.1');
    await l.define();
    const r = await l.load('1.1');
    const actors = r.Actors as { ActorAddress: unknown }[];
    assert.equal(actors.length, 2);
    assert.ok(actors.every((a) => a.ActorAddress !== null));
    const again = await l.load('1.1');
    assert.equal(again.AlreadyLoaded, true);
    assert.equal(l.director.service.current.groups['foo']?.sources.length, 1);
  }));

test('live: unloading the active source reactivates the highest remaining version; unloading an inactive one reactivates nothing', () =>
  withLive(async (l) => {
    for (const v of ['1.3', '1.1', '1.2']) await l.package(v);
    await l.define();
    const h13 = (await l.load('1.3')).SourceHash as string;
    const h11 = (await l.load('1.1')).SourceHash as string;
    const h12 = (await l.load('1.2')).SourceHash as string;
    const u = await l.ask({ DirectorOp: 'UnloadSource', SourceHash: h12 });
    assert.equal(u.Success, true, JSON.stringify(u));
    assert.equal(u.Reactivated, h13, 'highest version, not the most recently loaded (1.1)');
    await waitFor(() => l.got('1.3').includes('reactivate'), 10_000, '1.3 OnReactivate');
    await waitFor(() => l.got('1.2').includes('ActorExitRequest'), 10_000, '1.2 ended');
    assert.deepEqual(l.got('1.2').slice(0, 2), ['load', 'deactivate']);
    assert.ok(!l.got('1.1').includes('reactivate'));
    // Now unload the inactive 1.1: nobody is reactivated.
    const before = l.reports.length;
    const u2 = await l.ask({ DirectorOp: 'UnloadSource', SourceHash: h11 });
    assert.equal(u2.Reactivated, null);
    await waitFor(() => l.got('1.1').includes('ActorExitRequest'), 10_000, '1.1 ended');
    const later = l.reports.slice(before);
    assert.ok(!later.some((r) => r.version === '1.3'), 'the active 1.3 hears nothing');
    assert.ok(!l.got('1.1').slice(2).includes('deactivate'), 'an inactive source gets no second OnDeactivate');
    const bogus = await l.ask({ DirectorOp: 'UnloadSource', SourceHash: 'bogushash' });
    assert.equal(bogus.Success, false);
    assert.equal(bogus.code, 'DIRECTOR_UNKNOWN_HASH');
  }));

test('live: AutoUnload 2 keeps two sources; AutoUnload true keeps only the new one', () =>
  withLive(async (l) => {
    for (const v of ['1.1', '1.3', '1.4']) await l.package(v);
    await l.define({ AutoUnload: 2 });
    const h11 = (await l.load('1.1')).SourceHash as string;
    await l.load('1.3');
    await l.load('1.4');
    await waitFor(
      () => !(l.director.service.current.groups['foo']?.sources ?? []).some((s) => s.hash === h11),
      10_000,
      '1.1 auto-unloaded',
    );
    assert.deepEqual(
      l.director.service.current.groups['foo']?.sources.map((s) => s.version),
      ['1.3', '1.4'],
    );
    await waitFor(() => l.got('1.1').includes('ActorExitRequest'), 10_000, '1.1 ended');
    assert.deepEqual(l.got('1.1'), ['load', 'deactivate', 'ActorExitRequest'], 'no second OnDeactivate');
    assert.ok(
      !l.got('1.4').includes('reactivate'),
      'no OnReactivate to the new active source when an older one is unloaded',
    );
  }));

test('live: AutoUnload true leaves only the new source loaded', () =>
  withLive(async (l) => {
    for (const v of ['1.1', '1.2', '1.3']) await l.package(v);
    await l.define({ AutoUnload: true });
    for (const v of ['1.1', '1.2', '1.3']) await l.load(v);
    await waitFor(() => l.director.service.current.groups['foo']?.sources.length === 1, 10_000, 'only the newest');
    assert.equal(l.director.service.current.groups['foo']?.sources[0]?.version, '1.3');
    await waitFor(() => l.got('1.2').includes('ActorExitRequest'), 10_000, '1.2 ended');
  }));

test('live: TLS_Keep_Limit prunes old package files after a load, never a loaded one', () =>
  withLive(async (l) => {
    for (const v of ['1.0', '1.1', '1.2', '1.3']) await l.package(v);
    await l.define({ TLS_Keep_Limit: 2 });
    await l.load('1.0');
    await l.load('1.3');
    await waitFor(() => !existsSync(path.join(l.dir, 'foo-1.1.tls')), 10_000, 'pruned');
    assert.ok(existsSync(path.join(l.dir, 'foo-1.0.tls')), 'loaded: kept');
    assert.ok(!existsSync(path.join(l.dir, 'foo-1.1.tls')));
    assert.ok(existsSync(path.join(l.dir, 'foo-1.2.tls')));
    assert.ok(existsSync(path.join(l.dir, 'foo-1.3.tls')));
  }));

test('live: a tampered package fails its load with the authority code; the previous version stays active', () =>
  withLive(async (l) => {
    await l.package('1.1');
    const bad = await l.package('1.2');
    const bytes = readFileSync(bad);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(bad, bytes);
    await l.define();
    const h11 = (await l.load('1.1')).SourceHash;
    const r = await l.load('1.2');
    assert.equal(r.Success, false);
    assert.equal(r.code, 'DIRECTOR_SOURCE_REJECTED');
    assert.match(String((r.data as { authorityCode: string }).authorityCode), /^TLS_/);
    assert.equal(l.director.service.current.groups['foo']?.active, h11);
    assert.ok(!l.got('1.1').includes('deactivate'));
  }));

test('live: a TLI naming a class the package lacks fails the load visibly; list shows why', () =>
  withLive(async (l) => {
    await l.package('1.1');
    await l.ask({
      DirectorOp: 'DefineGroup',
      Group: 'foo',
      Actors: {
        'foo.app.Nope': { OnLoad: { Role: 'N' } },
        'foo.app.Main': { OnLoad: { Message: { observer: l.observer, tag: 'load' } } },
      },
    });
    const r = await l.load('1.1');
    assert.equal(r.Success, false);
    assert.equal(r.code, 'DIRECTOR_ACTOR_START_FAILED');
    assert.match(String(r.message), /foo\.app\.Nope/);
    await waitFor(() => l.got('1.1').includes('load'), 10_000, 'the good actor runs');
    const info = retrieveAll(l.director.service.current).Groups['foo']?.Running[r.SourceHash as string]?.[0];
    assert.equal(info?.Status, 'failed');
    assert.ok(info?.Error);
  }));

test('live: present messages are delivered whatever their value (0, "")', () =>
  withLive(async (l) => {
    await l.package('1.1');
    await l.package('1.2');
    const obs = l.observer;
    await l.ask({
      DirectorOp: 'DefineGroup',
      Group: 'foo',
      Actors: {
        'foo.app.Worker': { OnLoad: { Message: { observer: obs, tag: 'load' } } },
        'foo.app.Main': { OnLoad: { Message: { observer: obs, tag: 'load' } }, OnDeactivate: { Message: 0 } },
      },
    });
    await l.load('1.1');
    await l.ask({ DirectorOp: 'DefineGroup', Group: 'foo', Actors: { 'foo.app.Main': { OnLoad: { Message: '' } } } });
    await l.load('1.2');
    await waitFor(() => l.got('1.1').includes(0), 10_000, 'Message 0 delivered');
    assert.deepEqual(l.got('1.1'), ['load', 0]);
  }));

test('live: an exiting actor is restarted with back-off until its crash budget is spent', () =>
  withLive(
    async (l) => {
      await l.package('1.1');
      await l.define();
      const r = await l.load('1.1');
      const hash = r.SourceHash as string;
      const addrOf = () => l.director.service.current.groups['foo']?.sources[0]?.actors[1];
      for (let i = 1; i <= 3; i++) {
        const a = addrOf();
        assert.ok(a?.address);
        l.system.tell(a.address, 'die');
        await waitFor(() => addrOf()?.restarts === i && addrOf()?.status === 'running', 10_000, `restart ${i}`);
      }
      await waitFor(
        () => l.got('1.1', 'Worker').filter((x) => x === 'load').length === 4,
        10_000,
        'OnLoad again at each restart',
      );
      l.system.tell(addrOf()?.address as never, 'die');
      await waitFor(() => addrOf()?.status === 'failed', 10_000, 'budget spent');
      assert.match(addrOf()?.error ?? '', /crash budget spent/);
      assert.ok(l.events.some((e) => e.kind === 'actor-restarted' && e.sourceHash === hash));
    },
    { maxRestarts: 3, windowMs: 60_000, baseDelayMs: 10, maxDelayMs: 50, stableMs: 60_000 },
  ));

test('live: a restarted daemon restores the same sources with the same active one, and records an audit trail', async () => {
  const l = new Live();
  try {
    await l.start();
    for (const v of ['1.1', '1.2']) await l.package(v);
    await l.define();
    const h11 = (await l.load('1.1')).SourceHash as string;
    const h12 = (await l.load('1.2')).SourceHash as string;
    await l.ask({ DirectorOp: 'UnloadSource', SourceHash: h12 });
    await l.load('1.2');
    await l.stopSystem();
    await l.start();
    const rec = await new DirectorStore(l.privateDir).readRecord();
    assert.ok(rec);
    await l.director.service.restore(rec);
    const g = l.director.service.current.groups['foo'];
    assert.deepEqual(
      g?.sources.map((s) => s.hash),
      [h11, h12],
    );
    assert.equal(g?.active, h12);
    // Every actor that ran runs again in the same state: the active source's got OnLoad, the
    // inactive one's OnLoad then OnDeactivate (as before the crash).
    assert.ok(g?.sources[1]?.actors.every((a) => a.status === 'running'));
    assert.ok(g?.sources[0]?.actors.every((a) => a.status === 'running'));
    await waitFor(
      () => l.got('1.1').filter((x) => x === 'deactivate').length >= 2,
      10_000,
      'restored 1.1 deactivated again',
    );
    const audit = readFileSync(path.join(l.privateDir, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x) as { action: string; sourceHash: string; by: string; keyId: string | null });
    assert.deepEqual(audit.map((a) => [a.action, a.sourceHash]).slice(0, 4), [
      ['load', h11],
      ['load', h12],
      ['unload', h12],
      ['load', h12],
    ]);
    assert.ok(audit.every((a) => typeof a.keyId === 'string' && a.keyId.length === 32));
  } finally {
    await l.cleanup();
  }
});

function defineNamed(l: Live): Promise<Record<string, unknown>> {
  return l.ask({
    DirectorOp: 'DefineGroup',
    Group: 'foo',
    Actors: {
      'foo.app.Main': {
        OnLoad: { Role: 'MainFoo', GlobalName: 'Foo Primary', Message: { observer: l.observer, tag: 'load' } },
        OnDeactivate: { Message: { tag: 'deactivate' } },
      },
    },
  });
}

async function whoHolds(l: Live, name: string): Promise<unknown> {
  const addr = await l.system.createActor('foo.app.Main', { globalName: name });
  return new Promise((resolve) => {
    const ep = l.system.openEndpoint((m) => {
      ep.close();
      resolve(m);
    });
    l.system.tell(addr, 'who', ep.address);
  });
}

test("live: GlobalName takeover — the new version's actor takes the name, and gets it back to the old on unload", () =>
  withLive(async (l) => {
    await l.package('1.1');
    await l.package('1.2');
    await defineNamed(l);
    await l.load('1.1');
    assert.equal(await whoHolds(l, 'Foo Primary'), '1.1');
    const h12 = (await l.load('1.2')).SourceHash;
    assert.equal(await whoHolds(l, 'Foo Primary'), '1.2');
    const main11 = l.director.service.current.groups['foo']?.sources[0]?.actors[0]?.address;
    const main12 = l.director.service.current.groups['foo']?.sources[1]?.actors[0]?.address;
    assert.notDeepEqual(main11, main12);
    await l.ask({ DirectorOp: 'UnloadSource', SourceHash: h12 });
    assert.equal(await whoHolds(l, 'Foo Primary'), '1.1');
  }));

test("live: a new version's GlobalName actor is its own actor, and the old one gets no second OnLoad", () =>
  withLive(async (l) => {
    await l.package('1.1');
    await l.package('1.2');
    await defineNamed(l);
    await l.load('1.1');
    await l.load('1.2');
    await waitFor(
      () => l.got('1.2').includes('load') && l.got('1.1').includes('deactivate'),
      10_000,
      '1.2 OnLoad, 1.1 OnDeactivate',
    );
    const [s11, s12] = l.director.service.current.groups['foo']?.sources ?? [];
    assert.notDeepEqual(s11?.actors[0]?.address, s12?.actors[0]?.address);
    assert.deepEqual(l.got('1.1'), ['load', 'deactivate'], 'the old actor got no second OnLoad');
  }));

test("live: restore reads the daemon's own copies: a changed package file does not matter, a changed copy is not restored (DIRECTOR_RESTORE_MISMATCH)", async () => {
  const l = new Live();
  try {
    await l.start();
    for (const v of ['1.1', '1.2']) await l.package(v);
    await l.define();
    const h11 = (await l.load('1.1')).SourceHash as string;
    await l.load('1.2');
    await l.stopSystem();
    await l.package('1.2'); // re-signed: other bytes, other hash; the daemon's copy is intact
    const store = new DirectorStore(l.privateDir);
    const rec0 = await store.readRecord();
    const h12 = rec0?.sources[1]?.hash as string;
    await l.start();
    await l.director.service.restore(rec0 as NonNullable<typeof rec0>);
    assert.deepEqual(
      l.director.service.current.groups['foo']?.sources.map((s) => s.hash),
      [h11, h12],
    );
    await l.stopSystem();
    // Now the copy itself changes (other bytes under the hash's name): that one is not restored.
    writeFileSync(store.copyPath(h12), readFileSync(path.join(l.dir, 'foo-1.2.tls')));
    l.reports.length = 0;
    await l.start();
    const rec = await store.readRecord();
    assert.ok(rec);
    await l.director.service.restore(rec);
    const g = l.director.service.current.groups['foo'];
    assert.deepEqual(
      g?.sources.map((s) => s.hash),
      [h11],
    );
    assert.equal(g?.active, h11, 'the highest version left is active');
    await waitFor(() => l.got('1.1').includes('load'), 10_000, '1.1 started');
    const audit = readFileSync(path.join(l.privateDir, 'audit.log'), 'utf8');
    assert.match(audit, /"action":"load-failed".*"code":"DIRECTOR_RESTORE_MISMATCH"/);
  } finally {
    await l.cleanup();
  }
});

test('live: an actor that answers its OnLoad message gets no reply back from the Director (no endless exchange)', () =>
  withLive(async (l) => {
    await l.package('1.1');
    // Main answers 'who' to its sender — here the Director, which sent the OnLoad message.
    await l.ask({
      DirectorOp: 'DefineGroup',
      Group: 'foo',
      Actors: { 'foo.app.Main': { OnLoad: { Role: 'MainFoo', Message: 'who' } } },
    });
    await l.load('1.1');
    const role = await l.ask({ DirectorOp: 'RetrieveRole', Role: 'MainFoo' });
    const main = role['ActorAddress'] as ActorAddress;
    const history = (): Promise<unknown> =>
      new Promise((resolve) => {
        const ep = l.system.openEndpoint((m) => {
          ep.close();
          resolve(m);
        });
        l.system.tell(main, 'history', ep.address);
      });
    // Several round trips through the Director and Main: a reply to Main's answer would have arrived.
    for (let i = 0; i < 5; i++) {
      await l.ask({ DirectorOp: 'RetrieveAll' });
      const h = await history();
      assert.ok(
        !JSON.stringify(h ?? []).includes('DirectorResponse'),
        `Main got a Director reply: ${JSON.stringify(h)}`,
      );
    }
    // Unknown ops still get an error reply naming the problem.
    const bogus = await l.ask({ DirectorOp: 'Bogus' });
    assert.equal(bogus['code'], 'DIRECTOR_UNKNOWN_OP');
    // A known op with a malformed field: refused by its schema, the field, expectation and value named.
    const malformed = await l.ask({
      DirectorOp: 'DefineGroup',
      Group: 'g',
      Actors: { 'a.b': { OnLoad: { Role: 3 } } },
    });
    assert.equal(malformed['DirectorResponse'], 'DeclaredGroup');
    assert.equal(malformed['code'], 'DIRECTOR_BAD_REQUEST');
    assert.equal(malformed['message'], 'DefineGroup: Actors["a.b"].OnLoad.Role must be a string, got 3');
  }));
