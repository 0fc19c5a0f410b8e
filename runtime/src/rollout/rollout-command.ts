/**
 * `director rollout GROUP[-VERSION]`: from the leader, load a version on every member of the
 * convention, one at a time (or N at a time). For each member: load (the member's own Director,
 * keys and audit log), let it run `settle` ms, check its actors and readiness; on a refusal stop,
 * on a failed check roll that member back (unload the new version: the previous one is
 * reactivated) and stop. Members not reached yet are left untouched. A lost member is waited for
 * (up to `lostwait`) or skipped. Progress lines as it goes, a table at the end.
 */
import os from 'node:os';
import path from 'node:path';
import { verifyWithKeysInDir } from '../authority/verify-package';
import type { CommandContext } from '../../../cli/framework/command';
import type { AdminClient } from '../client/admin-client';
import { connectDaemon } from '../client/connect-daemon';
import { resolveLoadTarget } from '../director/load-target';
import { readPackage } from '../director/package-facts';
import type { ActorAddress } from '../protocol/actor-address';
import { RolloutError } from './rollout-error';
import { parseRolloutArgs, unhealthy, type RolloutOptions } from './rollout-plan';
import {
  AnswerSchemas,
  ROLLOUT_AGENT_NAME,
  decodeAnswer,
  type AgentMembersAnswer,
  type AgentRequest,
  type RolloutStep,
  type StepFailure,
} from '../protocol/rollout-protocol';
import type * as v from 'valibot';
import { codeOf, messageOf } from '../protocol/caught';

const STEP_TIMEOUT_MS = 120_000;

export interface MemberResult {
  readonly member: string;
  result: 'upgraded' | 'refused' | 'rolled back' | 'rollback failed' | 'skipped (lost)' | 'lost' | 'not reached';
  detail: string;
  hash: string;
}

class Agent {
  constructor(
    private readonly client: AdminClient,
    private readonly address: ActorAddress,
  ) {}
  private async ask(request: AgentRequest, timeoutMs: number): Promise<unknown> {
    return (await this.client.ask(this.address, request, timeoutMs + 5_000)).reply;
  }
  async members(): Promise<AgentMembersAnswer> {
    const a = decodeAnswer(AnswerSchemas.members, await this.ask({ op: 'members' }, 10_000));
    if (!a.ok)
      throw new RolloutError(
        'ROLLOUT_NOT_LEADER',
        `the daemon's rollout agent did not list the convention's members (${a.code}: ${a.message})`,
      );
    return a;
  }
  /** One step on one member, through the leader's agent; its answer decoded by the step's schema. */
  async step<K extends 'load' | 'check' | 'rollback'>(
    kind: K,
    member: string,
    request: RolloutStep,
  ): Promise<v.InferOutput<(typeof AnswerSchemas)[K]> | StepFailure> {
    return decodeAnswer(
      AnswerSchemas[kind],
      await this.ask({ op: 'step', member, request, timeoutMs: STEP_TIMEOUT_MS }, STEP_TIMEOUT_MS),
    );
  }
}

function requester(): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (containers).
  }
  return `${user}@${os.hostname()} (director rollout, pid ${process.pid})`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isLost = (code: string): boolean => code === 'CONVENTION_NO_LINK' || code.startsWith('TRANSPORT_');

export async function runRollout(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const o = parseRolloutArgs(args);
  const target = await resolveLoadTarget(
    ctx,
    o.target.endsWith('.tls') || !o.target.includes('-') ? o.target : `${o.target}.tls`,
  );
  if (target.packageFile === null)
    throw new RolloutError('ROLLOUT_UNSIGNED', `group "${target.group}" has no package in ${ctx.directorDir}`);
  const facts = await readPackage(target.packageFile);
  // Verified here with the leader's keys before anything is sent: an unsigned or tampered
  // package never reaches a member.
  try {
    await verifyWithKeysInDir(ctx.directorDir, facts.bytes);
  } catch (e) {
    const code = codeOf(e) ?? 'UNKNOWN';
    throw new RolloutError(
      'ROLLOUT_UNSIGNED',
      `${target.packageFile} is not signed by a key this director dir trusts (${code}: ${messageOf(e)}); nothing was rolled out`,
      { data: { authorityCode: code } },
    );
  }
  const client = await connectDaemon({
    directorDir: ctx.directorDir,
    clientName: `director rollout (pid ${process.pid})`,
    heartbeatMs: 0,
  });
  try {
    const address = await client.createActor(ROLLOUT_AGENT_NAME, { globalName: ROLLOUT_AGENT_NAME }, 5_000);
    const agent = new Agent(client, address);
    const who = await agent.members();
    if (who.role !== 'leader') {
      throw new RolloutError(
        'ROLLOUT_NOT_LEADER',
        `the daemon of ${ctx.directorDir} (${who.system}) ${who.role === 'member' ? 'is a member' : 'runs alone'}; run the rollout on the convention leader`,
      );
    }
    const fileName = path.basename(target.packageFile);
    ctx.out.write(
      `rollout of ${fileName} (${facts.hash}) from ${who.system} to ${who.members.length} member(s), ${o.parallel} at a time\n`,
    );
    const results: MemberResult[] = who.members.map((m) => ({
      member: m,
      result: 'not reached',
      detail: '',
      hash: '',
    }));
    const load: RolloutStep = {
      step: 'load',
      fileName,
      bytes: Buffer.from(facts.bytes).toString('base64'),
      define: target.define,
      requestedBy: `rollout from ${who.system} by ${requester()}`,
    };
    let stopped = false;
    for (let i = 0; i < results.length && !stopped; i += o.parallel) {
      const batch = results.slice(i, i + o.parallel);
      const outcomes = await Promise.all(
        batch.map((r, k) => upgradeOne(ctx, agent, o, load, r, i + k + 1, results.length)),
      );
      stopped = outcomes.some((ok) => !ok);
    }
    ctx.out.write(table(results));
    if (stopped) {
      const bad = results.find(
        (r) => r.result !== 'upgraded' && r.result !== 'not reached' && r.result !== 'skipped (lost)',
      );
      throw new RolloutError(
        'ROLLOUT_STOPPED',
        `the rollout stopped at ${bad?.member ?? '?'}: ${bad?.result ?? ''} ${bad?.detail ?? ''}`.trim(),
        { exitCode: 30, data: { results } },
      );
    }
    return 0;
  } finally {
    client.close();
  }
}

/** One member, start to end; false stops the rollout. */
async function upgradeOne(
  ctx: CommandContext,
  agent: Agent,
  o: RolloutOptions,
  load: RolloutStep,
  r: MemberResult,
  n: number,
  total: number,
): Promise<boolean> {
  const say = (text: string): void => ctx.out.write(`[${n}/${total}] ${r.member}: ${text}\n`);
  const waitUntil = Date.now() + o.lostWaitMs;
  for (;;) {
    say('loading');
    const l = await agent.step('load', r.member, load);
    if (!l.ok && isLost(l.code)) {
      if (o.onLost === 'skip') {
        r.result = 'skipped (lost)';
        r.detail = l.message;
        say(`lost (${l.message}); skipped`);
        return true;
      }
      if (Date.now() > waitUntil) {
        r.result = 'lost';
        r.detail = `not back within ${o.lostWaitMs} ms`;
        say('lost; gave up waiting');
        return false;
      }
      say(`lost (${l.message}); waiting for it to re-join`);
      while (Date.now() < waitUntil && !(await agent.members()).members.includes(r.member)) await sleep(500);
      continue;
    }
    if (!l.ok) {
      r.result = 'refused';
      r.detail = l.code;
      say(`refused: ${l.code}: ${l.message}`);
      return false;
    }
    r.hash = l.sourceHash;
    say(`loaded ${l.sourceHash}${l.alreadyLoaded ? ' (already loaded)' : ''}; checking for ${o.settleMs} ms`);
    await sleep(o.settleMs);
    const c = await agent.step('check', r.member, {
      step: 'check',
      group: load.step === 'load' ? load.define.Group : '',
      sourceHash: l.sourceHash,
    });
    const why = unhealthy(c, l.sourceHash, o.crashes);
    if (why === null) {
      r.result = 'upgraded';
      say('healthy');
      return true;
    }
    if (!c.ok && isLost(c.code) && o.onLost === 'skip') {
      r.result = 'skipped (lost)';
      r.detail = c.message;
      return true;
    }
    say(`unhealthy: ${why}; rolling back`);
    const fileName = load.step === 'load' ? load.fileName : '';
    const b = await agent.step('rollback', r.member, {
      step: 'rollback',
      group: load.step === 'load' ? load.define.Group : '',
      sourceHash: l.sourceHash,
      fileName,
      requestedBy: `rollback of ${fileName}: ${why}`,
    });
    r.result = b.ok ? 'rolled back' : 'rollback failed';
    r.detail = b.ok ? `${why}; reactivated ${b.reactivated ?? 'nothing'}` : `${why}; rollback: ${b.code}: ${b.message}`;
    say(r.result);
    return false;
  }
}

function table(rows: readonly MemberResult[]): string {
  const head = ['MEMBER', 'RESULT', 'HASH', 'DETAIL'];
  const cells = rows.map((r) => [r.member, r.result, r.hash || '-', r.detail || '-']);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]): string =>
    c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(width[i]))).join('  ') + '\n';
  return line(head) + cells.map(line).join('');
}
