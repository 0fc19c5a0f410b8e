// What a source's code posts on the worker channels itself is decoded by the frames' schemas
// (runtime/src/protocol/worker-protocol.ts): a malformed request is refused and still answered,
// and a batch forged on a direct worker-to-worker channel is dropped by the receiving worker
// (logged as the sender's doing), while the real traffic of both keeps flowing, in order.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { LoggerFactory } from '../../runtime/src/actors/logger';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { AcceptAllAuthority, ask, makeZip, recorder, waitFor } from './helpers';

const systems: ActorSystemCore[] = [];
after(async () => {
  await Promise.all(systems.map((s) => s.shutdown()));
});

/** A local system (real source workers) whose log lines are kept. */
async function system(name: string): Promise<{ s: ActorSystemCore; lines: string[] }> {
  const lines: string[] = [];
  const keep =
    (logger: string) =>
    (text: string): void => {
      lines.push(`${logger}: ${text}`);
    };
  const loggerFactory: LoggerFactory = (logger) => ({
    debug: keep(logger),
    info: keep(logger),
    warning: keep(logger),
    error: keep(logger),
  });
  const s = await createLocalSystem({ systemName: name, loggerFactory, exitDeadlineMs: 500 });
  systems.push(s);
  await s.createActor(AcceptAllAuthority, { globalName: 'Test Authority' });
  return { s, lines };
}

test('a malformed request a source posts itself is refused and answered with SOURCE_CALL_REFUSED', async () => {
  const { s, lines } = await system('wframes:1');
  const zip = await makeZip({
    'f/forger.js': `
      const { Actor } = require('thespian-director');
      const { parentPort } = require('node:worker_threads');
      class Forger extends Actor {
        receiveMessage(m, sender) {
          if (m !== 'forge') return;
          // The answer to the forged request comes back on the channel, beside the runtime's own.
          parentPort.on('message', (batch) => {
            for (const f of Array.isArray(batch) ? batch : [])
              if (Array.isArray(f) && f[0] === 'r' && f[1] === 777) this.send(sender, [f[2], f[3].code]);
          });
          parentPort.postMessage([['q', 777, { op: 'create', spec: 5, options: {} }], 'not a frame', ['zz']]);
        }
      }
      exports.Forger = Forger;`,
  });
  const h = await s.loadActorSource(zip, 'f.zip');
  const forger = await s.createActor('f.forger.Forger', { sourceHash: h });
  assert.deepEqual(await ask(s, forger, 'forge'), [false, 'SOURCE_CALL_REFUSED']);
  const refused = lines.filter((l) => l.includes('SOURCE_CALL_REFUSED'));
  assert.ok(
    refused.some((l) => /a malformed frame \(a "q" frame: \[2\]/.test(l)),
    refused.join('\n'),
  );
  assert.ok(
    refused.some((l) => l.includes('a frame must be an array, got "not a frame"')),
    refused.join('\n'),
  );
  assert.ok(
    refused.some((l) => l.includes('a frame of unknown kind "zz"')),
    refused.join('\n'),
  );
});

test('batches a source forges on a direct channel are dropped by the receiving worker; real ones go on in order', async () => {
  const { s, lines } = await system('wframes:2');
  const a = await makeZip({
    'a/sender.js': `
      const { Actor } = require('thespian-director');
      const { parentPort } = require('node:worker_threads');
      class Sender extends Actor {
        receiveMessage(m, sender) {
          if (m && m.to) {
            this.asker = sender;
            // The sending end of the direct channel reaches this worker in a 'P' frame: forge on it.
            parentPort.on('message', (batch) => {
              for (const f of Array.isArray(batch) ? batch : [])
                if (Array.isArray(f) && f[0] === 'P' && f[2] === 'send' && f[3] !== null) {
                  f[3].postMessage(42);
                  f[3].postMessage([['w0.1'], ['forged'], [5]]);
                  f[3].postMessage([[m.to.id], [], [null]]);
                  f[3].postMessage([[m.to.id], ['forged'], ['w999.1']]);
                }
            });
            for (let i = 0; i < 5; i++) this.send(m.to, i);
          } else if (m === 'done') this.send(this.asker, 'done');
        }
      }
      exports.Sender = Sender;`,
  });
  const b = await makeZip({
    'b/keeper.js': `
      const { Actor } = require('thespian-director');
      class Keeper extends Actor {
        receiveMessage(m, sender) {
          if (m && m.report) { this.report = m.report; return; }
          this.send(this.report, m);
          if (m === 4) this.send(sender, 'done');
        }
      }
      exports.Keeper = Keeper;`,
  });
  const sender = await s.createActor('a.sender.Sender', { sourceHash: await s.loadActorSource(a, 'a.zip') });
  const keeper = await s.createActor('b.keeper.Keeper', { sourceHash: await s.loadActorSource(b, 'b.zip') });
  assert.notEqual(sender.id.split('.')[0], keeper.id.split('.')[0], 'two workers');
  const got = recorder(s);
  s.tell(keeper, { report: got.address });
  assert.equal(await ask(s, sender, { to: keeper }), 'done');
  await waitFor(() => lines.filter((l) => l.includes('on its direct channel')).length >= 3, 5000, 'three refusals');
  // The real messages arrived in order; of the forged ones, only the one naming a foreign sender
  // decoded, and it was dropped for its sender (as before).
  assert.deepEqual(got.got, [0, 1, 2, 3, 4]);
  const refusals = lines.filter((l) => l.includes('on its direct channel'));
  assert.equal(refusals.length, 3, refusals.join('\n'));
  for (const r of refusals) assert.match(r, new RegExp(`worker ${sender.id.split('.')[0]} posted a malformed batch`));
  assert.ok(!lines.some((l) => l.includes('uncaught exception')), lines.join('\n'));
  got.close();
});

test('a burst through a worker keeps its order both ways while each batch is handled on arrival', async () => {
  const { s } = await system('wframes:3');
  const zip = await makeZip({
    'r/relay.js': `
      const { Actor } = require('thespian-director');
      class Relay extends Actor {
        receiveMessage(m, sender) {
          if (m && m.to) { this.to = m.to; this.send(sender, 'set'); return; }
          this.send(this.to, m);
        }
      }
      exports.Relay = Relay;`,
  });
  const relay = await s.createActor('r.relay.Relay', { sourceHash: await s.loadActorSource(zip, 'r.zip') });
  const got = recorder(s);
  assert.equal(await ask(s, relay, { to: got.address }), 'set');
  const N = 2_000;
  for (let i = 0; i < N; i++) s.tell(relay, i);
  await waitFor(() => got.got.length === N, 10_000, `${N} relayed messages`);
  assert.deepEqual(
    got.got,
    Array.from({ length: N }, (_, i) => i),
  );
  got.close();
});

test('a create whose requirements are not plain JSON data is refused by the worker and answered, not left waiting', async () => {
  const { s, lines } = await system('wframes:4');
  const zip = await makeZip({
    'e/echo.js': `
      const { Actor } = require('thespian-director');
      class Echo extends Actor { receiveMessage(m, s) { this.send(s, m); } }
      exports.Echo = Echo;`,
  });
  const h = await s.loadActorSource(zip, 'e.zip');
  // NaN is a number to the options' type, but not plain JSON data.
  await assert.rejects(
    s.createActor('e.echo.Echo', { sourceHash: h, targetActorRequirements: { level: Number.NaN } }),
    { code: 'INVALID_ACTOR_SPECIFICATION', message: /targetActorRequirements must be an object of plain JSON data/ },
  );
  assert.ok(lines.some((l) => l.includes('the main thread posted a malformed frame (a "c" frame')));
  // The worker goes on: the same class is created with plain requirements.
  const echo = await s.createActor('e.echo.Echo', { sourceHash: h });
  assert.equal(await ask(s, echo, 'hi'), 'hi');
});

test("an address of this actor system crosses the worker channel as its id, another system's as its address; each arrives whole", async () => {
  const { s } = await system('wframes:5');
  // The probe watches the worker channel from inside its worker: the batches the main thread
  // posts to it, and the ones its worker posts (a source can reach parentPort; it is a spy here).
  const zip = await makeZip({
    'p/probe.js': `
      const { Actor } = require('thespian-director');
      const port = require('worker_threads').parentPort;
      const inbound = [];
      const outbound = [];
      const ms = (b, f) => { if (Array.isArray(b)) for (const x of b) if (Array.isArray(x) && x[0] === 'm') f(x); };
      port.on('message', (b) => ms(b, (x) => inbound.push(x[3])));
      const post = port.postMessage.bind(port);
      port.postMessage = (b, t) => { ms(b, (x) => outbound.push(x[1])); return post(b, t); };
      class Probe extends Actor {
        receiveMessage(m, sender) {
          if (m === 'far') { this.send({ system: 'elsewhere:1', id: 'a1' }, 'far'); this.send(sender, 'sent'); return; }
          if (m && m.raw) { post([['m', m.raw, 'raw', this.myAddress.id]]); this.send(sender, 'posted'); return; }
          if (m === 'seen') this.send(sender, { sender, inbound, outbound });
        }
      }
      exports.Probe = Probe;`,
  });
  const probe = await s.createActor('p.probe.Probe', { sourceHash: await s.loadActorSource(zip, 'p.zip') });
  // A frame of the id form posted raw reaches the main-thread address it names, from the probe.
  const heard: Array<{ message: unknown; sender: unknown }> = [];
  const ep = s.openEndpoint((message, sender) => heard.push({ message, sender }));
  assert.equal(await ask(s, probe, { raw: ep.address.id }), 'posted');
  await waitFor(() => heard.length === 1, 5_000, 'the raw message');
  assert.deepEqual(heard, [{ message: 'raw', sender: probe }]);
  ep.close();
  assert.equal(await ask(s, probe, 'far'), 'sent');
  const seen = (await ask(s, probe, 'seen')) as { sender: unknown; inbound: unknown[]; outbound: unknown[] };
  // The sender arrived as a whole address of this system, though it crossed as an id.
  assert.deepEqual(Object.keys(seen.sender as object).sort(), ['id', 'system']);
  assert.equal((seen.sender as { system: string }).system, 'wframes:5');
  assert.ok(seen.inbound.length >= 2, JSON.stringify(seen.inbound));
  assert.ok(
    seen.inbound.every((x) => typeof x === 'string'),
    JSON.stringify(seen.inbound),
  );
  // The answers went to this system's ask addresses as ids; the message to another system kept its address.
  assert.ok(seen.outbound.filter((x) => typeof x === 'string').length >= 2, JSON.stringify(seen.outbound));
  assert.deepEqual(
    seen.outbound.filter((x) => typeof x !== 'string'),
    [{ system: 'elsewhere:1', id: 'a1' }],
  );
});
