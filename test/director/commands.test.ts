// The Director's commands against a real daemon process (spawned from a fixture entry with the
// Source Authority and the Director), real signed packages and openssl keys.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../../cli/framework/command';
import { dispatch } from '../../cli/src/dispatch';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { processAlive, readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { makeDirectorCommands } from '../../runtime/src/director/commands';
import { daemonConnector } from '../../runtime/src/director/daemon-connector';
import { getRoleAddress } from '../../runtime/src/director/role-address';
import { tempDirectorDir } from '../support/director-dir';
import { waitFor } from '../support/wait';
import { sealReporter } from './live-fixtures';

const entry = path.join(__dirname, 'fixtures', 'director-daemon.js');
const connector = daemonConnector({ entry });
const commands = makeDirectorCommands(connector);

const TLI = `// the guide's shape, with an environment value
{
  Actors: {
    'foo.app.Main': {
      OnLoad: { Role: 'MainFoo', Message: { tag: 'load', info: 'Start \${env:OTHER_INFO:-notspec}' } },
      OnDeactivate: { Message: { tag: 'deactivate' } },
      OnReactivate: { Message: { tag: 'reactivate' } },
    },
    'foo.app.Worker': { OnLoad: { Role: 'Worker', Message: 0 } },
  },
}
`;

interface Env {
  dir: string;
  key: string;
  env: { [k: string]: string | undefined };
}

async function setup(t: TestContext): Promise<Env> {
  const { root, dir } = await tempDirectorDir(t, { prefix: 'td-dircmd-', nested: true });
  const key = path.join(root, 'k.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'k_tls.key')]);
  await writeFile(path.join(dir, 'foo.tli'), TLI);
  return { dir, key, env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir, OTHER_INFO: 'from-the-cli' } };
}

function pkg(e: Env, version: string, group = 'foo'): Promise<string> {
  return sealReporter(e.dir, e.key, version, group);
}

function ctxOf(e: Env): CommandContext & { outText(): string; errText(): string } {
  let out = '';
  let err = '';
  return {
    directorDir: e.dir,
    env: e.env,
    cwd: e.dir,
    verbose: false,
    out: { write: (s: string) => void (out += s) },
    err: { write: (s: string) => void (err += s) },
    outText: () => out,
    errText: () => err,
  };
}

async function run(e: Env, ...words: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = ctxOf(e);
  const code = await dispatch(words, { commands, env: e.env, cwd: e.dir, out: c.out, err: c.err, directorDir: e.dir });
  return { code, out: c.outText(), err: c.errText() };
}

interface ListJson {
  groups: {
    name: string;
    activeHash: string | null;
    sources: {
      hash: string;
      version: string;
      active: boolean;
      actors: { role: string; status: string; address: unknown }[];
    }[];
  }[];
}

async function listJson(e: Env): Promise<ListJson> {
  const r = await run(e, 'list', '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as ListJson;
}

async function askActor(e: Env, to: unknown, message: string): Promise<unknown> {
  const client = await connectDaemon({ directorDir: e.dir, heartbeatMs: 0 });
  try {
    return (await client.ask(to as never, message, 5000)).reply;
  } finally {
    client.close();
  }
}

test('commands: load starts the daemon, waits for the OnLoad actors, prints Loaded; env values reach the messages', async (t) => {
  const e = await setup(t);
  const f11 = await pkg(e, '1.1');
  const r = await run(e, 'load', 'foo');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^Loaded "foo" ${f11.replace(/[.]/g, '\\.')}: [0-9a-f]{32}\\n$`));
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  assert.ok(role);
  assert.deepEqual(await askActor(e, role.ActorAddress, 'history'), [{ tag: 'load', info: 'Start from-the-cli' }]);
  const worker = await getRoleAddress(ctxOf(e), 'Worker', { connector });
  assert.deepEqual(await askActor(e, worker?.ActorAddress, 'history'), [0], 'Message 0 is sent');
  // 33: again: same line, nothing changes.
  const again = await run(e, 'load', 'foo');
  assert.equal(again.out, r.out);
  assert.deepEqual(await askActor(e, role.ActorAddress, 'history'), [{ tag: 'load', info: 'Start from-the-cli' }]);
});

test('commands: load GROUP-VER.tls loads exactly that version; list shows versions, [ACTIVE] and load order', async (t) => {
  const e = await setup(t);
  await pkg(e, '1.1');
  await pkg(e, '1.2');
  assert.equal((await run(e, 'load', 'foo')).code, 0);
  const r = await run(e, 'load', 'foo-1.1.tls');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /foo-1\.1\.tls: /);
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  assert.equal(await askActor(e, role?.ActorAddress, 'who'), '1.1');
  const text = (await run(e, 'list')).out;
  const lines = text.split('\n');
  assert.equal(lines[0], 'Group foo::');
  assert.match(lines[1] ?? '', /^ {2}Source hash [0-9a-f]{32} {2}version 1\.2$/);
  assert.match(
    lines[2] ?? '',
    /^ {6}ActorAddr-\(.*\) -- foo\.app\.Main \(MainFoo\) {2}\(since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\)$/,
  );
  assert.match(lines[4] ?? '', /^ {2}Source hash [0-9a-f]{32} {2}version 1\.1 {2}\[ACTIVE\]$/);
  // 49 / 54: get_role_address of an unknown role.
  const c = ctxOf(e);
  assert.equal(await getRoleAddress(c, 'nope', { connector, silent: true }), null);
  assert.equal(c.errText(), '');
  assert.equal(await getRoleAddress(c, 'nope', { connector }), null);
  assert.match(c.errText(), /^RoleAddress ERROR: \{.*"Success":false.*"Role":"nope"/);
});

test('commands: unload of the active source reactivates the other; an unknown hash fails with exit 23', async (t) => {
  const e = await setup(t);
  await pkg(e, '1.1');
  await pkg(e, '1.2');
  await run(e, 'load', 'foo-1.1.tls');
  const h12 = /: ([0-9a-f]{32})/.exec((await run(e, 'load', 'foo')).out)?.[1] as string;
  const u = await run(e, 'unload', h12);
  assert.equal(u.code, 0, u.err);
  assert.match(u.out, new RegExp(`^Unloaded "foo" ${h12}; active now: [0-9a-f]{32}\\n$`));
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  assert.equal(await askActor(e, role?.ActorAddress, 'who'), '1.1');
  assert.deepEqual(await askActor(e, role?.ActorAddress, 'history'), [
    { tag: 'load', info: 'Start from-the-cli' },
    { tag: 'deactivate' },
    { tag: 'reactivate' },
  ]);
  const bad = await run(e, 'unload', 'bogushash');
  assert.equal(bad.code, 23);
  assert.match(bad.err, /no loaded source has the hash "bogushash".*\[DIRECTOR_UNKNOWN_HASH\]/);
});

test('commands: a tampered package fails load with exit 7 and the previous version stays active', async (t) => {
  const e = await setup(t);
  await pkg(e, '1.1');
  assert.equal((await run(e, 'load', 'foo')).code, 0);
  const f12 = await pkg(e, '1.2');
  const bytes = readFileSync(f12);
  bytes[bytes.length - 50] = (bytes[bytes.length - 50] ?? 0) ^ 1;
  writeFileSync(f12, bytes);
  const r = await run(e, 'load', 'foo');
  assert.equal(r.code, 7, r.err);
  assert.equal(r.out, '');
  assert.match(r.err, /\[DIRECTOR_SOURCE_REJECTED\]/);
  const l = await listJson(e);
  assert.equal(l.groups[0]?.sources.length, 1);
  assert.equal(l.groups[0]?.sources[0]?.version, '1.1');
  assert.equal(l.groups[0]?.sources[0]?.active, true);
});

test('commands: bad input — no TLI (20), TLI without package (22, group listed), TLI syntax error (21)', async (t) => {
  const e = await setup(t);
  await pkg(e, '1.1');
  const none = await run(e, 'load', 'nogroup');
  assert.equal(none.code, 20);
  assert.match(none.err, /nogroup\.tli does not exist/);
  await writeFile(path.join(e.dir, 'empty.tli'), '{ Actors: {} }\n');
  const empty = await run(e, 'load', 'empty');
  assert.equal(empty.code, 22);
  assert.match(empty.err, /has a TLI .* but no package/);
  assert.equal((await run(e, 'list')).out, 'Group empty::\n', 'defined, nothing loaded');
  await writeFile(path.join(e.dir, 'broken.tli'), "{ Actors: { 'a.b': {} }\n  oops }\n");
  const broken = await run(e, 'load', 'broken');
  assert.equal(broken.code, 21);
  assert.match(broken.err, /broken\.tli:2:\d+/);
});

test('commands: refresh loads the newest of every group and is idempotent', async (t) => {
  const e = await setup(t);
  await pkg(e, '1.1');
  await pkg(e, '1.2');
  await writeFile(path.join(e.dir, 'bar.tli'), "{ Actors: { 'bar.app.Main': { OnLoad: { Role: 'BarMain' } } } }\n");
  await pkg(e, '3', 'bar');
  const r1 = await run(e, 'refresh');
  // bar's package holds foo/app.js, so its TLI class is missing: it is loaded but fails visibly.
  assert.equal(r1.code, 25, r1.err);
  assert.match(r1.out, /^Loaded "foo" .*foo-1\.2\.tls: [0-9a-f]{32}\n$/);
  assert.match(r1.err, /refresh of group "bar".*bar\.app\.Main/);
  const before = await listJson(e);
  const r2 = await run(e, 'refresh');
  assert.match(
    r2.out,
    /^Unchanged "foo" .*foo-1\.2\.tls: [0-9a-f]{32} \(already loaded and active\)\n$/m,
    'refresh says per group what it did',
  );
  assert.deepEqual(await listJson(e), before, 'nothing changed');
  // load of a loaded, inactive version makes it active; refresh then makes the newest active again, and says so.
  assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
  assert.equal((await listJson(e)).groups.find((g) => g.name === 'foo')?.sources.find((s) => s.active)?.version, '1.1');
  const r3 = await run(e, 'refresh');
  assert.match(r3.out, /^Activated "foo" .*foo-1\.2\.tls: [0-9a-f]{32} \(was loaded, inactive\)\n$/m);
  assert.equal((await listJson(e)).groups.find((g) => g.name === 'foo')?.sources.find((s) => s.active)?.version, '1.2');
  // A group whose TLI and packages were deleted (nothing loaded) leaves the list.
  const hb = (await listJson(e)).groups.find((g) => g.name === 'bar')?.sources[0]?.hash as string;
  assert.equal((await run(e, 'unload', hb)).code, 0);
  await rm(path.join(e.dir, 'bar.tli'));
  await rm(path.join(e.dir, 'bar-3.tls'));
  assert.deepEqual(
    (await listJson(e)).groups.map((g) => g.name),
    ['foo'],
  );
});

test('commands: after kill -9 of the daemon, start restores exactly the loaded set and the active sources', async (t) => {
  const e = await setup(t);
  await pkg(e, '1.1');
  await pkg(e, '1.2');
  await run(e, 'load', 'foo');
  await run(e, 'load', 'foo-1.1.tls');
  const before = await listJson(e);
  assert.equal(before.groups[0]?.sources.find((s) => s.active)?.version, '1.1');
  const pid = await readPid(privatePaths(e.dir));
  assert.ok(pid);
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !processAlive(pid), 5000, 'daemon killed');
  assert.equal((await run(e, 'list')).code, 26, 'no daemon: list says so');
  // Start the daemon again (same boot): it restores the record and loads nothing else.
  assert.ok(await connector(ctxOf(e), { start: true }).then(async (l) => (await l?.close(), true)));
  const after = await listJson(e);
  const shape = (l: ListJson) =>
    l.groups.map((g) => ({
      name: g.name,
      active: g.activeHash,
      sources: g.sources.map((s) => [s.hash, s.version, s.active]),
    }));
  assert.deepEqual(shape(after), shape(before));
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  assert.equal(await askActor(e, role?.ActorAddress, 'who'), '1.1');
  assert.ok(existsSync(path.join(privatePaths(e.dir).director, 'audit.log')));
});
