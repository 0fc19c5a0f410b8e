/**
 * An actor of a loaded source could unload another group's source with
 * `this.unloadActorSource(hash)` (the worker's `unload` request went straight to the system),
 * and the Director recorded the loss. In the daemon a source may unload only itself: any other
 * hash is refused at the caller with SOURCE_CALL_REFUSED, logged, and published as
 * `security/refused`; the other source keeps running and the operator can still unload it.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from '../support/wait';
import { answersWithinASecond, auditEntries, director, markerPackage, secDir } from './support';

// foo's Main tries to unload the source whose hash it is given, and reports what happened.
const UNLOADER = `
  if (m && m.unload) {
    this.unloadActorSource(m.unload).then(() => this.send(s, { done: true }), (e) => this.send(s, { code: e.code, message: e.message }));
    return;
  }`;

test('an actor of a loaded source cannot unload another source; the operator still can', async (t) => {
  const s = await secDir(t);
  await writeFile(
    path.join(s.dir, 'bar.tli'),
    `{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
  );
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1', UNLOADER));
  await writeFile(path.join(s.dir, 'bar-1.tls'), await markerPackage(s, 'bar', '1', 'bar1'));
  await spawnDaemon({ directorDir: s.dir, env: { ...process.env, THESPIAN_DIRECTOR_STARTED_FOR_COMMAND: '1' } });
  assert.equal((await director(s, 'load', 'foo')).code, 0);
  assert.equal((await director(s, 'load', 'bar')).code, 0);
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const refused: unknown[] = [];
  await asys.onEvent((e) => {
    if (e.kind === 'security/refused') refused.push(e.data);
  });
  const dir = await asys.createActor('Director', { globalName: 'Director' });
  const foo = await asys.ask<{ ActorAddress: { system: string; id: string } }>(
    dir,
    { DirectorOp: 'RetrieveRole', Role: 'Main', Group: 'foo' },
    5,
  );
  const bar = await asys.ask<{ SourceHash: string; ActorAddress: unknown }>(
    dir,
    { DirectorOp: 'RetrieveRole', Role: 'Main', Group: 'bar' },
    5,
  );

  const r = await asys.ask<{ code?: string; message?: string; done?: boolean }>(
    foo.ActorAddress,
    { unload: bar.SourceHash },
    10,
  );
  assert.equal(r.code, 'SOURCE_CALL_REFUSED', JSON.stringify(r));
  assert.match(r.message ?? '', /may unload only itself/);
  // bar still runs and answers; the refusal was published and audited.
  assert.equal(await asys.ask(bar.ActorAddress as never, 'who', 5), 'bar1');
  const list = await director(s, 'list', 'bar');
  assert.match(list.stdout, new RegExp(bar.SourceHash));
  await waitFor(() => refused.length >= 1, 5000, 'the security/refused event');
  assert.equal(refused.length, 1, 'one security/refused event');
  assert.ok(
    (await auditEntries(s)).some((a) => a.action === 'refused' && a.code === 'SOURCE_CALL_REFUSED'),
    'audited',
  );
  await answersWithinASecond(s);
  // The operator's unload works as before.
  assert.equal((await director(s, 'unload', bar.SourceHash)).code, 0);
});
