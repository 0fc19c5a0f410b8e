/**
 * A director dir driven as an operator would, against a real daemon process (the test daemon
 * entry with the Director Source Authority and the Director), real openssl keys and real signed
 * packages: commands through the CLI dispatcher, `kill -9` of the daemon, start again.
 */
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../../cli/framework/command';
import { dispatch } from '../../cli/src/dispatch';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { processAlive, readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { makeDirectorCommands } from '../../runtime/src/director/commands';
import { daemonConnector } from '../../runtime/src/director/daemon-connector';
import { killDaemonOf } from '../support/daemon';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';
import { sealReporter } from '../director/live-fixtures';

export const entry = path.join(__dirname, '..', 'director', 'fixtures', 'director-daemon.js');
export const connector = daemonConnector({ entry });
const commands = makeDirectorCommands(connector);

export function tli(extra = ''): string {
  return `{
  Actors: {
    'foo.app.Main': {
      OnLoad: { Role: 'MainFoo', Message: { tag: 'load' } },
      OnDeactivate: { Message: { tag: 'deactivate' } },
      OnReactivate: { Message: { tag: 'reactivate' } },
    },
    'foo.app.Worker': { OnLoad: { Role: 'Worker', Message: { tag: 'load' } } },
  },
  ${extra}
}
`;
}

export interface FaultEnv {
  readonly root: string;
  readonly dir: string;
  readonly key: string;
  readonly env: { [k: string]: string | undefined };
}

/** A director dir under `base` (default a fresh temp folder) with a key and foo.tli. */
export async function faultEnv(t: TestContext, options: { base?: string; tliExtra?: string } = {}): Promise<FaultEnv> {
  const root = options.base ?? (await mkdtemp(path.join(os.tmpdir(), 'td-faults-')));
  const dir = path.join(root, 'dir');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
  const key = path.join(os.tmpdir(), `td-faults-key-${process.pid}-${Math.random().toString(36).slice(2)}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'k_tls.key')]);
  await writeFile(path.join(dir, 'foo.tli'), tli(options.tliExtra));
  t.after(async () => {
    await killDaemonOf(dir);
    await rm(key, { force: true });
    if (options.base === undefined) await rm(root, { recursive: true, force: true });
  });
  return { root, dir, key, env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir } };
}

/** Writes the reporter package GROUP-VERSION.tls into the env's director dir, signed with its key. */
export function pkg(e: FaultEnv, version: string, group = 'foo'): Promise<string> {
  return sealReporter(e.dir, e.key, version, group);
}

export function ctxOf(e: FaultEnv): CommandContext {
  return {
    directorDir: e.dir,
    env: e.env,
    cwd: e.dir,
    verbose: false,
    out: { write: () => undefined },
    err: { write: () => undefined },
  };
}

export async function run(e: FaultEnv, ...words: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await dispatch(words, {
    commands,
    env: e.env,
    cwd: e.dir,
    out: { write: (s: string) => void (out += s) },
    err: { write: (s: string) => void (err += s) },
    directorDir: e.dir,
  });
  return { code, out, err };
}

export interface Shape {
  /** Loaded versions in load order; the active one; every actor's status. */
  readonly versions: string[];
  readonly active: string | null;
  readonly statuses: string[];
}

interface ListJson {
  groups: {
    name: string;
    activeHash: string | null;
    sources: { hash: string; version: string; active: boolean; actors: { status: string }[] }[];
  }[];
}

export async function shape(e: FaultEnv): Promise<Shape> {
  const r = await run(e, 'list', '--json');
  assert.equal(r.code, 0, r.err);
  const g = (JSON.parse(r.out) as ListJson).groups.find((x) => x.name === 'foo');
  const sources = g?.sources ?? [];
  return {
    versions: sources.map((s) => s.version),
    active: sources.find((s) => s.active)?.version ?? null,
    statuses: sources.flatMap((s) => s.actors.map((a) => a.status)),
  };
}

export async function daemonPid(e: FaultEnv): Promise<number | null> {
  return (await readPid(privatePaths(e.dir))) ?? null;
}

/** kill -9 the daemon and wait until it is gone. */
export async function kill9(e: FaultEnv): Promise<void> {
  const pid = await daemonPid(e);
  if (pid === null || !processAlive(pid)) return;
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !processAlive(pid), 10_000, `daemon ${pid} killed`);
}

/** Start the daemon again (as a command's auto-start: restore only) and wait until it answers. */
export async function startAgain(e: FaultEnv): Promise<void> {
  const link = await connector(ctxOf(e), { start: true });
  assert.ok(link, 'the daemon started');
  await link.close();
}

/** Ask an actor through the admin link. */
export async function askActor(e: FaultEnv, to: unknown, message: unknown, timeoutMs = 5000): Promise<unknown> {
  const client = await connectDaemon({ directorDir: e.dir, heartbeatMs: 0 });
  try {
    return (await client.ask(to as never, message as never, timeoutMs)).reply;
  } finally {
    client.close();
  }
}

export { waitFor };
