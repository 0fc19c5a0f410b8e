/**
 * Issue 11, hole 1: a loaded source tried to replace the Director Source Authority. In the daemon
 * the attempt fails at the caller with SOURCE_AUTHORITY_PINNED (also when the source bypasses the
 * API and posts the worker notice itself), is logged, audited and published; a package signed by
 * an unknown key is refused afterwards as before, and nothing of it runs.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import type { AdminEvent } from '../../runtime/src/protocol/admin-protocol';
import type { RemoteError } from '../../runtime/src/transport/transport-error';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, auditEntries, director, keyPair, markerPackage, ran, secDir } from './support';

const TAKEOVER = `
  if (m === 'takeover') {
    try { this.registerSourceAuthority(); this.send(s, 'REGISTERED'); } catch (e) { this.send(s, e.code || String(e)); }
    return;
  }
  if (m === 'raw-takeover') {
    // Past the API: the worker's own channel to the main thread.
    require('worker_threads').parentPort.postMessage([['n', { op: 'register-authority', id: this.myAddress.id }]]);
    this.send(s, 'posted');
    return;
  }
  if (m === 'shutdown') { this.actorSystemShutdown(); this.send(s, 'asked'); return; }
  if (m === 'kill') {
    const out = [];
    for (const f of [() => process.kill(process.pid, 'SIGKILL'), () => process.kill(0, 'SIGTERM'), () => process.abort(), () => process.chdir('/'), () => process.setuid && process.setuid(0)]) {
      try { f(); out.push('done'); } catch (e) { out.push(e.code || e.message); }
    }
    this.send(s, out);
    return;
  }`;

test('a loaded source cannot become the Source Authority, nor shut down or kill the daemon; an unknown-key package stays refused', async (t) => {
  const s = await secDir(t);
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1', TAKEOVER));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const events: AdminEvent[] = [];
  await asys.onEvent((e) => events.push(e), ['security/']);

  const hash = await asys.loadActorSource(path.join(s.dir, 'foo-1.tls'));
  const main = await asys.createActor('foo.app.Main', { sourceHash: hash });
  assert.equal(await asys.ask(main, 'takeover', 5), 'SOURCE_AUTHORITY_PINNED');
  assert.equal(await asys.ask(main, 'raw-takeover', 5), 'posted');
  assert.equal(await asys.ask(main, 'shutdown', 5), 'asked');
  assert.deepEqual(await asys.ask(main, 'kill', 5), [
    'SOURCE_CALL_REFUSED',
    'SOURCE_CALL_REFUSED',
    'SOURCE_CALL_REFUSED',
    'ERR_WORKER_UNSUPPORTED_OPERATION',
    'ERR_WORKER_UNSUPPORTED_OPERATION',
  ]);
  await waitFor(
    () => events.filter((e) => e.kind === 'security/refused').length >= 3,
    5000,
    'three security/refused events',
  );
  const codes = events.map((e) => (e.data as { code: string }).code).sort();
  assert.deepEqual(codes, ['SOURCE_AUTHORITY_PINNED', 'SOURCE_AUTHORITY_PINNED', 'SOURCE_CALL_REFUSED']);
  assert.ok(
    events.every((e) => (e.data as { sourceHash?: string }).sourceHash === hash),
    'each refusal names the source',
  );

  // A package signed by a key the dir does not trust: still refused, and its code never ran.
  const stranger = keyPair(s.dir, 'stranger', false);
  const evil = await markerPackage(s, 'foo', '2', 'evil', '', stranger);
  await assert.rejects(asys.loadActorSource(evil), (e: RemoteError) => e.code === 'TLS_UNKNOWN_KEY');
  assert.equal(ran(s, 'evil'), false);
  assert.equal(ran(s, 'foo1'), true, 'the genuine source did run');
  await answersWithinASecond(s);

  await waitFor(
    async () => (await auditEntries(s)).filter((a) => a['action'] === 'refused').length >= 3,
    5000,
    'refusals in the audit log',
  );
  const refused = (await auditEntries(s)).filter((a) => a['action'] === 'refused');
  assert.ok(refused.every((a) => a['sourceHash'] === hash));

  // Unloading the source leaves the authority in place.
  await asys.unloadActorSource(hash);
  await assert.rejects(asys.loadActorSource(evil), (e: RemoteError) => e.code === 'TLS_UNKNOWN_KEY');
  const r = await director(s, 'list');
  assert.equal(r.code, 0, r.stderr);
});
