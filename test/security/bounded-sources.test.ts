/**
 * Issue 11, hole 5: a source's limit covered only its JS heap; a source holding Buffers took the
 * daemon to 3.5 GB. Now a budget counts heap + Buffers/ArrayBuffers (TLS_Memory_MiB in the TLI, a
 * daemon default otherwise): the hog loses its worker only, list says why, the restart budget
 * applies, the daemon's RSS stays bounded and another source keeps answering.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { waitFor } from '../daemon/helpers';
import { answersWithinASecond, director, markerPackage, secDir } from './support';

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

// On its OnLoad message: 8 MiB of Buffers every 10 ms, kept (yielding between, as a leak does).
const HOG = `
  if (m === 'start') {
    const keep = (globalThis.keep = globalThis.keep || []);
    setInterval(() => { keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); }, 10);
    return;
  }`;

test(
  'a Buffer hog over TLS_Memory_MiB loses its worker only; list says why; the daemon stays small',
  { skip: process.platform !== 'linux' ? 'RSS from /proc' : false },
  async (t) => {
    const s = await secDir(t);
    await writeFile(
      path.join(s.dir, 'hog.tli'),
      `{ TLS_Memory_MiB: 64, Actors: { 'hog.app.Main': { OnLoad: { Role: 'Main', Message: 'start' } } } }\n`,
    );
    await writeFile(path.join(s.dir, 'hog-1.tls'), await markerPackage(s, 'hog', '1', 'hog1', HOG));
    await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1'));
    const { pid } = await spawnDaemon({ directorDir: s.dir, env: process.env });
    assert.equal((await director(s, 'load', 'foo')).code, 0);
    const before = await rssMiB(pid);
    const load = await director(s, 'load', 'hog');
    assert.equal(load.code, 0, load.stderr);
    let peak = before;
    await waitFor(
      async () => {
        peak = Math.max(peak, await rssMiB(pid));
        const list = await director(s, 'list', 'hog');
        return /exceeded its memory budget of 64 MiB/.test(list.stdout);
      },
      30_000,
      'list to show the memory budget as the reason',
    );
    peak = Math.max(peak, await rssMiB(pid));
    t.diagnostic(`daemon RSS ${before.toFixed(0)} MiB before the hog, peak ${peak.toFixed(0)} MiB`);
    assert.ok(peak - before < 400, `the daemon grew by ${(peak - before).toFixed(0)} MiB`);
    await answersWithinASecond(s);
    const foo = await director(s, 'list', 'foo');
    assert.match(foo.stdout, /\(Main\)/);
    assert.doesNotMatch(foo.stdout, /memory budget/);
  },
);
