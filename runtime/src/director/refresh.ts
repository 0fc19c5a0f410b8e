/**
 * `director refresh`: load the newest package of every group that has a TLI. A group whose newest
 * package is loaded already is left as it is, so refresh is idempotent. Unlike the original it
 * does not stop at the first failing group: every group is tried, every failure printed, and the
 * first failure's exit code returned. The output is in group-name order.
 *
 * The groups go to the Director as ONE Refresh request: it verifies every package and starts every
 * worker together and writes its record once for all of them. A daemon that does not know Refresh
 * (an older one: DIRECTOR_UNKNOWN_OP) gets one load per group instead, a few at a time.
 *
 * `refreshGroups` returns what happened to each group as data (the toolchain's `refresh()`, the
 * daemon's start report); `printRefresh` prints the command's lines from that data.
 */
import type { CommandContext, TextSink } from '../../../cli/framework/command';
import { DirectorError } from '../protocol/errors';
import type { RefreshedReply, SourceLoadedReply, SourceLoadedSuccess } from '../protocol/director-messages';
import { DirectorOpError } from './director-error';
import type { DirectorLink } from './director-link';
import { askDirector, LOAD_TIMEOUT_MS } from './director-link';
import type { MisnamedPackage } from '../authority/signed-identity';
import { loadedLine, loadOne, requester, skippedLine, sourceLoadedOf } from './load-command';
import { resolveLoadTarget, tliGroups, type LoadTarget } from './load-target';

/** Groups loading at once when the daemon takes one load per group. */
export const REFRESH_CONCURRENCY = 4;

/** A coded error as a group's outcome carries it: a DirectorError, or one read back from JSON. */
export interface GroupError {
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
  /** The exit code the command ends with when this is its first failure. */
  readonly exitCode: number;
}

/** What refresh did to one group: loaded its newest package, made it active again, nothing, or failed. */
export type GroupOutcome =
  | {
      readonly group: string;
      readonly outcome: 'loaded' | 'activated' | 'unchanged';
      readonly version: string | null;
      readonly hash: string;
      /** The package file. */
      readonly path: string;
    }
  | { readonly group: string; readonly outcome: 'failed'; readonly error: GroupError };

export interface RefreshResult {
  /** One per group with a TLI, in group-name order. */
  readonly groups: readonly GroupOutcome[];
  /** Packages passed over because their signed name is not their file name (TLS_NAME_MISMATCH). */
  readonly skipped: readonly MisnamedPackage[];
}

function failed(group: string, e: unknown): GroupOutcome {
  if (!(e instanceof DirectorError)) throw e;
  // instanceof yields DirectorError<any>; the code is some area's string code.
  return { group, outcome: 'failed', error: e as DirectorError<string> };
}

function succeeded(r: SourceLoadedSuccess, path: string): GroupOutcome {
  return {
    group: r.Group,
    outcome: !r.AlreadyLoaded ? 'loaded' : r.Activated === true ? 'activated' : 'unchanged',
    version: r.Version,
    hash: r.SourceHash,
    path,
  };
}

/** The line refresh prints for a group it loaded, activated or left as it was. */
function refreshLine(o: Exclude<GroupOutcome, { outcome: 'failed' }>): string {
  if (o.outcome === 'loaded') return loadedLine(o.group, o.path, o.hash);
  if (o.outcome === 'activated') return `Activated "${o.group}" ${o.path}: ${o.hash} (was loaded, inactive)\n`;
  return `Unchanged "${o.group}" ${o.path}: ${o.hash} (already loaded and active)\n`;
}

/** Print a refresh's outcomes as the command does: skipped packages, then every group in order; the first failure's exit code or 0. */
export function printRefresh(ctx: CommandContext, result: RefreshResult, command: string): number {
  for (const m of result.skipped) ctx.err.write(skippedLine(m, command));
  let exit = 0;
  for (const o of result.groups) {
    if (o.outcome !== 'failed') {
      ctx.out.write(refreshLine(o));
    } else {
      ctx.err.write(`director: ${command} of group "${o.group}": ${o.error.message} [${o.error.code}]\n`);
      if (exit === 0) exit = o.error.exitCode;
    }
  }
  return exit;
}

const quiet: TextSink = { write: () => undefined };

/** Load `groups` (newest package each) through `link`, one load per group, a few at a time. */
async function loadGroups(
  ctx: CommandContext,
  link: DirectorLink,
  groups: readonly string[],
  command: string,
): Promise<RefreshResult> {
  const outcomes: GroupOutcome[] = new Array<GroupOutcome>(groups.length);
  const skipped: MisnamedPackage[] = [];
  // loadOne would print the skipped packages; they are part of the result instead.
  const silent: CommandContext = { ...ctx, err: quiet };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const i = next++;
      try {
        const target = await resolveLoadTarget(ctx, groups[i]);
        skipped.push(...target.misnamed);
        const r = await loadOne(silent, link, groups[i], command, Promise.resolve(target));
        outcomes[i] = succeeded(r, r.path);
      } catch (e) {
        outcomes[i] = failed(groups[i], e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, groups.length) }, worker));
  return { groups: outcomes, skipped };
}

/**
 * Refresh `groups` as one Refresh request. Resolves null when the daemon does not know Refresh
 * (nothing was changed then).
 */
async function refreshAtOnce(
  ctx: CommandContext,
  link: DirectorLink,
  groups: readonly string[],
  command: string,
): Promise<RefreshResult | null> {
  const targets = await Promise.all(
    groups.map((g) =>
      resolveLoadTarget(ctx, g).then(
        (t): LoadTarget | GroupOutcome => t,
        (e) => failed(g, e),
      ),
    ),
  );
  const outcomes: GroupOutcome[] = new Array<GroupOutcome>(groups.length);
  const skipped: MisnamedPackage[] = [];
  const sent: { index: number; target: LoadTarget & { packageFile: string } }[] = [];
  const noPackage: LoadTarget[] = [];
  targets.forEach((t, i) => {
    if ('outcome' in t) {
      outcomes[i] = t;
      return;
    }
    skipped.push(...t.misnamed);
    if (t.packageFile === null) {
      noPackage.push(t);
      outcomes[i] = failed(
        t.group,
        new DirectorOpError(
          'DIRECTOR_NO_PACKAGE',
          `group "${t.group}" has a TLI (${t.tliFile}) but no package ${t.group}-VERSION.tls in ${ctx.directorDir}; make one with "director gensrc"`,
        ),
      );
      return;
    }
    sent.push({ index: i, target: { ...t, packageFile: t.packageFile } });
  });
  // A group with a TLI and no package is still defined (as `load GROUP` does before it fails).
  for (const t of noPackage) {
    try {
      await askDirector(link, t.define);
    } catch (e) {
      outcomes[groups.indexOf(t.group)] = failed(t.group, e);
    }
  }
  if (sent.length > 0) {
    let reply: Extract<RefreshedReply, { Success: true }>;
    try {
      reply = await askDirector(
        link,
        {
          DirectorOp: 'Refresh',
          Groups: sent.map((s) => ({ Define: s.target.define, Source: s.target.packageFile })),
          RequestedBy: requester(command),
        },
        LOAD_TIMEOUT_MS,
      );
    } catch (e) {
      if (e instanceof DirectorOpError && e.code === 'DIRECTOR_UNKNOWN_OP') return null;
      throw e;
    }
    sent.forEach((s, k) => {
      const r: SourceLoadedReply | undefined = reply.Results[k];
      try {
        outcomes[s.index] = succeeded(sourceLoadedOf(r, s.target.packageFile), s.target.packageFile);
      } catch (e) {
        outcomes[s.index] = failed(s.target.group, e);
      }
    });
  }
  return { groups: outcomes, skipped };
}

/** Refresh every group with a TLI through `link`: what happened to each, as data. Prints nothing. */
export async function refreshGroups(
  ctx: CommandContext,
  link: DirectorLink,
  command = 'refresh',
): Promise<RefreshResult> {
  const groups = await tliGroups(ctx.directorDir);
  if (groups.length === 0) return { groups: [], skipped: [] };
  return (await refreshAtOnce(ctx, link, groups, command)) ?? loadGroups(ctx, link, groups, command);
}

/** `director refresh` through `link`: prints every group's line; the first failure's exit code or 0. */
export async function refreshAll(ctx: CommandContext, link: DirectorLink): Promise<number> {
  return printRefresh(ctx, await refreshGroups(ctx, link), 'refresh');
}
