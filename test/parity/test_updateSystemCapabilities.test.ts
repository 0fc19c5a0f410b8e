/**
 * Scenarios of the original's test_updateSystemCapabilities.py that run on one system. The
 * three-system convention scenarios (TestFuncCapabilityUpdates) are covered by the convention
 * tests with othercaps.cfg (test/convention/); see docs/compatibility.md. Differences: a capability
 * check runs when the create gives requirements (the original ran it on every create), and
 * removing a capability does not end the actors already running.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, type ActorAddress, type ActorSystemError, type Capabilities } from '../../runtime/src/actors/index';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { simpleSystem } from './helpers';

class ColorActorBase extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (sender === null) return;
    if (typeof m === 'string') this.send(sender, `Got: ${m}`);
    else if (Array.isArray(m) && m[0] === 'SetCap') {
      this.updateCapability(String(m[1]), (m[2] ?? null) as JsonValue);
      this.send(sender, 'ok');
    }
  }
}

class OrangeActor extends ColorActorBase {}

class BlueActor extends ColorActorBase {
  static override actorSystemCapabilityCheck(capabilities: Capabilities): boolean {
    return capabilities.Blue === true;
  }
}

test('test00_systemUpdatable', async (t) => {
  const asys = await simpleSystem(t);
  asys.updateCapability('Colors', ['Red', 'Blue', 'Green']);
  asys.updateCapability('Here', true);
  assert.deepEqual(asys.core.capabilities, { Colors: ['Red', 'Blue', 'Green'], Here: true });
  asys.updateCapability('Here');
  assert.deepEqual(asys.core.capabilities, { Colors: ['Red', 'Blue', 'Green'] });
});

test('test01_actorUpdatable', async (t) => {
  const asys = await simpleSystem(t);
  const blueWanted = { targetActorRequirements: { hue: 'blue' } };
  await assert.rejects(
    asys.createActor(BlueActor, blueWanted),
    (e: ActorSystemError) => e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  );
  const orange = await asys.createActor(OrangeActor);
  assert.equal(await asys.ask(orange, ['SetCap', 'Blue', true], 1), 'ok');
  assert.equal(asys.core.capabilities.Blue, true);
  const blue = await asys.createActor(BlueActor, blueWanted);
  assert.equal(await asys.ask(blue, 'hello', 1), 'Got: hello');
  // An actor removes it again (null), and the next create is refused; the running one carries on.
  assert.equal(await asys.ask(orange, ['SetCap', 'Blue', null], 1), 'ok');
  await assert.rejects(
    asys.createActor(BlueActor, blueWanted),
    (e: ActorSystemError) => e.code === 'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  );
  assert.equal(await asys.ask(blue, 'still here', 1), 'Got: still here');
});

test('test08_settingCapabilityToSameValueHasNoEffect and test09_removingCapabilityTwiceHasNoEffectTheSecondTime', async (t) => {
  const asys = await simpleSystem(t, { Blue: true });
  const orange = await asys.createActor(OrangeActor);
  assert.equal(await asys.ask(orange, ['SetCap', 'Blue', true], 1), 'ok');
  assert.deepEqual(asys.core.capabilities, { Blue: true });
  assert.equal(await asys.ask(orange, ['SetCap', 'Blue', null], 1), 'ok');
  assert.equal(await asys.ask(orange, ['SetCap', 'Blue', null], 1), 'ok');
  assert.deepEqual(asys.core.capabilities, {});
});
