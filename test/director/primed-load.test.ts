// The worker primed for a coming load, in a real daemon: a client's DefineGroup boots it before
// the LoadSource arrives, so its boot overlaps the read, the checks and the daemon's copy. The
// package's code still reaches it only after the Source Authority accepted the package: a
// package that fails its signature is never evaluated, though its worker was running already.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, type TestContext } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import type { AdminClient } from '../../runtime/src/client/admin-client';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { decodeTls } from '../../runtime/src/protocol/package-format';
import { directorBin } from '../cli/support';
import { fooPackage } from '../runtime/fixtures';
import { startDaemon } from '../support/daemon';
import { tempDirectorDir } from '../support/director-dir';
import { waitFor } from '../support/wait';

/** Threads of the daemon process now (a worker thread is one of them). */
function threads(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

interface Daemon {
  readonly dir: string;
  readonly pid: number;
  readonly keyFile: string;
  readonly client: AdminClient;
  readonly director: ActorAddress;
  ask(request: { readonly DirectorOp: string; readonly [k: string]: JsonValue }): Promise<Record<string, unknown>>;
}

/** A real daemon of a temp director dir that trusts one openssl Ed25519 key, and a client of its Director. */
async function daemonWithKey(t: TestContext): Promise<Daemon> {
  const { root, dir } = await tempDirectorDir(t, { prefix: 'director-primed-', nested: true });
  const keyFile = path.join(root, 'dev.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', keyFile]);
  execFileSync('openssl', ['pkey', '-in', keyFile, '-pubout', '-out', path.join(dir, 'dev_tls.key')]);
  const { pid } = await startDaemon(dir);
  const client = await connectDaemon({ directorDir: dir, clientName: 'primed-load test', heartbeatMs: 0 });
  t.after(() => client.close());
  const director = await client.createActor('Director', { globalName: 'Director' }, 5_000);
  return {
    dir,
    pid,
    keyFile,
    client,
    director,
    ask: async (request) => (await client.ask(director, request, 30_000)).reply as Record<string, unknown>,
  };
}

/** foo-VERSION.tls in the director dir, whose module writes `marker` when it is evaluated. */
async function sealFoo(d: Daemon, version: string, marker: string): Promise<{ file: string; bytes: Uint8Array }> {
  const bytes = sealPackage({
    zip: await fooPackage('P:', {
      'foo/evaluated.js': `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'evaluated');`,
      'foo/index.js': `
        require('./evaluated');
        const { Actor } = require('thespian-director');
        class FooActor extends Actor { receiveMessage() {} }
        exports.FooActor = FooActor;`,
    }),
    group: 'foo',
    version,
    createdAt: new Date(),
    signingKey: await loadSigningKey(d.keyFile),
  });
  const file = path.join(d.dir, `foo-${version}.tls`);
  await writeFile(file, bytes);
  return { file, bytes };
}

const DEFINE = {
  DirectorOp: 'DefineGroup',
  Group: 'foo',
  Actors: { 'foo.FooActor': { OnLoad: { Role: 'Foo', Message: 'go' } } },
};

test("a client's DefineGroup primes a worker in the daemon, and the load that follows runs in it", async (t) => {
  const d = await daemonWithKey(t);
  const { file } = await sealFoo(d, '1', path.join(d.dir, 'evaluated-1'));
  const before = threads(d.pid);
  assert.equal((await d.ask(DEFINE)).Success, true);
  // The daemon's system is wrapped for the convention: the wrapper passes the prime on.
  await waitFor(() => threads(d.pid) > before, 5_000, 'a worker thread primed by DefineGroup');
  const primed = threads(d.pid);
  const r = await d.ask({ DirectorOp: 'LoadSource', Group: 'foo', Source: file, RequestedBy: 'test' });
  assert.equal(r.Success, true, JSON.stringify(r));
  assert.equal(threads(d.pid), primed, 'the load took the primed worker, it started no other');
});

test('a package whose signature fails is never evaluated, though the worker primed for it was running', async (t) => {
  const d = await daemonWithKey(t);
  const badMarker = path.join(d.dir, 'evaluated-bad');
  const bad = await sealFoo(d, '1', badMarker);
  const { signature } = decodeTls(bad.bytes);
  const at = signature.byteOffset - bad.bytes.byteOffset;
  const tampered = Uint8Array.from(bad.bytes);
  tampered[at] = (tampered[at] ?? 0) ^ 0xff;
  await writeFile(bad.file, tampered);
  const before = threads(d.pid);
  assert.equal((await d.ask(DEFINE)).Success, true);
  await waitFor(() => threads(d.pid) > before, 5_000, 'a worker thread primed by DefineGroup');
  const r = await d.ask({ DirectorOp: 'LoadSource', Group: 'foo', Source: bad.file, RequestedBy: 'test' });
  assert.equal(r.Success, false);
  assert.equal(r.code, 'DIRECTOR_SOURCE_REJECTED', JSON.stringify(r));
  assert.match(JSON.stringify(r), /TLS_SIGNATURE_INVALID/);
  // A good package after it is evaluated (its OnLoad actor runs before the reply): the marker
  // mechanism works, and the refused package's never ran.
  const goodMarker = path.join(d.dir, 'evaluated-good');
  const good = await sealFoo(d, '2', goodMarker);
  const ok = await d.ask({ DirectorOp: 'LoadSource', Group: 'foo', Source: good.file, RequestedBy: 'test' });
  assert.equal(ok.Success, true, JSON.stringify(ok));
  assert.equal(existsSync(goodMarker), true, 'the accepted package was evaluated');
  assert.equal(existsSync(badMarker), false, 'the refused package was never evaluated');
});

test('`director load` to a running daemon loads no node:child_process (only a load that must start the daemon spawns)', async (t) => {
  const d = await daemonWithKey(t);
  await writeFile(
    path.join(d.dir, 'foo.tli'),
    `{ Actors: { 'foo.FooActor': { OnLoad: { Role: 'Foo', Message: 'go' } } } }\n`,
  );
  await sealFoo(d, '1', path.join(d.dir, 'evaluated-1'));
  // Node's own list of the built-in modules the process loaded, printed as it exits.
  const trace = path.join(d.dir, 'builtins.js');
  await writeFile(
    trace,
    `process.on('exit', () => process.stderr.write('BUILTINS ' + JSON.stringify(process.moduleLoadList) + '\\n'));`,
  );
  const r = await promisify(execFile)(process.execPath, ['--require', trace, directorBin, 'load', 'foo-1.tls'], {
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: d.dir },
  });
  assert.match(r.stdout, /^Loaded "foo" .*foo-1\.tls: [0-9a-f]{32}\n$/);
  const line = r.stderr.split('\n').find((l) => l.startsWith('BUILTINS '));
  assert.ok(line !== undefined, r.stderr);
  const builtins = JSON.parse(line.slice('BUILTINS '.length)) as string[];
  assert.ok(builtins.includes('NativeModule net'), 'the trace sees the modules the client needs');
  assert.ok(!builtins.includes('NativeModule child_process'), builtins.join(', '));
});
