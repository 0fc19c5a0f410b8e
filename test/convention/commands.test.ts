import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { convcertCommand } from '../../packager/src/convention/convcert-command';
import { convsecretCommand } from '../../packager/src/convention/convsecret-command';
import type { CommandContext } from '../../cli/framework/command';
import type { ConventionError } from '../../runtime/src/convention/convention-error';
import { readSecret, requireSecret } from '../../runtime/src/convention/secret';

async function tempDir(t: TestContext): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'director-conv-cmd-'));
  t.after(() => rm(d, { recursive: true, force: true }));
  return d;
}

function ctxFor(dir: string): CommandContext & { text(): string } {
  let out = '';
  return {
    directorDir: dir,
    env: {},
    cwd: dir,
    out: { write: (s) => void (out += s) },
    err: { write: (s) => void (out += s) },
    verbose: false,
    text: () => out,
  };
}

test('convsecret writes 32 random bytes with mode 0600 and refuses to overwrite without --force', async (t) => {
  const dir = await tempDir(t);
  assert.equal(await convsecretCommand.run(ctxFor(dir), []), 0);
  const file = path.join(dir, 'convention.secret');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const first = await readFile(file, 'utf8');
  assert.match(first, /^[0-9a-f]{64}\n$/);
  await assert.rejects(
    convsecretCommand.run(ctxFor(dir), []),
    (e: ConventionError) => e.code === 'CONVENTION_SECRET_EXISTS',
  );
  assert.equal(await readFile(file, 'utf8'), first, 'untouched');
  assert.equal(await convsecretCommand.run(ctxFor(dir), ['--force']), 0);
  assert.notEqual(await readFile(file, 'utf8'), first);
  assert.ok(await readSecret(dir));
});

test('a secret readable by others, too short, or missing is refused with what to do', async (t) => {
  const dir = await tempDir(t);
  await assert.rejects(
    requireSecret(dir),
    (e: ConventionError) => e.code === 'CONVENTION_SECRET_MISSING' && /director convsecret/.test(e.message),
  );
  const file = path.join(dir, 'convention.secret');
  await writeFile(file, 'ab'.repeat(32), { mode: 0o644 });
  await assert.rejects(
    readSecret(dir),
    (e: ConventionError) => e.code === 'CONVENTION_SECRET_INVALID' && /chmod 600/.test(e.message),
  );
  await rm(file);
  await writeFile(file, 'abcd', { mode: 0o600 });
  await assert.rejects(
    readSecret(dir),
    (e: ConventionError) => e.code === 'CONVENTION_SECRET_INVALID' && /at least 32 bytes/.test(e.message),
  );
});

test('convcert makes a CA and host certificates issued by it, with the names and addresses asked for', async (t) => {
  const dir = await tempDir(t);
  assert.equal(await convcertCommand.run(ctxFor(dir), ['ca']), 0);
  assert.equal((await stat(path.join(dir, 'convca.key'))).mode & 0o777, 0o600);
  await assert.rejects(
    convcertCommand.run(ctxFor(dir), ['ca']),
    (e: ConventionError) => e.code === 'CONVENTION_CERT_USAGE' && /--force/.test(e.message),
  );
  const out = path.join(dir, 'hostb');
  assert.equal(
    await convcertCommand.run(ctxFor(dir), ['host', 'leader.example', '127.0.0.1', '10.0.0.2', '--out', out]),
    0,
  );
  const ca = new X509Certificate(await readFile(path.join(dir, 'convca.crt')));
  const host = new X509Certificate(await readFile(path.join(out, 'convhost.crt')));
  assert.equal(host.verify(ca.publicKey), true, 'issued by the convention CA');
  assert.equal(host.checkIssued(ca), true);
  assert.match(host.subjectAltName ?? '', /DNS:leader\.example/);
  assert.match(host.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  assert.match(host.subjectAltName ?? '', /IP Address:10\.0\.0\.2/);
  assert.equal((await stat(path.join(out, 'convhost.key'))).mode & 0o777, 0o600);
  assert.equal(
    await readFile(path.join(out, 'convca.crt'), 'utf8'),
    await readFile(path.join(dir, 'convca.crt'), 'utf8'),
    'the CA certificate travels with the host pair',
  );
  await assert.rejects(
    convcertCommand.run(ctxFor(dir), ['host', 'x', 'not-an-ip']),
    (e: ConventionError) => e.code === 'CONVENTION_CERT_USAGE' && /not an IP address/.test(e.message),
  );
  const empty = await tempDir(t);
  await assert.rejects(
    convcertCommand.run(ctxFor(empty), ['host', 'x']),
    (e: ConventionError) => e.code === 'CONVENTION_CERT_USAGE' && /convcert ca/.test(e.message),
  );
});
