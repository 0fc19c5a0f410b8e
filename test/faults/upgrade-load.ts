/**
 * Upgrades under load, shared by the faults test (a few dozen cycles) and bench/durability.bench.mjs
 * (200): a real daemon, group foo with AutoUnload 2, a new signed version per cycle, and all the
 * while a loop of role lookups, a loop of asks and a loop of tells to the role's actor. Every ask
 * must get its own reply, every tell exactly one answer; the daemon's RSS, threads and fds are
 * sampled from /proc after a warm-up and at the end.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import { askDirector } from '../../runtime/src/director/director-link';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { makeZip } from '../runtime/helpers';
import type { FaultEnv } from './fault-env';
import { connector, ctxOf, daemonPid, faultEnv, run } from './fault-env';

/** Main answers `{seq}` with `{seq, version}` to its sender, and 'who' with its version. */
function echoZip(version: string): Promise<Uint8Array> {
  const v = JSON.stringify(version);
  return makeZip({
    'foo/app.js': `
      const { Actor } = require('thespian-director');
      class Main extends Actor {
        receiveMessage(m, s) {
          if (!s) return;
          if (m === 'who') this.send(s, ${v});
          else if (m && typeof m === 'object' && typeof m.seq === 'number') this.send(s, { seq: m.seq, version: ${v} });
        }
      }
      class Worker extends Actor { receiveMessage() {} }
      module.exports = { Main, Worker };`,
  });
}

export interface ProcFigures {
  readonly rssKiB: number;
  readonly threads: number;
  readonly fds: number;
}

export function procFigures(pid: number): ProcFigures {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), threads: field('Threads'), fds: readdirSync(`/proc/${pid}/fd`).length };
}

export interface UpgradeLoadResult {
  readonly cycles: number;
  readonly lookups: number;
  readonly failedLookups: number;
  readonly asks: number;
  readonly lostAsks: number;
  readonly tells: number;
  readonly lostTells: number;
  readonly duplicatedTells: number;
  readonly warm: ProcFigures;
  readonly end: ProcFigures;
  readonly msPerCycle: number;
}

export async function upgradeEnv(t: TestContext): Promise<FaultEnv> {
  return faultEnv(t, { tliExtra: 'AutoUnload: 2,' });
}

export async function upgradesUnderLoad(
  e: FaultEnv,
  cycles: number,
  warmAfter = Math.min(10, Math.floor(cycles / 4)),
  /** Called after each upgrade with the daemon's pid (a bench samples or snapshots the daemon here). */
  afterCycle?: (cycle: number, pid: number) => Promise<void> | void,
): Promise<UpgradeLoadResult> {
  const key = await loadSigningKey(e.key);
  const write = async (i: number): Promise<void> => {
    writeFileSync(
      path.join(e.dir, `foo-2.${i}.tls`),
      sealPackage({
        zip: await echoZip(`2.${i}`),
        group: 'foo',
        version: `2.${i}`,
        createdAt: new Date(),
        signingKey: key,
      }),
    );
  };
  await write(0);
  const first = await run(e, 'load', 'foo-2.0.tls');
  if (first.code !== 0) throw new Error(first.err);
  const link = await connector(ctxOf(e), { start: false });
  if (!link) throw new Error('no daemon');
  const client = await connectDaemon({ directorDir: e.dir, heartbeatMs: 0 });
  const pid = (await daemonPid(e)) as number;
  let stop = false;
  let lookups = 0;
  let failedLookups = 0;
  let current: ActorAddress | null = null;
  const resolve = async (): Promise<ActorAddress | null> => {
    lookups++;
    try {
      const r = await askDirector(link, { DirectorOp: 'RetrieveRole', Role: 'MainFoo' });
      current = r.ActorAddress;
    } catch {
      failedLookups++;
    }
    return current;
  };
  const lookupLoop = async (): Promise<void> => {
    while (!stop) await resolve();
  };
  let asks = 0;
  let lostAsks = 0;
  const askLoop = async (): Promise<void> => {
    for (let seq = 0; !stop; seq++) {
      const to = await resolve();
      if (!to) continue;
      asks++;
      try {
        const r = (await client.ask(to, { seq }, 5000)).reply as { seq?: unknown };
        if (r.seq !== seq) lostAsks++;
      } catch {
        lostAsks++;
      }
    }
  };
  const answered = new Map<number, number>();
  client.onDelivery((d) => {
    const m = d.message as { seq?: unknown };
    if (typeof m.seq === 'number') answered.set(m.seq, (answered.get(m.seq) ?? 0) + 1);
  });
  let tells = 0;
  const tellLoop = async (): Promise<void> => {
    for (let seq = 0; !stop; seq++) {
      const to = await resolve();
      if (!to) continue;
      await client.tell(to, { seq });
      tells++;
      await new Promise((r) => setImmediate(r));
    }
  };
  const loops = [lookupLoop(), askLoop(), tellLoop()];
  let warm: ProcFigures | null = null;
  const t0 = Date.now();
  try {
    for (let i = 1; i <= cycles; i++) {
      await write(i);
      const r = await run(e, 'load', `foo-2.${i}.tls`);
      if (r.code !== 0) throw new Error(`upgrade ${i}: ${r.err}`);
      if (i === warmAfter) warm = procFigures(pid);
      await afterCycle?.(i, pid);
    }
  } finally {
    stop = true;
    await Promise.all(loops);
  }
  const msPerCycle = (Date.now() - t0) / cycles;
  // Every tell's answer has arrived once the last ask (sent after it) is answered; give stragglers a moment.
  const deadline = Date.now() + 5000;
  while (answered.size < tells && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const end = procFigures(pid);
  client.close();
  await link.close();
  let duplicatedTells = 0;
  for (const n of answered.values()) if (n > 1) duplicatedTells += n - 1;
  return {
    cycles,
    lookups,
    failedLookups,
    asks,
    lostAsks,
    tells,
    lostTells: tells - answered.size,
    duplicatedTells,
    warm: warm ?? procFigures(pid),
    end,
    msPerCycle,
  };
}
