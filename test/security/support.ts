/**
 * The attack suite's real parts: a director dir with an openssl key and a TLI, signed packages
 * whose code leaves a marker file when it runs (so "nothing ran" is checked, not assumed), the
 * real CLI (dist/director.js) against a real daemon, and the "still answers within a second" check.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { runDirector, type RunResult } from '../cli/support';
import { testDirectorDir } from '../daemon/helpers';
import { makeZip } from '../runtime/helpers';

export interface SecDir {
  readonly dir: string;
  readonly port: number;
  /** Private key (outside the trusted set) of the trusted `dev_tls.key`. */
  readonly key: string;
  /** Where package code writes its markers. */
  readonly markers: string;
}

/** A fresh director dir trusting one Ed25519 key, with `foo.tli` (OnLoad actor foo.app.Main). */
export async function secDir(t: TestContext): Promise<SecDir> {
  const { dir, port } = await testDirectorDir(t);
  const key = keyPair(dir, 'dev', true);
  await writeFile(
    path.join(dir, 'foo.tli'),
    `{ Actors: { 'foo.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
  );
  const markers = path.join(dir, 'markers');
  execFileSync('mkdir', ['-p', markers]);
  return { dir, port, key, markers };
}

/** An openssl Ed25519 key pair; the public half trusted in `dir` as NAME_tls.key when `trust`. */
export function keyPair(dir: string, name: string, trust: boolean): string {
  const key = path.join(dir, 'markers-keys', `${name}.pem`);
  execFileSync('mkdir', ['-p', path.dirname(key)]);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  if (trust) execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, `${name}_tls.key`)]);
  return key;
}

/**
 * A package of `group` whose module writes `<markers>/<tag>` as soon as it is loaded, and whose
 * `Main` answers 'who' with `tag`. `extra` is more code for Main's receiveMessage (`m`, `s` in scope).
 */
export async function markerPackage(
  s: SecDir,
  group: string,
  version: string | null,
  tag: string,
  extra = '',
  keyFile = s.key,
): Promise<Uint8Array> {
  const src = `
    const { Actor } = require('thespian-director');
    require('fs').writeFileSync(${JSON.stringify(path.join(s.markers, tag))}, 'ran');
    class Main extends Actor {
      receiveMessage(m, s) {
        if (m === 'who') { if (s) this.send(s, ${JSON.stringify(tag)}); return; }
        ${extra}
      }
    }
    module.exports = { Main };`;
  const zip = await makeZip({ [`${group}/app.js`]: src });
  return sealPackage({ zip, group, version, createdAt: new Date(), signingKey: await loadSigningKey(keyFile) });
}

export function ran(s: SecDir, tag: string): boolean {
  return existsSync(path.join(s.markers, tag));
}

/** A group's Main as the Director's RetrieveRole gives it. */
export interface MainRole {
  SourceHash: string;
  ActorAddress: { system: string; id: string };
}

/**
 * A daemon running foo-1, whose Main runs FOO_EXTRA (see markerPackage), and bar (bar-1, or a
 * newer bar package the test wrote before), both loaded by the CLI; an actor system connected to
 * it (closed after the test) and roleOf, which asks the Director for a group's Main.
 */
export async function fooAndBarLoaded(
  t: TestContext,
  s: SecDir,
  fooExtra: string,
): Promise<{ asys: DaemonActorSystem; roleOf: (group: string) => Promise<MainRole> }> {
  await writeFile(
    path.join(s.dir, 'bar.tli'),
    `{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
  );
  await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1', fooExtra));
  await writeFile(path.join(s.dir, 'bar-1.tls'), await markerPackage(s, 'bar', '1', 'bar1'));
  await spawnDaemon({ directorDir: s.dir, env: process.env });
  assert.equal((await director(s, 'load', 'foo')).code, 0);
  assert.equal((await director(s, 'load', 'bar')).code, 0);
  const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  const dir = await asys.createActor('Director', { globalName: 'Director' });
  const roleOf = (group: string): Promise<MainRole> =>
    asys.ask(dir, { DirectorOp: 'RetrieveRole', Role: 'Main', Group: group }, 5);
  return { asys, roleOf };
}

/** The real CLI for this dir. */
export function director(s: SecDir, ...args: string[]): Promise<RunResult> {
  return runDirector(args, { THESPIAN_DIRECTOR_DIR: s.dir }, 60_000);
}

/** The daemon answers an authenticated `list` within a second (the suite's "still alive" check). */
export async function answersWithinASecond(s: SecDir): Promise<void> {
  const t0 = Date.now();
  const client = await connectDaemon({ directorDir: s.dir });
  try {
    await client.listSources();
  } finally {
    client.close();
  }
  const ms = Date.now() - t0;
  assert.ok(ms < 1000, `the daemon took ${ms} ms to answer list`);
}

/** The audit log's entries (one JSON object per line). */
export async function auditEntries(s: SecDir): Promise<Array<{ [k: string]: unknown }>> {
  const file = path.join(privatePaths(s.dir).director, 'audit.log');
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { [k: string]: unknown });
}
