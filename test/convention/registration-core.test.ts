import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, type ActorAddress } from '../../runtime/src/actors/index';
import { isSystemMessage, type ActorSystemConventionUpdate } from '../../runtime/src/protocol/system-messages';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { quietLogger } from '../runtime/helpers';
import { waitFor } from '../support/wait';

/** 'watch' / 'unwatch' (un)register; updates go to whoever sent the last command. */
class Watcher extends Actor {
  private asker: ActorAddress | null = null;
  override receiveMessage(m: unknown, s: ActorAddress | null): void {
    if (m === 'watch' || m === 'unwatch') {
      this.asker = s;
      this.notifyOnSystemRegistrationChanges(m === 'watch');
      if (s !== null) this.send(s, m);
      return;
    }
    if (isSystemMessage(m, 'ActorSystemConventionUpdate') && this.asker !== null) this.send(this.asker, m);
  }
}

/** Runs only where capability Cows Allowed is true. */
class Cow extends Actor {
  static override actorSystemCapabilityCheck(caps: { readonly [k: string]: unknown }): boolean {
    return caps['Cows Allowed'] === true;
  }
}

async function system(t: { after(fn: () => Promise<void>): void }, capabilities = {}): Promise<ActorSystemCore> {
  const s = await createLocalSystem({ systemName: 'core:1', capabilities, loggerFactory: quietLogger });
  t.after(() => s.shutdown());
  return s;
}

function inbox(s: ActorSystemCore): {
  address: ActorAddress;
  got: unknown[];
  updates(): ActorSystemConventionUpdate[];
} {
  const got: unknown[] = [];
  const e = s.openEndpoint((m) => got.push(m));
  return {
    address: e.address,
    got,
    updates: () =>
      got.filter((m): m is ActorSystemConventionUpdate => isSystemMessage(m, 'ActorSystemConventionUpdate')),
  };
}

test('a main-thread actor that registers gets one update per system present, then each change, and none after unregistering', async (t) => {
  const s = await system(t);
  s.systemRegistrationChanged!('a:1', { X: 1 }, true);
  s.systemRegistrationChanged!('core:1', { own: true }, true); // itself: never news
  const w = await s.createActor(Watcher);
  const me = inbox(s);
  s.tell(w, 'watch', me.address);
  await waitFor(() => me.updates().length === 1, 5_000, 'the replay');
  assert.deepEqual(me.updates()[0], {
    type: 'ActorSystemConventionUpdate',
    remoteAdminAddress: 'a:1',
    remoteCapabilities: { X: 1 },
    remoteAdded: true,
  });

  s.tell(w, 'watch', me.address); // registering twice replays nothing more
  s.systemRegistrationChanged!('b:1', { Y: 2 }, true);
  s.systemRegistrationChanged!('a:1', { X: 1 }, false);
  s.systemRegistrationChanged!('zzz:1', {}, false); // never announced: nothing to take back
  await waitFor(() => me.updates().length === 3, 5_000, 'two changes');
  assert.deepEqual(
    me
      .updates()
      .slice(1)
      .map((u) => [u.remoteAdminAddress, u.remoteAdded]),
    [
      ['b:1', true],
      ['a:1', false],
    ],
  );

  s.tell(w, 'unwatch', me.address);
  await waitFor(() => me.got.includes('unwatch'), 5_000, 'unwatched');
  s.systemRegistrationChanged!('c:1', {}, true);
  // A later registration by a second watcher proves the change was handled (it is replayed to that one)...
  const w2 = await s.createActor(Watcher);
  const other = inbox(s);
  s.tell(w2, 'watch', other.address);
  await waitFor(() => other.updates().length === 2, 5_000, 'b:1 and c:1 replayed to the second watcher');
  // ...and the first, unregistered, got nothing of it.
  assert.equal(me.updates().length, 3);
});

test('updateCapabilities changes what this system accepts from then on', async (t) => {
  const s = await system(t, { 'Cows Allowed': false });
  await assert.rejects(
    s.createActor(Cow, { targetActorRequirements: { 'Cows Allowed': true } }),
    (e: { code?: string }) => e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  );
  s.updateCapabilities!({ 'Cows Allowed': true });
  assert.deepEqual(s.capabilities, { 'Cows Allowed': true });
  const cow = await s.createActor(Cow, { targetActorRequirements: { 'Cows Allowed': true } });
  assert.equal(cow.system, 'core:1');
});
