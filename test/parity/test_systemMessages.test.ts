/**
 * Scenarios of the original's test_systemMessages.py: system messages are never the reply of an
 * ask, nor delivered to a client, with PoisonMessage the one exception. Differences: "no answer"
 * is ASK_TIMEOUT here (askOrNone → null); there are no user-defined system message classes, so
 * the stand-in for FakeSystemMessage is one of the runtime's own (LoadedSource).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Actor, actorExitRequest, type ActorAddress } from '../../runtime/src/actors/index';
import { askOrNone, daemonSystem, listener, simpleSystem, sleep } from './helpers';

class EchoActor extends Actor {
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (sender !== null) this.send(sender, m);
  }
}

class KillTheMessenger extends Actor {
  override receiveMessage(_m: unknown, sender: ActorAddress | null): void {
    if (sender !== null) this.send(sender, actorExitRequest());
  }
}

const fakeSystemMessage = { type: 'LoadedSource', sourceHash: 'not-a-hash', sourceInfo: 'stand-in' };
const exitRequest = { type: 'ActorExitRequest' };

test('testCreateActorSystem', async (t) => {
  const asys = await simpleSystem(t);
  assert.equal(asys.base, 'simple');
});

test('testSimpleActor', async (t) => {
  const asys = await simpleSystem(t);
  assert.equal(typeof (await asys.createActor(EchoActor)).id, 'string');
});

test('testSimpleMessageTell', async (t) => {
  const asys = await simpleSystem(t);
  const heard = listener(asys);
  const echo = await asys.createActor(EchoActor);
  await asys.tell(echo, 'hello');
  assert.equal(await heard.next(), 'hello');
});

test('testSystemMessageTell', async (t) => {
  const asys = await simpleSystem(t);
  const heard = listener(asys);
  const echo = await asys.createActor(EchoActor);
  await asys.tell(echo, fakeSystemMessage);
  await asys.tell(echo, 'after');
  assert.equal(await heard.next(), 'after', 'the echoed system message was not delivered to the client');
  assert.deepEqual(heard.seen, ['after']);
});

test('testKillMessageTell', async (t) => {
  const asys = await simpleSystem(t);
  const heard = listener(asys);
  const echo = await asys.createActor(EchoActor);
  await asys.tell(echo, exitRequest);
  await sleep(50);
  assert.deepEqual(heard.seen, []);
  assert.equal(await askOrNone(asys, echo, 'still there?'), null, 'the echo ended');
});

test('testKillMessageTellKiller', async (t) => {
  const asys = await simpleSystem(t);
  const heard = listener(asys);
  const ktm = await asys.createActor(KillTheMessenger);
  await asys.tell(ktm, 'hello');
  await asys.tell(ktm, exitRequest);
  await sleep(50);
  assert.deepEqual(heard.seen, [], 'the ActorExitRequest sent to the client is not delivered');
});

test('testSimpleMessageAsk', async (t) => {
  const asys = await simpleSystem(t);
  const echo = await asys.createActor(EchoActor);
  assert.equal(await asys.ask(echo, 'hello', 0.2), 'hello');
});

test('testSystemMessageAsk', async (t) => {
  const asys = await simpleSystem(t);
  const echo = await asys.createActor(EchoActor);
  assert.equal(await askOrNone(asys, echo, fakeSystemMessage, 0.2), null);
});

test('testKillMessageAsk', async (t) => {
  const asys = await simpleSystem(t);
  const echo = await asys.createActor(EchoActor);
  await assert.rejects(asys.ask(echo, exitRequest, 0.2), (e: { code?: string }) => e.code === 'ASK_TIMEOUT');
});

test('testKillMessageAskKiller', async (t) => {
  const asys = await simpleSystem(t);
  const ktm = await asys.createActor(KillTheMessenger);
  assert.equal(await askOrNone(asys, ktm, 'hello', 0.2), null);
  assert.equal(await askOrNone(asys, ktm, exitRequest, 0.2), null);
});

test('testKillMessageAsk and testKillMessageAskKiller (daemon: the admin ask and client deliveries filter the same way)', async (t) => {
  const { asys, seal } = await daemonSystem(t);
  const pkg = await seal(
    {
      'sysmsg/index.js': `
        const { Actor, actorExitRequest } = require('thespian-director');
        class Echo extends Actor { receiveMessage(m, s) { if (s) this.send(s, m); } }
        class Killer extends Actor { receiveMessage(m, s) { if (s) this.send(s, actorExitRequest()); } }
        module.exports = { Echo, Killer };`,
    },
    'sysmsg',
    '1.0',
  );
  const hash = await asys.loadActorSource(pkg);
  const heard = listener(asys);
  const echo = await asys.createActor('sysmsg.Echo', { sourceHash: hash });
  const ktm = await asys.createActor('sysmsg.Killer', { sourceHash: hash });
  assert.equal(await asys.ask(echo, 'hello', 5), 'hello');
  assert.equal(await askOrNone(asys, ktm, 'hello', 0.3), null);
  assert.equal(await askOrNone(asys, echo, exitRequest, 0.3), null);
  await asys.tell(ktm, 'hello');
  const echo2 = await asys.createActor('sysmsg.Echo', { sourceHash: hash });
  await asys.tell(echo2, 'marker');
  assert.equal(await heard.next(), 'marker');
  assert.deepEqual(heard.seen, ['marker'], "the Killer's ActorExitRequest never reached the client");
});
