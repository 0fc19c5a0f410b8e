// A client reads only adminport.cfg and adminhost.cfg (runtime/src/config/admin-address.ts); it
// must see the values and problems readConfig gives for those two files, whatever the others say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAdminAddress } from '../../runtime/src/config/admin-address';
import { readConfig } from '../../runtime/src/config/read-config';

const cases: {
  readonly name: string;
  readonly files: { readonly [file: string]: string | null };
  readonly bad?: true;
}[] = [
  { name: 'no cfg files', files: {} },
  { name: 'both valid', files: { 'adminport.cfg': '19777\n', 'adminhost.cfg': '0.0.0.0\n' } },
  { name: 'a bad port', files: { 'adminport.cfg': 'seventy\n' }, bad: true },
  {
    name: 'a bad port and a bad host',
    files: { 'adminport.cfg': '99999\n', 'adminhost.cfg': 'not a host!\n' },
    bad: true,
  },
  { name: 'two lines in adminhost.cfg', files: { 'adminhost.cfg': '127.0.0.1\n::1\n' }, bad: true },
  { name: 'adminport.cfg is a folder', files: { 'adminport.cfg': null }, bad: true },
  {
    name: 'other files bad, the address good',
    files: { 'adminport.cfg': '2000', 'thesplog.cfg': '{ nope', 'othercaps.cfg': '[1,', 'thespbase.cfg': 'what' },
  },
];

for (const c of cases) {
  test(`the admin address and its problems are readConfig's: ${c.name}`, async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'admin-address-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const [file, text] of Object.entries(c.files)) {
      if (text === null) mkdirSync(path.join(dir, file));
      else writeFileSync(path.join(dir, file), text);
    }
    const full = await readConfig(dir);
    const ours = await readAdminAddress(dir);
    assert.equal(ours.adminPort, full.config.adminPort);
    assert.equal(ours.adminHost, full.config.adminHost);
    assert.deepEqual(
      ours.problems,
      full.problems.filter((p) => ['adminport.cfg', 'adminhost.cfg'].includes(path.basename(p.file))),
    );
    assert.equal(ours.problems.length > 0, c.bad === true, 'the case has the problems it is meant to have');
  });
}
