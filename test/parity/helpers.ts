/**
 * Shared by the parity tests (scenarios of the original Thespian's own test suite, re-written
 * here). The original's `ask` returned None when no reply came; this runtime rejects with
 * ASK_TIMEOUT instead (a deliberate difference, docs/compatibility.md), so `askOrNone` turns
 * exactly that rejection back into null for the scenarios that expect "no answer".
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { ActorSystem, type DaemonActorSystem, type SimpleActorSystem } from '../../runtime/src/actor-system';
import { silentLoggerFactory } from '../../runtime/src/actors/logger';
import type { ActorAddress } from '../../runtime/src/actors/index';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { testDirectorDir } from '../daemon/helpers';
import { makeZip } from '../runtime/helpers';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** ActorSystem.simple() with a quiet log, shut down after the test. */
export async function simpleSystem(
  t: TestContext,
  capabilities?: { [k: string]: JsonValue },
): Promise<SimpleActorSystem> {
  const asys = (await ActorSystem.simple({
    loggerFactory: silentLoggerFactory,
    ...(capabilities === undefined ? {} : { capabilities }),
  })) as SimpleActorSystem;
  t.after(() => asys.shutdown());
  return asys;
}

/** The original's `ask` that returns None on no reply: null exactly when the ask timed out. */
export async function askOrNone(
  asys: ActorSystem,
  to: ActorAddress,
  message: JsonValue,
  seconds = 0.4,
): Promise<unknown> {
  try {
    return await asys.ask(to, message, seconds);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ASK_TIMEOUT') return null;
    throw e;
  }
}

/** Ask again (a few times, briefly apart) until the answer satisfies `ok`; returns the last answer. */
export async function askUntil(
  asys: ActorSystem,
  to: ActorAddress,
  message: JsonValue,
  ok: (r: unknown) => boolean,
  ms = 5000,
): Promise<unknown> {
  const deadline = Date.now() + ms;
  let r = await asys.ask(to, message, 5);
  while (!ok(r) && Date.now() < deadline) {
    await sleep(25);
    r = await asys.ask(to, message, 5);
  }
  return r;
}

/** The original's `listen`: the next message delivered to this client, in order. */
export function listener(asys: ActorSystem): { next(ms?: number): Promise<unknown>; readonly seen: unknown[] } {
  const seen: unknown[] = [];
  const waiting: Array<(m: unknown) => void> = [];
  let read = 0;
  asys.onDelivery((d) => {
    seen.push(d.message);
    waiting.shift()?.(undefined);
  });
  return {
    seen,
    async next(ms = 5000): Promise<unknown> {
      const deadline = Date.now() + ms;
      while (read >= seen.length) {
        if (Date.now() > deadline) return null;
        await Promise.race([new Promise((r) => waiting.push(r)), sleep(50)]);
      }
      return seen[read++];
    },
  };
}

/** A director dir with a trusted openssl key pair and a running daemon; the client is closed after the test. */
export async function daemonSystem(t: TestContext): Promise<{
  asys: DaemonActorSystem;
  seal: (files: Record<string, string>, group: string, version: string) => Promise<Uint8Array>;
}> {
  const { dir } = await testDirectorDir(t);
  const key = path.join(dir, 'parity.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'parity_tls.key')]);
  await spawnDaemon({ directorDir: dir, env: process.env });
  const asys = (await ActorSystem.connect({ directorDir: dir })) as DaemonActorSystem;
  t.after(() => asys.close());
  return {
    asys,
    seal: async (files, group, version) =>
      sealPackage({
        zip: await makeZip(files),
        group,
        version,
        createdAt: new Date(),
        signingKey: await loadSigningKey(key),
      }),
  };
}
