/**
 * `director load GROUP | GROUP.tli | GROUP-VER.tls` and the per-group step of `refresh`: define
 * the group from its TLI, load the package, wait for the outcome, print it.
 */
import os from 'node:os';
import type { CommandContext } from '../../../cli/framework/command';
import type { SourceLoadedReply, SourceLoadedSuccess } from '../protocol/director-messages';
import { AUTHORITY_EXIT_CODES } from '../protocol/package-codes';
import { DirectorOpError } from './director-error';
import type { DirectorLink } from './director-link';
import { askDirector, checkedReply, LOAD_TIMEOUT_MS } from './director-link';
import type { MisnamedPackage } from '../authority/signed-identity';
import { resolveLoadTarget, type LoadTarget } from './load-target';

/** Who asked, for the audit log. */
export function requester(command: string): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (containers): keep "unknown".
  }
  return `${user}@${os.hostname()} (director ${command}, pid ${process.pid})`;
}

/**
 * Load `arg` through `link`. Resolves with the success reply; throws a DirectorOpError whose
 * exit code says what failed (a rejected package exits as tlsinfo would: 7 for a bad signature).
 */
export async function loadOne(
  ctx: CommandContext,
  link: DirectorLink,
  arg: string,
  command = 'load',
  /** The target already being resolved (`load` starts it while it connects). */
  resolving: Promise<LoadTarget> = resolveLoadTarget(ctx, arg),
): Promise<SourceLoadedSuccess & { path: string }> {
  const target = await resolving;
  reportMisnamed(ctx, target, command);
  await askDirector(link, target.define);
  if (target.packageFile === null) {
    throw new DirectorOpError(
      'DIRECTOR_NO_PACKAGE',
      `group "${target.group}" has a TLI (${target.tliFile}) but no package ${target.group}-VERSION.tls in ${ctx.directorDir}; make one with "director gensrc"`,
    );
  }
  try {
    const reply = await askDirector(
      link,
      { DirectorOp: 'LoadSource', Group: target.group, Source: target.packageFile, RequestedBy: requester(command) },
      LOAD_TIMEOUT_MS,
    );
    return { ...reply, path: target.packageFile };
  } catch (e) {
    throw withAuthorityExit(e, target.packageFile);
  }
}

/** Packages named as the group's whose signed name differs: never picked, said so. */
export function reportMisnamed(ctx: CommandContext, target: LoadTarget, command: string): void {
  for (const m of target.misnamed) ctx.err.write(skippedLine(m, command));
}

/** The line `command` (load, refresh) prints for a package it skipped. */
export function skippedLine(m: MisnamedPackage, command: string): string {
  return `director: ${command}: skipped ${m.file} [TLS_NAME_MISMATCH]: it is signed as ${m.signedName}; renaming a package cannot change its group or version\n`;
}

/** One group's SourceLoaded reply (inside a Refreshed reply) as `loadOne` would resolve or throw it. */
export function sourceLoadedOf(reply: SourceLoadedReply | undefined, file: string): SourceLoadedSuccess {
  try {
    return checkedReply(reply, 'LoadSource');
  } catch (e) {
    throw withAuthorityExit(e, file);
  }
}

function withAuthorityExit(e: unknown, file: string): unknown {
  if (!(e instanceof DirectorOpError) || e.code !== 'DIRECTOR_SOURCE_REJECTED') return e;
  const reply = (e.data as { reply?: { data?: { authorityCode?: unknown } } } | undefined)?.reply;
  const authorityCode = reply?.data?.authorityCode;
  const exit =
    typeof authorityCode === 'string'
      ? (AUTHORITY_EXIT_CODES as { readonly [c: string]: number })[authorityCode]
      : undefined;
  const message = `${e.message}${typeof authorityCode === 'string' ? ` [${authorityCode}]` : ''}; "director tlsinfo ${file}" shows the details`;
  return new DirectorOpError('DIRECTOR_SOURCE_REJECTED', message, {
    data: e.data,
    ...(exit !== undefined ? { exitCode: exit } : {}),
  });
}

/** The line `load` prints: `Loaded "GROUP" <path>: <hash>`. */
export function loadedLine(group: string, file: string, hash: string): string {
  return `Loaded "${group}" ${file}: ${hash}\n`;
}
