/**
 * A loaded source that logs as fast as it can (16 KiB records in a loop, yielding between
 * batches) must not starve or bloat the daemon: its records are written and tapped by the main
 * thread, so without a bound the daemon's memory grows with the source's output, not with its
 * own work. The daemon's RSS stays bounded, it answers within a second during the flood, and a
 * subscriber of `log/` records keeps its link. A worker's records are bounded per second
 * (runtime/src/source-host/worker-link.ts); the rest are dropped with one line saying so.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ActorSystem, type DaemonActorSystem } from '../../runtime/src/actor-system';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { answersWithinASecond, director, markerPackage, secDir } from './support';

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const FLOOD = `
  if (m === 'flood') {
    const text = 'x'.repeat(16 * 1024);
    let rounds = 0;
    const round = () => {
      for (let i = 0; i < 2000; i++) this.logger.warning(text);
      if (++rounds < 40) setImmediate(round);
    };
    round();
    this.send(s, 'flooding');
    return;
  }`;

test(
  'a source logging 1.2 GiB as fast as it can leaves the daemon small and answering',
  { skip: process.platform !== 'linux' ? 'RSS from /proc' : false },
  async (t) => {
    const s = await secDir(t);
    await writeFile(path.join(s.dir, 'foo-1.tls'), await markerPackage(s, 'foo', '1', 'foo1', FLOOD));
    const { pid } = await spawnDaemon({ directorDir: s.dir, env: process.env });
    assert.equal((await director(s, 'load', 'foo')).code, 0);
    const asys = (await ActorSystem.connect({ directorDir: s.dir })) as DaemonActorSystem;
    t.after(() => asys.close());
    let records = 0;
    await asys.onEvent(() => records++, ['log/']);
    const before = await rssMiB(pid);
    const main = await asys.createActor('foo.app.Main', {
      sourceHash: await asys.loadActorSource(path.join(s.dir, 'foo-1.tls')),
    });
    assert.equal(await asys.ask(main, 'flood', 5), 'flooding');
    let peak = before;
    let slowest = 0;
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      peak = Math.max(peak, await rssMiB(pid));
      const t0 = Date.now();
      await answersWithinASecond(s).catch((e: Error) => assert.fail(e.message));
      slowest = Math.max(slowest, Date.now() - t0);
      await new Promise((r) => setTimeout(r, 200));
    }
    t.diagnostic(
      `daemon RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB; slowest list ${slowest} ms; ${records} log records seen`,
    );
    // Unbounded, the daemon grew by the whole 1.25 GiB (2.2 GB RSS) and did not answer for seconds.
    assert.ok(peak - before < 300, `the daemon grew by ${(peak - before).toFixed(0)} MiB`);
    assert.ok(records > 0, 'the log/ subscriber kept getting records');
  },
);
