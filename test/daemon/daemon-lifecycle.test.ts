import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { createDaemonCommands } from '../../runtime/src/daemon/commands';
import { DaemonError } from '../../runtime/src/daemon/daemon-error';
import { processAlive, readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { DAEMON_MALLOC_ARENAS, spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { startDaemon } from '../support/daemon';
import { commandContext, startFixtureDaemon, testDirectorDir, waitFor } from './helpers';

const [start, shutdown] = createDaemonCommands();

test('start twice: the second start is a no-op success with the same daemon', async (t) => {
  const { dir } = await testDirectorDir(t);
  const ctx = commandContext(dir, true);
  assert.equal(await start.run(ctx, []), 0);
  const pid = await readPid(privatePaths(dir));
  assert.ok(pid !== undefined && processAlive(pid));
  assert.match(ctx.stdout(), /Started the daemon \(pid \d+\)/);

  const again = commandContext(dir, true);
  assert.equal(await start.run(again, []), 0);
  assert.match(again.stdout(), new RegExp(`A daemon already runs \\(pid ${pid}\\)`));
  assert.equal(await readPid(privatePaths(dir)), pid);
});

test('shutdown stops the daemon and leaves no process and no pid file behind', async (t) => {
  const { dir } = await testDirectorDir(t);
  assert.equal(await start.run(commandContext(dir), []), 0);
  const pid = (await readPid(privatePaths(dir))) ?? 0;
  const ctx = commandContext(dir);
  assert.equal(await shutdown.run(ctx, []), 0);
  assert.equal(ctx.stdout(), 'Shutdown completed\n');
  assert.equal(processAlive(pid), false);
  await assert.rejects(stat(privatePaths(dir).pid), { code: 'ENOENT' });
});

test('shutdown with no daemon running prints Shutdown completed, and says why when verbose', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  const ctx = commandContext(dir, true);
  assert.equal(await shutdown.run(ctx, []), 0);
  assert.match(
    ctx.stdout(),
    new RegExp(`no daemon answers on 127\\.0\\.0\\.1:${port}: nothing to stop\\nShutdown completed\\n$`),
  );
});

test('the private folder is 0700 and the token 0600, 64 hex digits, new at each start', async (t) => {
  const { dir } = await testDirectorDir(t);
  const paths = privatePaths(dir);
  await start.run(commandContext(dir), []);
  const first = (await readFile(paths.token, 'utf8')).trim();
  assert.match(first, /^[0-9a-f]{64}$/);
  if (process.platform !== 'win32') {
    assert.equal((await stat(paths.dir)).mode & 0o777, 0o700);
    assert.equal((await stat(paths.token)).mode & 0o777, 0o600);
  }
  await shutdown.run(commandContext(dir), []);
  await start.run(commandContext(dir), []);
  assert.notEqual((await readFile(paths.token, 'utf8')).trim(), first);
});

test('a second daemon for the same director dir refuses to start and names the running one', async (t) => {
  const { dir } = await testDirectorDir(t);
  await start.run(commandContext(dir), []);
  const pid = await readPid(privatePaths(dir));
  await assert.rejects(spawnDaemon({ directorDir: dir, env: process.env }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_ALREADY_RUNNING');
    assert.match(e.message, new RegExp(`pid ${pid}`));
    return true;
  });
  // The running daemon is undisturbed and its token still valid.
  const c = await connectDaemon({ directorDir: dir });
  assert.equal((await c.status()).pid, pid);
  c.close();
});

test('start refuses with DAEMON_PORT_IN_USE when another program holds the admin port', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  const squatter = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => squatter.close(() => r())));
  // Nothing speaks WebSocket there, so start does not mistake it for a daemon...
  await assert.rejects(start.run(commandContext(dir), []), (e: DaemonError) => {
    assert.ok(e.code === 'DAEMON_PORT_IN_USE' || e.code === 'DAEMON_PORT_FOREIGN', e.code);
    assert.match(e.message, new RegExp(String(port)));
    return true;
  });
  // ...and no daemon is left behind.
  const pid = await readPid(privatePaths(dir));
  assert.equal(pid === undefined || !processAlive(pid), true);
});

test('a spawned daemon that dies at start-up is reported with its code and no pid file remains', async (t) => {
  const { dir } = await testDirectorDir(t);
  await writeFile(`${dir}/othercaps.cfg`, '{ not json5 ');
  await assert.rejects(start.run(commandContext(dir), []), (e: DaemonError) => {
    assert.equal(e.code, 'CONFIG_OTHERCAPS_INVALID');
    assert.match(e.message, /othercaps\.cfg/);
    return true;
  });
  await assert.rejects(stat(privatePaths(dir).pid), { code: 'ENOENT' });
});

test('connecting with no daemon running fails with DAEMON_NOT_RUNNING naming the address and director start', async (t) => {
  const { dir, port } = await testDirectorDir(t);
  await assert.rejects(connectDaemon({ directorDir: dir }), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_NOT_RUNNING');
    assert.match(e.message, new RegExp(`no daemon answers on 127\\.0\\.0\\.1:${port}; run \`director start\``));
    return true;
  });
});

test('SIGTERM stops the daemon gracefully: pid file removed, process gone', async (t) => {
  const { dir } = await testDirectorDir(t);
  await start.run(commandContext(dir), []);
  const pid = (await readPid(privatePaths(dir))) ?? 0;
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !processAlive(pid), 10_000, 'the daemon to exit');
  await assert.rejects(stat(privatePaths(dir).pid), { code: 'ENOENT' });
  const log = await readFile(privatePaths(dir).startLog, 'utf8');
  assert.match(log, /stopping \(asked by SIGTERM\)/);
});

test('start in a director dir that does not exist fails with DAEMON_PRIVATE_DIR and creates nothing', async (t) => {
  const { dir } = await testDirectorDir(t);
  const missing = `${dir}/no/such/dir`;
  await assert.rejects(start.run(commandContext(missing), []), (e: DaemonError) => {
    assert.equal(e.code, 'DAEMON_PRIVATE_DIR');
    assert.match(e.message, /does not exist; create it, or set THESPIAN_DIRECTOR_DIR/);
    return true;
  });
  await assert.rejects(stat(`${dir}/no`), { code: 'ENOENT' });
});

test('scenario 46: shutdown sends every running actor ActorExitRequest before the daemon exits', async (t) => {
  const { dir } = await testDirectorDir(t);
  const marker = `${dir}/exits.txt`;
  const { pid } = await startFixtureDaemon(dir, { EXIT_MARKER: marker });
  const ctx = commandContext(dir);
  assert.equal(await shutdown.run(ctx, []), 0);
  assert.equal(ctx.stdout(), 'Shutdown completed\n');
  assert.equal(processAlive(pid), false);
  assert.match(await readFile(marker, 'utf8'), /^ActorExitRequest$/m);
});

test('a spawned daemon runs with two malloc arenas (RSS per source worker), unless the environment sets its own', async (t) => {
  const environOf = async (pid: number): Promise<string[]> =>
    (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter((kv) => kv.startsWith('MALLOC_ARENA_MAX='));
  const { dir } = await testDirectorDir(t);
  const env = { ...process.env };
  delete env['MALLOC_ARENA_MAX'];
  const first = await spawnDaemon({ directorDir: dir, env });
  if (process.platform === 'linux')
    assert.deepEqual(await environOf(first.pid), [`MALLOC_ARENA_MAX=${DAEMON_MALLOC_ARENAS}`]);
  assert.equal(await shutdown.run(commandContext(dir), []), 0);

  const second = await spawnDaemon({ directorDir: dir, env: { ...env, MALLOC_ARENA_MAX: '4' } });
  if (process.platform === 'linux') assert.deepEqual(await environOf(second.pid), ['MALLOC_ARENA_MAX=4']);
  assert.equal(await shutdown.run(commandContext(dir), []), 0);
});

test('an idle daemon has not loaded what only metrics, a package or in-thread sources need (issue 14: idle RSS)', async (t) => {
  const { dir } = await testDirectorDir(t);
  // The daemon's own entry, wrapped so that SIGUSR2 writes the modules it has loaded so far.
  const entry = path.join(dir, 'traced-daemon.js');
  const listFile = path.join(dir, 'loaded.json');
  await writeFile(
    entry,
    // Written beside and renamed, so the test never reads a half-written list.
    `process.on('SIGUSR2', () => { const fs = require('node:fs'); fs.writeFileSync(${JSON.stringify(listFile + '.tmp')}, JSON.stringify(Object.keys(require.cache))); fs.renameSync(${JSON.stringify(listFile + '.tmp')}, ${JSON.stringify(listFile)}); });\n` +
      `require(${JSON.stringify(path.join(__dirname, '..', '..', 'runtime', 'src', 'daemon', 'main.js'))});\n`,
  );
  const { pid } = await startDaemon(dir, { entry });
  const c = await connectDaemon({ directorDir: dir, heartbeatMs: 0 });
  assert.equal((await c.status()).pid, pid);
  c.close();
  process.kill(pid, 'SIGUSR2');
  await waitFor(
    () =>
      stat(listFile).then(
        () => true,
        () => false,
      ),
    5_000,
    'the list of loaded modules',
  );
  const loaded = JSON.parse(await readFile(listFile, 'utf8')) as string[];
  const has = (part: string): boolean => loaded.some((f) => f.split(path.sep).join('/').includes(part));
  // The list is real: the admin port's WebSocket server and the Director are there.
  assert.ok(has('/node_modules/ws/'), 'ws is loaded');
  assert.ok(has('/runtime/src/director/director-service.js'), 'the Director is loaded');
  for (const part of [
    '/node_modules/prom-client/',
    '/metrics/metrics-registry.js',
    '/node_modules/yauzl/',
    '/source-host/in-thread-transport.js',
  ])
    assert.equal(has(part), false, `${part} is loaded by an idle daemon`);
  assert.equal(await shutdown.run(commandContext(dir), []), 0);
});

test('the daemon and source-worker bundles are ASCII only (one other character doubles the memory V8 keeps their source in)', async () => {
  for (const bundle of ['daemon.js', 'source-worker.js']) {
    const text = await readFile(path.join(__dirname, '..', '..', '..', 'dist', bundle), 'utf8');
    let at = -1;
    for (let i = 0; i < text.length && at < 0; i++) if (text.charCodeAt(i) > 0x7f) at = i;
    const line = at < 0 ? '' : text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
    assert.equal(at, -1, `dist/${bundle} has a character outside ASCII (write it as ASCII in the source): ${line}`);
  }
});

test('the source-worker bundle carries no schema library (every loaded source would pay for it in memory)', async () => {
  const text = await readFile(path.join(__dirname, '..', '..', '..', 'dist', 'source-worker.js'), 'utf8');
  // esbuild names each bundled file in a comment line; the worker checks frames with worker-guards.ts.
  const files = [...text.matchAll(/^\/\/ (\S+\.m?[jt]s)$/gm)].map((m) => m[1]);
  assert.ok(files.includes('runtime/src/protocol/worker-guards.ts'), files.join(', '));
  assert.deepEqual(
    files.filter(
      (f) => f.includes('node_modules/') || f.endsWith('wire-schema.ts') || f.endsWith('worker-protocol.ts'),
    ),
    [],
  );
});
