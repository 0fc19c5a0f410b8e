// The toolchain API of the public entry returns data: what `avail --json` and `list --json` print,
// typed, with the one source-hash definition, and gensrc, load and unload with their results,
// coded errors and problem places, so that the extension never parses command output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  avail,
  convcert,
  convsecret,
  gensrc,
  keygen,
  list,
  load,
  problemsOf,
  refresh,
  shutdown,
  start,
  tlsinfo,
  unload,
  DirectorControl,
  type GensrcOptions,
  type GensrcReport,
} from '../../cli/src/index';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { sourceHashOf } from '../../runtime/src/util/source-hash';
import { reporterZip } from '../director/live-fixtures';
import { tempDirectorDir } from '../support/director-dir';
import { Capture } from './support';

test("avail() returns what avail --json prints, with each package's source hash from the one definition", async (t) => {
  const { root, dir } = await tempDirectorDir(t, { nested: true });
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path.join(root, 'k.pem')]);
  execFileSync('openssl', ['pkey', '-in', path.join(root, 'k.pem'), '-pubout', '-out', path.join(dir, 'k_tls.key')]);
  await writeFile(path.join(dir, 'foo.tli'), '{}\n');
  for (const v of ['1.2', '1.10']) {
    await writeFile(
      path.join(dir, `foo-${v}.tls`),
      sealPackage({
        zip: await reporterZip(v),
        group: 'foo',
        version: v,
        createdAt: new Date(),
        signingKey: await loadSigningKey(path.join(root, 'k.pem')),
      }),
    );
  }
  const report = await avail({ directorDir: dir });
  assert.deepEqual(
    report.groups['foo']?.map((p) => [p.file, p.version]),
    [
      ['foo-1.10.tls', '1.10'],
      ['foo-1.2.tls', '1.2'],
    ],
  );
  assert.equal(report.groups['foo']?.[0]?.sourceHash, sourceHashOf(await readFile(path.join(dir, 'foo-1.10.tls'))));
  const out = new Capture();
  assert.equal(await new DirectorControl({ directorDir: dir, out, err: new Capture() }).cmd_avail('--json'), 0);
  assert.deepEqual(JSON.parse(out.text), report, 'the command prints the same report');
  // The director dir comes from THESPIAN_DIRECTOR_DIR when not given, as for the commands.
  assert.deepEqual(await avail({ env: { THESPIAN_DIRECTOR_DIR: dir } }), report);
});

test('list() with no daemon rejects with DIRECTOR_NO_DAEMON and starts none', async (t) => {
  const { dir } = await tempDirectorDir(t);
  await assert.rejects(
    list({ directorDir: dir }),
    (e: unknown) => (e as { code?: unknown }).code === 'DIRECTOR_NO_DAEMON',
  );
  await assert.rejects(readFile(path.join(dir, '.daemon', 'pid')), 'no daemon was started');
});

/**
 * A director dir on a free port with one trusted key, and a project with foo/fooactor.ts and foo.tli;
 * fooGensrc runs gensrc of all of group foo with that key into the dir, each call saying what differs.
 */
async function project(t: Parameters<typeof tempDirectorDir>[0]): Promise<{
  root: string;
  dir: string;
  proj: string;
  fooGensrc: (differs?: Partial<GensrcOptions>) => Promise<GensrcReport>;
}> {
  const { root, dir } = await tempDirectorDir(t, { nested: true });
  const key = path.join(root, 'k.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'k_tls.key')]);
  const proj = path.join(root, 'proj');
  await mkdir(path.join(proj, 'foo'), { recursive: true });
  await writeFile(
    path.join(proj, 'foo/fooactor.ts'),
    "import { Actor } from 'thespian-director';\nexport class FooActor extends Actor {\n  override receiveMessage(m: unknown): void {\n    this.logger.info(String(m));\n  }\n}\n",
  );
  await writeFile(
    path.join(proj, 'foo.tli'),
    "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'MainFoo', Message: 'StartFoo' } } } }\n",
  );
  const fooGensrc = (differs: Partial<GensrcOptions> = {}): Promise<GensrcReport> =>
    gensrc({ directorDir: dir, group: 'foo', keyFile: key, sourcesDir: proj, patterns: ['foo/**'], ...differs });
  return { root, dir, proj, fooGensrc };
}

const codeOf = (e: unknown): unknown => (e as { code?: unknown }).code;

test('gensrc() writes the package and the TLI and returns them with its warnings as data (kind, file, line, column)', async (t) => {
  const { dir, proj, fooGensrc } = await project(t);
  await writeFile(path.join(proj, 'foo/meta.mts'), 'export const here = import.meta.url;\n');
  await writeFile(path.join(proj, 'foo.tli'), "{ Actors: { 'foo.fooactor': {}, 'foo.missing': {} } }\n");
  const r = await fooGensrc({ version: '1.0' });
  assert.equal(r.file, path.join(dir, 'foo-1.0.tls'));
  assert.equal(r.tliWritten, path.join(dir, 'foo.tli'));
  assert.equal(r.version, '1.0');
  assert.deepEqual(r.pruned, []);
  assert.equal(
    (await avail({ directorDir: dir })).groups['foo']?.[0]?.sourceHash,
    sourceHashOf(await readFile(r.file)),
    'a package avail verifies',
  );
  const compiler = r.warnings.find((w) => w.kind === 'compiler');
  assert.ok(compiler !== undefined, JSON.stringify(r.warnings));
  assert.equal(compiler.file, path.join(proj, 'foo/meta.mts'));
  assert.equal(compiler.line, 1);
  assert.ok((compiler.column ?? 0) > 1);
  assert.match(compiler.message, /import\.meta/);
  const missing = r.warnings.find((w) => w.kind === 'actor-module-missing');
  assert.equal(missing?.file, path.join(proj, 'foo.tli'));
  assert.match(missing?.message ?? '', /names the actor foo\.missing/);
  // No version and 'date' as the command takes them.
  assert.equal((await fooGensrc({ patterns: ['foo/fooactor.ts'] })).file, path.join(dir, 'foo.tls'));
  assert.match((await fooGensrc({ version: 'date', patterns: ['foo/fooactor.ts'] })).version ?? '', /^\d{12}$/);
});

test("gensrc() failures are the packager's codes; problemsOf gives the compiler's and the TLI's places, and nothing is written", async (t) => {
  const { dir, proj, fooGensrc } = await project(t);
  const before = (await readdir(dir)).sort();
  const src = path.join(proj, 'foo/fooactor.ts');
  await writeFile(src, 'export const x = (;\n');
  const syntax = await fooGensrc({ version: '1' }).then(
    () => assert.fail('gensrc should fail'),
    (e: unknown) => e,
  );
  assert.equal(codeOf(syntax), 'SOURCE_SYNTAX');
  const [p] = problemsOf(syntax);
  assert.deepEqual({ ...p, message: '' }, { file: src, line: 1, column: 19, code: 'SOURCE_SYNTAX', message: '' });
  assert.notEqual(p?.message, '');
  await writeFile(src, 'export const x = 1;\n');
  await writeFile(path.join(proj, 'foo.tli'), "{\n  Actors: { 'foo.fooactor': { OnLod: {} } },\n}\n");
  const tli = await fooGensrc({ version: '1' }).then(
    () => assert.fail('gensrc should fail'),
    (e: unknown) => e,
  );
  assert.equal(codeOf(tli), 'TLI_INVALID');
  const tliProblems = problemsOf(tli);
  assert.ok(tliProblems.length > 0);
  assert.equal(tliProblems[0]?.file, path.join(proj, 'foo.tli'));
  assert.equal(tliProblems[0]?.line, 2);
  assert.match(tliProblems[0]?.code ?? '', /^[A-Z][A-Z0-9_]+$/);
  await assert.rejects(fooGensrc({ group: 'foo-bar' }), (e: unknown) => codeOf(e) === 'GROUP_NAME_INVALID');
  await assert.rejects(fooGensrc({ version: 'a/b' }), (e: unknown) => codeOf(e) === 'VERSION_INVALID');
  await assert.rejects(fooGensrc({ patterns: [] }), (e: unknown) => codeOf(e) === 'GENSRC_NO_SOURCES');
  assert.deepEqual((await readdir(dir)).sort(), before, 'nothing written to the director dir');
  assert.deepEqual(problemsOf(new Error('plain')), [], 'an error without places has none');
});

test('problemsOf passes over places that are not of the shape (a start report or a reply read back as data) and never throws', () => {
  const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } };
  const good = { code: 'TLI_X', message: 'bad', range, severity: 'error' };
  const tli = (diagnostics: unknown): unknown => ({
    code: 'DIRECTOR_TLI_INVALID',
    message: 'foo.tli is not valid',
    data: { file: '/d/foo.tli', diagnostics },
  });
  assert.deepEqual(problemsOf(tli([null, 7, {}, { range: {} }, { ...good, message: 3 }, good])), [
    { file: '/d/foo.tli', line: 3, column: 5, code: 'TLI_X', message: 'bad' },
  ]);
  const syntax = (errors: unknown): unknown => ({ code: 'SOURCE_SYNTAX', data: { file: '/p/a.js', errors } });
  assert.deepEqual(
    problemsOf(syntax([null, 'x', { line: 2 }, { text: 'oops', line: 'two' }, { text: 'oops', line: 4, column: 1 }])),
    [{ file: '/p/a.js', line: 4, column: 2, code: 'SOURCE_SYNTAX', message: 'oops' }],
  );
  assert.deepEqual(
    problemsOf({ code: 'SOURCE_SYNTAX', data: { file: '/p/a.js', errors: [{ text: 'no place' }] } }),
    [{ file: '/p/a.js', line: 1, column: 1, code: 'SOURCE_SYNTAX', message: 'no place' }],
    'a compiler error without a place is at the start of the file, as before',
  );
});

test(
  "load() and unload() against a real daemon: group, version, hash, outcome and actors as data; the Director's codes as errors",
  { timeout: 120_000 },
  async (t) => {
    const { dir, fooGensrc } = await project(t);
    await assert.rejects(
      unload('0'.repeat(32), { directorDir: dir }),
      (e: unknown) => codeOf(e) === 'DIRECTOR_NO_DAEMON',
    );
    const built = await fooGensrc({ version: '1.0' });
    const loaded = await load(built.file, { directorDir: dir });
    assert.deepEqual(
      { ...loaded, actors: loaded.actors.map((a) => [a.ActorClass, a.Role, a.ActorAddress !== null]) },
      {
        group: 'foo',
        version: '1.0',
        hash: sourceHashOf(await readFile(built.file)),
        path: built.file,
        outcome: 'loaded',
        actors: [['foo.fooactor', 'MainFoo', true]],
        skipped: [],
      },
    );
    // A copy under a newer name is passed over (its signed name is foo-1.0.tls) and reported as data.
    await copyFile(built.file, path.join(dir, 'foo-2.0.tls'));
    const again = await load('foo', { directorDir: dir });
    assert.equal(again.outcome, 'unchanged', "the group's newest package is loaded already");
    assert.deepEqual(again.skipped, [{ file: path.join(dir, 'foo-2.0.tls'), signedName: 'foo-1.0.tls' }]);
    const listed = await list({ directorDir: dir });
    assert.equal(listed.groups[0]?.activeHash, loaded.hash);
    assert.deepEqual(await unload(loaded.hash, { directorDir: dir }), {
      group: 'foo',
      hash: loaded.hash,
      reactivated: null,
    });
    await assert.rejects(
      unload(loaded.hash, { directorDir: dir }),
      (e: unknown) => codeOf(e) === 'DIRECTOR_UNKNOWN_HASH',
    );
    // A bad TLI in the director dir: DIRECTOR_TLI_INVALID, its diagnostics as places.
    await writeFile(path.join(dir, 'foo.tli'), "{\n  Actors: {\n    'foo.fooactor': { OnLod: {} },\n  },\n}\n");
    const bad = await load('foo', { directorDir: dir }).then(
      () => assert.fail('load should fail'),
      (e: unknown) => e,
    );
    assert.equal(codeOf(bad), 'DIRECTOR_TLI_INVALID');
    assert.equal(problemsOf(bad)[0]?.file, path.join(dir, 'foo.tli'));
    assert.equal(problemsOf(bad)[0]?.line, 3);
    await assert.rejects(load('nosuch', { directorDir: dir }), (e: unknown) => codeOf(e) === 'DIRECTOR_UNKNOWN_GROUP');
  },
);

test('start() refuses an inspector port `start --inspect=PORT` refuses (DAEMON_BAD_INSPECT_PORT) and starts no daemon', async (t) => {
  const { dir } = await tempDirectorDir(t);
  // Node takes -1 and NaN as "any free port" and stops at 70000 with its own words: none of them
  // is the port asked for.
  for (const inspectPort of [-1, 70000, 1.5, Number.NaN]) {
    await assert.rejects(
      start({ directorDir: dir, inspectPort }),
      (e: unknown) => codeOf(e) === 'DAEMON_BAD_INSPECT_PORT',
      String(inspectPort),
    );
  }
  assert.deepEqual(await shutdown({ directorDir: dir }), { outcome: 'none' }, 'no daemon was started');
});

test(
  "start(), refresh() and shutdown() against a real daemon: each group's outcome as data, a failing group's code and TLI place among them",
  { timeout: 180_000 },
  async (t) => {
    const { dir, fooGensrc } = await project(t);
    const built = await fooGensrc({ version: '1.0' });
    const hash = sourceHashOf(await readFile(built.file));
    // A second group whose TLI is broken at line 3: it fails, foo still loads.
    await writeFile(path.join(dir, 'bar.tli'), "{\n  Actors: {\n    'bar.baractor': { OnLod: {} },\n  },\n}\n");
    const started = await start({ directorDir: dir });
    assert.equal(started.alreadyRunning, false);
    assert.equal(typeof started.pid, 'number');
    assert.equal(typeof started.port, 'number');
    assert.equal(started.action, 'refresh', 'a fresh dir has no record: the daemon refreshes');
    assert.deepEqual(started.groups[1], {
      group: 'foo',
      outcome: 'loaded',
      version: '1.0',
      hash,
      path: built.file,
    });
    const failedAtStart = started.groups[0];
    assert.equal(failedAtStart?.group, 'bar');
    assert.ok(failedAtStart?.outcome === 'failed');
    assert.equal(failedAtStart.error.code, 'DIRECTOR_TLI_INVALID');
    assert.deepEqual(
      problemsOf(failedAtStart.error).map((p) => [p.file, p.line]),
      [[path.join(dir, 'bar.tli'), 3]],
      "the start report keeps the error's data: its TLI place",
    );

    const again = await start({ directorDir: dir });
    assert.deepEqual(
      { ...again, address: typeof again.address },
      {
        alreadyRunning: true,
        pid: started.pid,
        address: 'string',
        port: null,
        action: null,
        groups: [],
        skipped: [],
      },
    );

    // A copy under a newer name is passed over and reported; foo is unchanged, bar still fails.
    await copyFile(built.file, path.join(dir, 'foo-2.0.tls'));
    const r = await refresh({ directorDir: dir });
    assert.deepEqual(r.skipped, [{ file: path.join(dir, 'foo-2.0.tls'), signedName: 'foo-1.0.tls' }]);
    assert.deepEqual(r.groups[1], { group: 'foo', outcome: 'unchanged', version: '1.0', hash, path: built.file });
    const bar = r.groups[0];
    assert.ok(bar?.outcome === 'failed');
    assert.equal(bar.error.code, 'DIRECTOR_TLI_INVALID');
    assert.ok(bar.error.exitCode > 0);
    assert.deepEqual(
      problemsOf(bar.error).map((p) => [p.file, p.line, p.column]),
      [[path.join(dir, 'bar.tli'), 3, problemsOf(failedAtStart.error)[0]?.column]],
    );

    // The CLI prints the same outcomes as its lines.
    const out = new Capture();
    const err = new Capture();
    const code = await new DirectorControl({ directorDir: dir, out, err }).call('refresh');
    assert.equal(code, bar.error.exitCode, "the first failing group's exit code");
    assert.equal(out.text, `Unchanged "foo" ${built.file}: ${hash} (already loaded and active)\n`);
    assert.match(err.text, /^director: refresh: skipped .*foo-2\.0\.tls \[TLS_NAME_MISMATCH\]/);
    assert.match(err.text, /\ndirector: refresh of group "bar": .*\[DIRECTOR_TLI_INVALID\]\n$/s);

    assert.deepEqual(await shutdown({ directorDir: dir }), { outcome: 'stopped', pid: started.pid });
    assert.deepEqual(await shutdown({ directorDir: dir }), { outcome: 'none' });
  },
);

test('keygen(), tlsinfo(), convsecret() and convcert() return the files they wrote and what they read; refusals are codes', async (t) => {
  const { root, dir, fooGensrc } = await project(t);
  const made = await keygen('keys/dev', { directorDir: dir, cwd: root });
  assert.equal(made.privateKeyFile, path.join(root, 'keys', 'dev.pem'));
  assert.equal(made.publicKeyFile, path.join(dir, 'dev_tls.key'));
  assert.equal(made.type, 'ed25519');
  await assert.rejects(keygen('keys/dev', { directorDir: dir, cwd: root }), (e: unknown) => codeOf(e) === 'KEY_EXISTS');
  // A program in JavaScript is not held to the types: what `keygen NAME TYPE [BITS]` refuses, keygen() refuses
  // (a type it does not know made an RSA key of any size, 512 bits too; a size for Ed25519 was dropped).
  for (const [type, bits] of [
    ['dsa', 512],
    ['RSA', undefined],
    ['ed25519', 4096],
  ] as const) {
    const untyped: { readonly type?: string; readonly bits?: number } = {
      type,
      ...(bits !== undefined ? { bits } : {}),
    };
    await assert.rejects(
      keygen('keys/weak', { directorDir: dir, cwd: root, ...(untyped as { type?: 'rsa'; bits?: number }) }),
      (e: unknown) => codeOf(e) === 'KEYGEN_BAD_TYPE',
      `${type} ${String(bits)}`,
    );
  }
  assert.deepEqual((await readdir(path.join(root, 'keys'))).sort(), ['dev.pem'], 'no weak key was written');

  const built = await fooGensrc({ keyFile: made.privateKeyFile, version: '1.0' });
  const info = await tlsinfo('foo-1.0.tls', { directorDir: dir, cwd: root });
  assert.deepEqual(
    { ...info, createdAt: typeof info.createdAt, members: info.members.map((m) => m.name).sort() },
    {
      file: built.file,
      group: 'foo',
      version: '1.0',
      createdAt: 'string',
      keyId: made.keyId,
      keyFile: made.publicKeyFile,
      members: ['foo/fooactor.js'],
    },
  );
  // The members and sizes `tlsinfo FILE contents` prints.
  const listing = new Capture();
  const dc = new DirectorControl({ directorDir: dir, out: listing, err: new Capture() });
  assert.equal(await dc.call('tlsinfo', built.file, 'contents'), 0);
  assert.equal(listing.text, info.members.map((m) => ` ${String(m.size).padStart(6)}  ${m.name}\n`).join(''));
  await assert.rejects(
    tlsinfo('nosuch.tls', { directorDir: dir }),
    (e: unknown) => codeOf(e) === 'TLSINFO_FILE_MISSING',
  );

  const secret = await convsecret({ directorDir: dir });
  assert.equal(secret, path.join(dir, 'convention.secret'));
  const first = await readFile(secret, 'utf8');
  await assert.rejects(convsecret({ directorDir: dir }), (e: unknown) => codeOf(e) === 'CONVENTION_SECRET_EXISTS');
  assert.equal(await convsecret({ directorDir: dir, force: true }), secret);
  assert.notEqual(await readFile(secret, 'utf8'), first, 'force writes a new secret');

  await assert.rejects(
    convcert({ kind: 'host', name: 'h1' }, { directorDir: dir }),
    (e: unknown) => codeOf(e) === 'CONVENTION_CERT_USAGE',
    'no CA yet',
  );
  assert.deepEqual(await convcert({ kind: 'ca' }, { directorDir: dir }), {
    certFile: path.join(dir, 'convca.crt'),
    keyFile: path.join(dir, 'convca.key'),
  });
  await assert.rejects(
    convcert({ kind: 'host', name: 'h1', ips: ['not-an-ip'] }, { directorDir: dir }),
    (e: unknown) => codeOf(e) === 'CONVENTION_CERT_USAGE',
  );
  // As `convcert host` without NAME: no certificate for an empty name is written.
  await assert.rejects(
    convcert({ kind: 'host', name: '' }, { directorDir: dir, cwd: root, outDir: 'nameless' }),
    (e: unknown) => codeOf(e) === 'CONVENTION_CERT_USAGE',
  );
  const untyped: object = { kind: 'host' };
  await assert.rejects(
    convcert(untyped as { kind: 'host'; name: string }, { directorDir: dir, cwd: root, outDir: 'nameless' }),
    (e: unknown) => codeOf(e) === 'CONVENTION_CERT_USAGE',
    'no name at all, from JavaScript',
  );
  await assert.rejects(readdir(path.join(root, 'nameless')), { code: 'ENOENT' });
  const host = await convcert(
    { kind: 'host', name: 'h1', ips: ['127.0.0.1'] },
    { directorDir: dir, cwd: root, outDir: 'h1' },
  );
  assert.deepEqual(host, {
    certFile: path.join(root, 'h1', 'convhost.crt'),
    keyFile: path.join(root, 'h1', 'convhost.key'),
  });
  const cert = execFileSync('openssl', ['x509', '-in', host.certFile, '-noout', '-ext', 'subjectAltName'], {
    encoding: 'utf8',
  });
  assert.match(cert, /DNS:h1/);
  assert.match(cert, /IP Address:127\.0\.0\.1/);
});
