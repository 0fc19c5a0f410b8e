// The toolchain API of the public entry returns data: what `avail --json` and `list --json` print,
// typed, with the one source-hash definition, so that the extension never parses command output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { avail, list, DirectorControl } from '../../cli/src/index';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { sourceHashOf } from '../../runtime/src/util/source-hash';
import { reporterZip } from '../director/live-fixtures';
import { tempDirectorDir } from '../support/director-dir';
import { Capture } from './support';

test('avail() returns what avail --json prints, with each package\'s source hash from the one definition', async (t) => {
  const { root, dir } = await tempDirectorDir(t, { nested: true });
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path.join(root, 'k.pem')]);
  execFileSync('openssl', ['pkey', '-in', path.join(root, 'k.pem'), '-pubout', '-out', path.join(dir, 'k_tls.key')]);
  await writeFile(path.join(dir, 'foo.tli'), '{}\n');
  for (const v of ['1.2', '1.10']) {
    await writeFile(path.join(dir, `foo-${v}.tls`), sealPackage({ zip: await reporterZip(v), group: 'foo', version: v, createdAt: new Date(), signingKey: await loadSigningKey(path.join(root, 'k.pem')) }));
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
  await assert.rejects(list({ directorDir: dir }), (e: unknown) => (e as { code?: unknown }).code === 'DIRECTOR_NO_DAEMON');
  await assert.rejects(readFile(path.join(dir, '.daemon', 'pid')), 'no daemon was started');
});
