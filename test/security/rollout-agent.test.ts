/**
 * The rollout agent (global name DirectorRollout) acts on every member of a convention: on the
 * leader it passes steps to members, on a member it writes into the director dir, loads, unloads
 * and removes files. Two holes: any actor of a loaded source on the leader could look the agent up
 * by name and drive it (members listed, steps sent, sources unloaded on every member); and a
 * rollback step removed whatever file it named in the member's director dir, so `revoked_keys.cfg`
 * or a key's `NAME_tls.groups` could be deleted (un-revoking the key, or widening its scope to any
 * group). Now the agent answers only addresses of its own system's main thread (the admin link)
 * and refuses the rest with SOURCE_CALL_REFUSED; a rollback only removes a package file of its group.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { runStep } from '../../runtime/src/rollout/rollout-agent';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { answersWithinASecond, director, markerPackage, secDir } from './support';

test('a rollback step removes only a package file of its group, and refuses before unloading anything', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rv-rollback-'));
  try {
    for (const f of ['revoked_keys.cfg', 'dev_tls.groups', 'dev_tls.key', 'bar-1.tls'])
      await writeFile(path.join(dir, f), 'keep\n');
    // A system that must not be used: the step is refused before the Director is asked anything.
    const untouched = new Proxy(
      {},
      {
        get: (_t, p) => {
          throw new Error(`the system was used (${String(p)})`);
        },
      },
    ) as ActorSystemCore;
    let hereOnly = 0;
    for (const fileName of [
      'revoked_keys.cfg',
      'dev_tls.groups',
      'dev_tls.key',
      'bar-1.tls',
      '../foo-1.tls',
      'foo-1.tls/../revoked_keys.cfg',
    ]) {
      const r = await runStep(
        untouched,
        dir,
        { step: 'rollback', group: 'foo', sourceHash: 'h', fileName, requestedBy: 'test' },
        () => true,
        () => hereOnly++,
      );
      assert.equal(!r.ok && r.code, 'ROLLOUT_STEP_FAILED', fileName);
    }
    assert.equal(hereOnly, 0);
    assert.deepEqual((await readdir(dir)).sort(), ['bar-1.tls', 'dev_tls.groups', 'dev_tls.key', 'revoked_keys.cfg']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// foo's Main asks the rollout agent (found by its global name) what it is given, and passes the answer on.
const ASK_AGENT = `
  if (m && m.agent) {
    this.createActor('DirectorRollout', { globalName: 'DirectorRollout' }).then((agent) => {
      this.pending = s;
      this.send(agent, m.agent);
    }, (e) => this.send(s, 'no agent: ' + e.message));
    return;
  }
  if (m && m.ok !== undefined && this.pending) { this.send(this.pending, m); this.pending = null; return; }`;

test('an actor of a loaded source cannot drive the rollout agent; an admin client can', async (t) => {
  const s = await secDir(t);
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1', ASK_AGENT));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.equal((await director(s, 'load', 'foo')).code, 0);
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const main = await asys.createActor('foo.app.Main', {
    sourceHash: await asys.loadActorSource(path.join(s.dir, 'foo-1.tls')),
  });
  const requests: JsonValue[] = [
    { op: 'members' },
    {
      op: 'step',
      member: 'x',
      timeoutMs: 1000,
      request: {
        step: 'rollback',
        group: 'foo',
        sourceHash: 'h',
        fileName: 'revoked_keys.cfg',
        requestedBy: 'a source',
      },
    },
  ];
  for (const request of requests) {
    const a = await asys.ask<{ ok: boolean; code?: string }>(main, { agent: request }, 5);
    assert.deepEqual([a.ok, a.code], [false, 'SOURCE_CALL_REFUSED'], JSON.stringify(a));
  }
  // The operator's way in still works.
  const agent = await asys.createActor('DirectorRollout', { globalName: 'DirectorRollout' });
  const members = await asys.ask<{ ok: boolean; role: string }>(agent, { op: 'members' }, 5);
  assert.deepEqual([members.ok, members.role], [true, 'alone']);
  // A malformed request from the operator is refused by the agent's schema, naming the field.
  const malformed = await asys.ask<{ ok: boolean; code?: string; message?: string }>(
    agent,
    { op: 'step', member: 'x', timeoutMs: 1000, request: { step: 'check', group: 'foo' } },
    5,
  );
  assert.deepEqual([malformed.ok, malformed.code], [false, 'ROLLOUT_BAD_ARGS'], JSON.stringify(malformed));
  assert.match(
    malformed.message ?? '',
    /\(rollout agent request: request\.sourceHash must be a string, got nothing\)$/,
  );
  await answersWithinASecond(s);
});
