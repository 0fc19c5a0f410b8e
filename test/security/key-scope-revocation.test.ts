/**
 * Issue 11, hole 6: any trusted key could sign any group, and a leaked key could only be deleted.
 * Now `NAME_tls.groups` limits a key to groups (TLS_KEY_OUT_OF_SCOPE) and revoked_keys.cfg
 * revokes keys: their packages are refused (TLS_KEY_REVOKED), sources already loaded under them
 * are flagged in list and by a security/revoked event, and unloaded at once when the line says so.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { keyIdOf } from '../../runtime/src/authority/keys';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import type { AdminEvent } from '../../runtime/src/protocol/admin-protocol';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, director, keyPair, markerPackage, ran, secDir } from './support';

async function keyIdOfFile(file: string): Promise<string> {
  return keyIdOf(createPublicKey(await readFile(file)));
}

test('a key limited to other groups is refused with TLS_KEY_OUT_OF_SCOPE; nothing ran', async (t) => {
  const s = await secDir(t);
  await writeFile(path.join(s.dir, 'dev_tls.groups'), '# dev signs only bar\nbar\n');
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'v1'));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  const r = await director(s, 'load', 'foo');
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /\[TLS_KEY_OUT_OF_SCOPE\]/);
  assert.equal(ran(s, 'v1'), false);
  await answersWithinASecond(s);
  await writeFile(path.join(s.dir, 'dev_tls.groups'), 'bar, foo\n');
  const ok = await director(s, 'load', 'foo');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ran(s, 'v1'), true);
});

test('a revoked key: its packages are refused, its loaded sources flagged, and unloaded at once when the list says unload', async (t) => {
  const s = await secDir(t);
  const ops = keyPair(s.dir, 'ops', true);
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'v1'));
  await writeFile(
    path.join(s.dir, 'bar.tli'),
    `{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
  );
  await writeFile(path.join(s.dir, 'bar-1.tls'), await markerPackage(s, 'bar', '1', 'bar1', '', ops));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.equal((await director(s, 'refresh')).code, 0);
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const events: AdminEvent[] = [];
  await asys.onEvent((e) => events.push(e), ['security/']);

  const devId = await keyIdOfFile(path.join(s.dir, 'dev_tls.key'));
  const opsId = await keyIdOfFile(path.join(s.dir, 'ops_tls.key'));
  await writeFile(path.join(s.dir, 'revoked_keys.cfg'), `# leaked on 2026-12-07\n${devId}\n`);
  await waitFor(() => events.some((e) => e.kind === 'security/revoked'), 10_000, 'security/revoked');
  const flagged = events.find((e) => e.kind === 'security/revoked')!.data as {
    group: string;
    keyId: string;
    unloading: boolean;
  };
  assert.deepEqual([flagged.group, flagged.keyId, flagged.unloading], ['foo', devId, false]);
  const list = await director(s, 'list');
  assert.match(list.stdout, new RegExp(`\\[REVOKED KEY ${devId}\\]`));
  assert.doesNotMatch(list.stdout, new RegExp(`REVOKED KEY ${opsId}`));

  await writeFile(path.join(s.dir, 'foo-2.tls'), await markerPackage(s, 'foo', '2', 'v2'));
  const refused = await director(s, 'load', 'foo');
  assert.equal(refused.code, 7, refused.stderr);
  assert.match(refused.stderr, /\[TLS_KEY_REVOKED\]/);
  assert.equal(ran(s, 'v2'), false);

  // Revoke ops with `unload`: its source goes at once.
  await writeFile(path.join(s.dir, 'revoked_keys.cfg'), `${devId}\n${opsId} unload\n`);
  await waitFor(async () => !(await director(s, 'list', 'bar')).stdout.includes('Source hash'), 15_000, 'bar unloaded');
  assert.ok(events.some((e) => e.kind === 'security/revoked' && (e.data as { unloading: boolean }).unloading));
  await answersWithinASecond(s);
});
