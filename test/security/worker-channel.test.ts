/**
 * The channel from a source's worker to the daemon is the source's own code's to write on: a
 * source can post raw frames there, past the runtime's API (require('worker_threads').parentPort).
 * The main thread must therefore take nothing on that channel on trust: a sender id must be one
 * of the worker's own actors (else a source impersonates another source's actor or the Director),
 * a start or an exit must be of the worker's own actors (else a source makes the Director restart,
 * or spend the crash budget of, another group's OnLoad actor), and a log record's level must be a
 * level (else the daemon calls whatever property it names: `__proto__` ended it), its logger name
 * short (the daemon keeps a logger per name). Each forged frame is dropped, logged
 * as a `SOURCE_CALL_REFUSED` warning (a bounded number per worker); the daemon keeps answering.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { AdminEvent } from '../../runtime/src/protocol/admin-protocol';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, auditEntries, director, markerPackage, ran, secDir } from './support';

// foo's Main posts whatever batch it is given on its worker's raw channel to the main thread.
const FORGER = `
  if (m && m.forge) {
    require('worker_threads').parentPort.postMessage(m.forge);
    this.send(s, 'posted');
    return;
  }`;

test('frames a source forges on its worker channel are dropped: foreign sender ids, foreign starts and exits, bad log levels', async (t) => {
  const s = await secDir(t);
  const marked = path.join(s.markers, 'marked');
  // bar's Main writes who sent it 'mark'.
  const MARK = `if (m === 'mark') { require('fs').writeFileSync(${JSON.stringify(marked)}, s ? s.id : 'null'); return; }`;
  await writeFile(
    path.join(s.dir, 'bar.tli'),
    `{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
  );
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1', FORGER));
  await writeFile(path.join(s.dir, 'bar-1.tls'), await markerPackage(s, 'bar', '1', 'bar1', MARK));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.equal((await director(s, 'load', 'foo')).code, 0);
  assert.equal((await director(s, 'load', 'bar')).code, 0);
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const events: AdminEvent[] = [];
  await asys.onEvent((e) => events.push(e), ['log/', 'director/', 'security/']);
  const refusals = (): string[] =>
    events
      .filter((e) => e.kind === 'log/record' && /SOURCE_CALL_REFUSED/.test((e.data as { text: string }).text))
      .map((e) => (e.data as { text: string }).text);

  const dirActor = await asys.createActor('Director', { globalName: 'Director' });
  const role = async (group: string): Promise<ActorAddress> =>
    (
      await asys.ask<{ ActorAddress: ActorAddress }>(
        dirActor,
        { DirectorOp: 'RetrieveRole', Role: 'Main', Group: group },
        5,
      )
    ).ActorAddress;
  const foo = await role('foo');
  const bar = await role('bar');
  assert.ok(ran(s, 'foo1') && ran(s, 'bar1'));

  // 1. A message to bar's Main that claims to come from an actor foo's worker does not host, with
  // bar's address whole and as the bare id an address of the daemon's own system travels as.
  const fakeFrom: string = bar.id; // bar itself, in another worker
  assert.equal(
    await asys.ask(
      foo,
      {
        forge: [
          ['m', { ...bar }, 'mark', fakeFrom],
          ['m', bar.id, 'mark', fakeFrom],
        ],
      },
      5,
    ),
    'posted',
  );
  // 2. A log record whose level is no level.
  assert.equal(
    await asys.ask(
      foo,
      {
        forge: [
          ['l', '__proto__', 'x', 'y'],
          ['l', 'constructor', 'x', 'y'],
          ['l', 'warning', 'n'.repeat(100_000), 'y'],
          ['n', { op: 'notify-sources', id: bar.id, enable: true }],
        ],
      },
      5,
    ),
    'posted',
  );
  // 3. bar's OnLoad actor "started" then "exited", as told by foo's worker.
  assert.equal(
    await asys.ask(
      foo,
      {
        forge: [
          ['s', bar.id, 'bar.app.Main', null],
          ['x', bar.id, 'forged exit'],
        ],
      },
      5,
    ),
    'posted',
  );

  // 4. Values the main thread decodes by schema: stats that are not stats, a failed answer whose error is no error.
  assert.equal(
    await asys.ask(
      foo,
      {
        forge: [
          ['S', 424242, { received: 'lots' }],
          ['r', 424243, false, 42],
        ],
      },
      5,
    ),
    'posted',
  );

  await waitFor(() => refusals().length >= 9, 5000, 'nine SOURCE_CALL_REFUSED warnings');
  const texts = refusals().join('\n');
  assert.equal(refusals().filter((r) => r.includes('a message claiming to come from')).length, 2, texts);
  for (const what of [
    'a message claiming to come from',
    'the start of',
    // A frame is decoded by its kind's schema (runtime/src/protocol/worker-protocol.ts): the refusal says what was wrong.
    'a malformed frame (a "l" frame: [1] must be a log level (debug, info, warning, error), got "__proto__")',
    'a malformed frame (a "l" frame: [1] must be a log level (debug, info, warning, error), got "constructor")',
    'a logger name of 100000 characters',
    'a notice for',
    'stats that are not stats (stats: "received" must be a number, got "lots")',
    'a failed answer with a malformed error (error must be an object, got 42)',
  ])
    assert.ok(texts.includes(what), texts);
  // Each refusal is also a security/refused event naming foo's source, and an audit line.
  const fooHash = (
    await asys.ask<{ SourceHash: string }>(dirActor, { DirectorOp: 'RetrieveRole', Role: 'Main', Group: 'foo' }, 5)
  ).SourceHash;
  await waitFor(
    () => events.filter((e) => e.kind === 'security/refused').length >= 9,
    5000,
    'nine security/refused events',
  );
  for (const e of events.filter((x) => x.kind === 'security/refused')) {
    assert.deepEqual(
      [(e.data as { code: string }).code, (e.data as { sourceHash?: string }).sourceHash],
      ['SOURCE_CALL_REFUSED', fooHash],
    );
  }
  await waitFor(
    async () => (await auditEntries(s)).filter((a) => a.action === 'refused' && a.sourceHash === fooHash).length >= 9,
    5000,
    'nine audit lines',
  );
  // Still nothing forged took effect: bar was not marked, not restarted, and answers as before.
  await answersWithinASecond(s);
  assert.equal(await readFile(marked, 'utf8').catch(() => 'not marked'), 'not marked');
  assert.equal(
    events.filter((e) => e.kind === 'director/restarted' || e.kind === 'director/actor-exited').length,
    0,
    JSON.stringify(events),
  );
  assert.deepEqual(await role('bar'), bar);
  assert.equal(await asys.ask(bar, 'who', 5), 'bar1');
  const list = await director(s, 'list', 'bar', '--json');
  assert.equal(list.code, 0, list.stderr);
  assert.doesNotMatch(list.stdout, /"Restarts":\s*[1-9]/);
});
