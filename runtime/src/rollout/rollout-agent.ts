/**
 * The rollout agent of a daemon: an endpoint under the global name {@link ROLLOUT_AGENT_NAME}.
 * On the leader, `director rollout` asks it for the members and has it pass each step to a
 * member over the convention link; on a member, it carries out the steps against its own Director
 * (see runtime/src/protocol/rollout-protocol.ts). A DaemonService started after the Director and the convention.
 */
import { RolloutError } from './rollout-error';
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DaemonService } from '../daemon/daemon-services';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import {
  DIRECTOR_GLOBAL_NAME,
  isSuccessReplyTo,
  type AllAddressesReply,
  type DirectorOpName,
  type DirectorRequest,
} from '../protocol/director-messages';
import { isPlainObject } from '../protocol/plain-object';
import { remoteSourcesAllowed } from '../convention/policy';
import { parsePackageFileName } from '../protocol/package-name';
import { askOnce } from '../daemon/ask-once';
import { DaemonError } from '../daemon/daemon-error';
import type { ActorSystemCore } from '../system/system-core';
import {
  ROLLOUT_AGENT_NAME,
  ROLLOUT_STEP_METHOD,
  decodeAgentRequest,
  decodeRolloutStep,
  type CheckAnswer,
  type LoadAnswer,
  type RollbackAnswer,
  type RolloutStep,
  type StepFailure,
} from '../protocol/rollout-protocol';
import { codeOf, messageOf } from '../protocol/caught';

export interface RolloutConvention {
  handleFromLeader(method: string, handler: (params: unknown) => Promise<unknown>): void;
  requestMember(system: string, method: string, params: unknown, timeoutMs: number): Promise<unknown>;
  unloadHereOnly(sourceHash: string): void;
  status(): { readonly role: 'alone' | 'leader' | 'member'; readonly members: readonly { readonly system: string }[] };
}

const DIRECTOR_TIMEOUT_MS = 120_000;

function failure(code: string, message: string): StepFailure {
  return { ok: false, code, message };
}

/**
 * Ask the local Director and wait for its reply (its replies carry Success and, on failure, code
 * and message). The reply is unknown until checked: {@link replyFailure} and isSuccessReplyTo type it.
 */
async function askDirector(system: ActorSystemCore, request: DirectorRequest): Promise<unknown> {
  const director = await system.createActor(DIRECTOR_GLOBAL_NAME, { globalName: DIRECTOR_GLOBAL_NAME });
  try {
    return (await askOnce(system, director, request, DIRECTOR_TIMEOUT_MS)).reply;
  } catch (e) {
    if (!(e instanceof DaemonError && e.code === 'ASK_TIMEOUT')) throw e;
    throw new RolloutError(
      'ROLLOUT_STEP_FAILED',
      `the Director did not answer ${request.DirectorOp} within ${DIRECTOR_TIMEOUT_MS / 1000} s`,
    );
  }
}

function replyFailure(r: unknown): StepFailure | null {
  if (!isPlainObject(r) || r['Success'] !== false) return null;
  // A refused package: the authority's code (e.g. no key validates it) says more than the Director's.
  const data = r['data'];
  const authorityCode = isPlainObject(data) ? data['authorityCode'] : undefined;
  const code =
    typeof authorityCode === 'string'
      ? authorityCode
      : typeof r['code'] === 'string'
        ? r['code']
        : 'DIRECTOR_BAD_REQUEST';
  return failure(code, typeof r['message'] === 'string' ? r['message'] : JSON.stringify(r));
}

/** A reply that is neither a failure nor the success `op` answers with (a Director of another version). */
function unexpectedReply(op: DirectorOpName, r: unknown): StepFailure {
  return failure('ROLLOUT_STEP_FAILED', `the Director answered ${op} with ${String(JSON.stringify(r)).slice(0, 300)}`);
}

async function activeOf(
  system: ActorSystemCore,
  group: string,
): Promise<AllAddressesReply['Groups'][string] | undefined> {
  const all = await askDirector(system, { DirectorOp: 'RetrieveAll', Group: group });
  return isSuccessReplyTo(all, 'RetrieveAll') && isPlainObject(all.Groups) ? all.Groups[group] : undefined;
}

/** Carry out one step on this system (a member). */
export async function runStep(
  system: ActorSystemCore,
  directorDir: string,
  step: RolloutStep,
  ready: () => boolean,
  hereOnly: (hash: string) => void = () => undefined,
): Promise<LoadAnswer | CheckAnswer | RollbackAnswer> {
  if (step.step === 'load') {
    // A member that takes no sources from other systems takes no rollout either (it comes from the leader).
    const allowed = remoteSourcesAllowed(system.capabilities, true);
    if (!allowed.allowed)
      return failure(
        'CONVENTION_REMOTE_SOURCES_REFUSED',
        `this member refuses sources from other systems: ${allowed.why}`,
      );
    const parsed = parsePackageFileName(step.fileName);
    if (parsed === undefined || path.basename(step.fileName) !== step.fileName || parsed.group !== step.define.Group) {
      return failure(
        'ROLLOUT_STEP_FAILED',
        `"${step.fileName}" is not a package file name of group "${step.define.Group}"`,
      );
    }
    const file = path.join(directorDir, step.fileName);
    const bytes = Buffer.from(step.bytes, 'base64');
    const existing = await readFile(file).catch(() => null);
    let wrote = false;
    if (existing === null) {
      // Written beside, then renamed: the director dir never holds half a package.
      const tmp = path.join(directorDir, `.${step.fileName}.${randomBytes(4).toString('hex')}.tmp`);
      await writeFile(tmp, bytes, { mode: 0o644 });
      await rename(tmp, file);
      wrote = true;
    } else if (!existing.equals(bytes)) {
      return failure(
        'ROLLOUT_STEP_FAILED',
        `${file} exists with other contents; remove it or roll out another version`,
      );
    }
    const before = await activeOf(system, step.define.Group).catch(() => undefined);
    const define = replyFailure(await askDirector(system, step.define));
    const loaded =
      define ??
      (await askDirector(system, {
        DirectorOp: 'LoadSource',
        Group: step.define.Group,
        Source: file,
        RequestedBy: step.requestedBy,
      }));
    const failed = define ?? replyFailure(loaded);
    if (failed !== null || !isSuccessReplyTo(loaded, 'LoadSource')) {
      if (wrote) await unlink(file).catch(() => undefined);
      return failed ?? unexpectedReply('LoadSource', loaded);
    }
    return {
      ok: true,
      sourceHash: loaded.SourceHash,
      previousActive: before?.ActiveHash ?? null,
      alreadyLoaded: loaded.AlreadyLoaded,
    };
  }
  if (step.step === 'check') {
    const g = await activeOf(system, step.group);
    const actors = (g?.Running[step.sourceHash] ?? []).map((a) => ({
      ActorClass: a.ActorClass,
      Status: a.Status,
      Restarts: a.Restarts,
    }));
    return { ok: true, active: g?.ActiveHash ?? null, actors, ready: ready() };
  }
  // The file to remove must be a package of this group: the name comes over the link, and any
  // other name would delete the member's keys, key scopes or revoked_keys.cfg.
  const named = parsePackageFileName(step.fileName);
  if (named === undefined || path.basename(step.fileName) !== step.fileName || named.group !== step.group) {
    return failure(
      'ROLLOUT_STEP_FAILED',
      `"${step.fileName}" is not a package file name of group "${step.group}"; nothing was rolled back`,
    );
  }
  // The rollback is this member's alone: the other members keep the version.
  hereOnly(step.sourceHash);
  const r = await askDirector(system, {
    DirectorOp: 'UnloadSource',
    SourceHash: step.sourceHash,
    RequestedBy: step.requestedBy,
  });
  const failed = replyFailure(r);
  if (failed !== null) return failed;
  if (!isSuccessReplyTo(r, 'UnloadSource')) return unexpectedReply('UnloadSource', r);
  await unlink(path.join(directorDir, path.basename(step.fileName))).catch(() => undefined);
  return { ok: true, reactivated: r.Reactivated };
}

export function rolloutService(convention: RolloutConvention, ready: () => boolean): DaemonService {
  return {
    name: 'rollout',
    start(ctx) {
      const { system } = ctx;
      const directorDir = ctx.config.directorDir;
      convention.handleFromLeader(ROLLOUT_STEP_METHOD, async (params) => {
        const d = decodeRolloutStep(params);
        if (!d.ok) return failure('ROLLOUT_STEP_FAILED', `not a rollout step: ${d.message}`);
        const step = d.value;
        ctx.log(
          'info',
          `rollout: ${step.step} ${'fileName' in step ? step.fileName : step.sourceHash} asked by the leader`,
        );
        return runStep(system, directorDir, step, ready, (h) => convention.unloadHereOnly(h)).catch((e: unknown) =>
          failure('ROLLOUT_STEP_FAILED', messageOf(e)),
        );
      });
      const answer = async (m: unknown): Promise<unknown> => {
        const d = decodeAgentRequest(m);
        if (!d.ok)
          return failure(
            'ROLLOUT_BAD_ARGS',
            `not a rollout agent request: ${JSON.stringify(m)?.slice(0, 200)} (${d.message})`,
          );
        const r = d.value;
        if (r.op === 'members') {
          const s = convention.status();
          return { ok: true, role: s.role, system: system.systemName, members: s.members.map((x) => x.system).sort() };
        }
        try {
          return await convention.requestMember(r.member, ROLLOUT_STEP_METHOD, r.request, r.timeoutMs);
        } catch (e) {
          return failure(codeOf(e) ?? 'CONVENTION_NO_LINK', messageOf(e));
        }
      };
      const ep = system.openEndpoint((m, sender: ActorAddress | null) => {
        // The agent acts on every member: only the operator asks it (the CLI, over the admin
        // link, from an address of this system's main thread). An actor of a loaded source (ids
        // `wN.`, in its worker) or of another system is refused.
        if (sender === null || sender.system !== system.systemName || sender.id.startsWith('w')) {
          const who = sender === null ? 'an anonymous sender' : formatAddress(sender);
          ctx.log(
            'warning',
            `rollout: a request from ${who} refused (SOURCE_CALL_REFUSED): only an admin client may drive a rollout`,
          );
          if (sender !== null)
            system.tell(
              sender,
              failure('SOURCE_CALL_REFUSED', 'only an admin client of this daemon may drive a rollout'),
              ep.address,
            );
          return;
        }
        void answer(m).then((a) => {
          if (sender !== null) system.tell(sender, a, ep.address);
        });
      });
      system.setGlobalName(ROLLOUT_AGENT_NAME, ep.address);
      return Promise.resolve({
        stop: () => {
          system.setGlobalName(ROLLOUT_AGENT_NAME, null);
          ep.close();
          return Promise.resolve();
        },
      });
    },
  };
}
