// The words of `director rollout` and the health verdict after a member's load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runStep } from '../../runtime/src/rollout/rollout-agent';
import { parseRolloutArgs, unhealthy } from '../../runtime/src/rollout/rollout-plan';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';

test('rollout words: defaults, each option, and ROLLOUT_BAD_ARGS for anything else', () => {
  assert.deepEqual(parseRolloutArgs(['foo-2']), {
    target: 'foo-2',
    parallel: 1,
    onLost: 'wait',
    settleMs: 3000,
    crashes: 0,
    lostWaitMs: 60000,
  });
  assert.deepEqual(parseRolloutArgs(['foo', 'parallel:3', 'onlost:skip', 'settle:0', 'crashes:2', 'lostwait:500']), {
    target: 'foo',
    parallel: 3,
    onLost: 'skip',
    settleMs: 0,
    crashes: 2,
    lostWaitMs: 500,
  });
  for (const bad of [
    [],
    ['parallel:2'],
    ['foo', 'parallel:0'],
    ['foo', 'parallel:x'],
    ['foo', 'onlost:never'],
    ['foo', 'fast'],
    ['foo', 'settle:-1'],
  ]) {
    assert.throws(
      () => parseRolloutArgs(bad),
      (e: Error & { code?: string; exitCode?: number }) => e.code === 'ROLLOUT_BAD_ARGS' && e.exitCode === 2,
      JSON.stringify(bad),
    );
  }
});

test('health after a load: active, no restarts beyond the budget, nothing given up, ready', () => {
  const running = { ActorClass: 'app.svc.Svc', Status: 'running' as const, Restarts: 0 };
  assert.equal(unhealthy({ ok: true, active: 'h2', actors: [running], ready: true }, 'h2', 0), null);
  assert.match(
    unhealthy({ ok: true, active: 'h1', actors: [running], ready: true }, 'h2', 0) ?? '',
    /not active \(active: h1\)/,
  );
  const restarting = { ...running, Status: 'restarting' as const, Restarts: 1 };
  assert.match(
    unhealthy({ ok: true, active: 'h2', actors: [restarting], ready: true }, 'h2', 0) ?? '',
    /crash budget \(1 restart\(s\), budget 0\): app\.svc\.Svc restarting/,
  );
  assert.equal(
    unhealthy({ ok: true, active: 'h2', actors: [{ ...running, Restarts: 1 }], ready: true }, 'h2', 1),
    null,
  );
  assert.match(
    unhealthy({ ok: true, active: 'h2', actors: [{ ...running, Status: 'failed' }], ready: true }, 'h2', 5) ?? '',
    /failed/,
  );
  assert.match(unhealthy({ ok: true, active: 'h2', actors: [running], ready: false }, 'h2', 0) ?? '', /not ready/);
  assert.match(
    unhealthy({ ok: false, code: 'CONVENTION_NO_LINK', message: 'gone' }, 'h2', 0) ?? '',
    /^CONVENTION_NO_LINK: gone$/,
  );
});

test('a member whose AllowRemoteActorSources refuses other systems refuses a rollout step before touching anything', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fl-step-'));
  try {
    const system = { systemName: 'm1', capabilities: { AllowRemoteActorSources: 'no' } } as unknown as ActorSystemCore;
    const define = { DirectorOp: 'DefineGroup' as const, Group: 'foo', Actors: {} };
    const r = await runStep(
      system,
      dir,
      { step: 'load', fileName: 'foo-2.tls', bytes: 'AAAA', define, requestedBy: 'test' },
      () => true,
    );
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'CONVENTION_REMOTE_SOURCES_REFUSED');
    assert.deepEqual(await readdir(dir), [], 'nothing written');
    // LeaderOnly lets the leader's rollout through to the next check (a bad file name here).
    const leaderOnly = {
      systemName: 'm1',
      capabilities: { AllowRemoteActorSources: 'LeaderOnly' },
    } as unknown as ActorSystemCore;
    const r2 = await runStep(
      leaderOnly,
      dir,
      { step: 'load', fileName: '../foo-2.tls', bytes: 'AAAA', define, requestedBy: 'test' },
      () => true,
    );
    assert.equal(!r2.ok && r2.code, 'ROLLOUT_STEP_FAILED');
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
