// kill -9 of a real daemon at random moments of load / unload / refresh / upgrade sequences, then
// start: the state equals the last acknowledged command (or, for the command the kill cut short,
// all of it), never half of one; every actor that ran runs again; the role resolves to the
// active version's actor. The random seed is printed, so a failure can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getRoleAddress } from '../../runtime/src/director/role-address';
import type { FaultEnv, Shape } from './fault-env';
import { askActor, connector, ctxOf, faultEnv, kill9, pkg, run, shape, startAgain } from './fault-env';

const KILLS = 50;
const VERSIONS = ['1.1', '1.2', '1.3'];

/** The operator's model of group foo: loaded versions in load order and the active one. */
interface Model {
  readonly versions: string[];
  readonly active: string | null;
}

type Op = { kind: 'load'; version: string } | { kind: 'unload'; version: string } | { kind: 'refresh' };

function cmp(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function applyOp(m: Model, op: Op): Model {
  if (op.kind === 'refresh') return applyOp(m, { kind: 'load', version: VERSIONS[VERSIONS.length - 1] });
  if (op.kind === 'load') {
    return { versions: m.versions.includes(op.version) ? m.versions : [...m.versions, op.version], active: op.version };
  }
  const versions = m.versions.filter((v) => v !== op.version);
  if (m.active !== op.version) return { versions, active: m.active };
  return { versions, active: [...versions].sort(cmp).pop() ?? null };
}

/** A small seeded generator (mulberry32), so a run can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickOp(m: Model, r: () => number): Op {
  const x = r();
  if (x < 0.15) return { kind: 'refresh' };
  if (x < 0.4 && m.versions.length > 0)
    return { kind: 'unload', version: m.versions[Math.floor(r() * m.versions.length)] };
  return { kind: 'load', version: VERSIONS[Math.floor(r() * VERSIONS.length)] };
}

function same(s: Shape, m: Model): boolean {
  return JSON.stringify(s.versions) === JSON.stringify(m.versions) && s.active === m.active;
}

async function hashOf(e: FaultEnv, version: string): Promise<string | null> {
  const r = await run(e, 'list', '--json');
  const g = (
    JSON.parse(r.out) as { groups: { name: string; sources: { hash: string; version: string }[] }[] }
  ).groups.find((x) => x.name === 'foo');
  return g?.sources.find((s) => s.version === version)?.hash ?? null;
}

test(
  `faults: kill -9 at ${KILLS} random moments of load/unload/refresh/upgrade, then start: the last acknowledged state, never half a command`,
  { timeout: 240_000 },
  async (t) => {
    const e = await faultEnv(t);
    for (const v of VERSIONS) await pkg(e, v);
    const seed = Number(process.env['THESPIAN_FAULT_SEED'] ?? Date.now() % 1_000_000);
    t.diagnostic(`seed ${seed}`);
    const r = rng(seed);
    let model: Model = { versions: [], active: null };
    assert.equal((await run(e, 'load', 'foo-1.1.tls')).code, 0);
    model = applyOp(model, { kind: 'load', version: '1.1' });
    let acknowledged = 0;
    let cut = 0;
    for (let i = 0; i < KILLS; i++) {
      const op = pickOp(model, r);
      const words =
        op.kind === 'refresh'
          ? ['refresh']
          : op.kind === 'load'
            ? ['load', `foo-${op.version}.tls`]
            : ['unload', (await hashOf(e, op.version)) as string];
      // The kill lands anywhere from before the command reaches the daemon to after its reply.
      const delay = Math.floor(r() * r() * 300);
      const command = run(e, ...words);
      await new Promise((res) => setTimeout(res, delay));
      await kill9(e);
      const outcome = await command;
      const after = applyOp(model, op);
      await startAgain(e);
      const s = await shape(e);
      const where = `kill ${i} (seed ${seed}) during ${words.join(' ')} after ${delay} ms: exit ${outcome.code}`;
      if (outcome.code === 0) {
        acknowledged++;
        assert.ok(
          same(s, after),
          `${where}: acknowledged, so the state must be ${JSON.stringify(after)}, got ${JSON.stringify(s)}`,
        );
      } else {
        cut++;
        assert.ok(
          same(s, model) || same(s, after),
          `${where}: not acknowledged, so the state must be ${JSON.stringify(model)} or ${JSON.stringify(after)}, got ${JSON.stringify(s)}`,
        );
      }
      model = same(s, after) ? after : model;
      // Every actor that ran runs again (inactive sources' too), and the role is the active version's.
      assert.ok(
        s.statuses.every((x) => x === 'running'),
        `${where}: every actor runs again: ${JSON.stringify(s.statuses)}`,
      );
      if (model.active !== null) {
        const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
        assert.equal(
          await askActor(e, role?.ActorAddress, 'who'),
          model.active,
          `${where}: MainFoo is the active version's actor`,
        );
      }
    }
    t.diagnostic(`${KILLS} kills: ${acknowledged} after the command was acknowledged, ${cut} cut it short`);
  },
);
