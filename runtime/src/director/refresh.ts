/**
 * `director refresh`: load the newest package of every group that has a TLI. A group whose newest
 * package is loaded already is left as it is, so refresh is idempotent. Unlike the original it
 * does not stop at the first failing group: every group is tried, every failure printed, and the
 * first failure's exit code returned. The output is in group-name order.
 *
 * The groups go to the Director as ONE Refresh request: it verifies every package and starts every
 * worker together and writes its record once for all of them. A daemon that does not know Refresh
 * (an older one: DIRECTOR_UNKNOWN_OP) gets one load per group instead, a few at a time.
 */
import type { CommandContext } from '../../../cli/framework/command';
import { DirectorError } from '../protocol/errors';
import type { RefreshedReply, SourceLoadedReply, SourceLoadedSuccess } from '../protocol/director-messages';
import { DirectorOpError } from './director-error';
import type { DirectorLink } from './director-link';
import { askDirector, LOAD_TIMEOUT_MS } from './director-link';
import { loadedLine, loadOne, requester, reportMisnamed, sourceLoadedOf } from './load-command';
import { resolveLoadTarget, tliGroups, type LoadTarget } from './load-target';

/** Groups loading at once when the daemon takes one load per group. */
export const REFRESH_CONCURRENCY = 4;

type Outcome = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly error: DirectorError };

function failed(e: unknown): Outcome {
  if (!(e instanceof DirectorError)) throw e;
  // instanceof yields DirectorError<any>; the code is some area's string code.
  return { ok: false, error: e as DirectorError<string> };
}

/** Print the outcomes in order; the first failure's exit code or 0. */
function report(ctx: CommandContext, groups: readonly string[], outcomes: readonly Outcome[], command: string): number {
  let exit = 0;
  outcomes.forEach((o, i) => {
    if (o.ok) {
      ctx.out.write(o.line);
    } else {
      ctx.err.write(`director: ${command} of group "${groups[i]}": ${o.error.message} [${o.error.code}]\n`);
      if (exit === 0) exit = o.error.exitCode;
    }
  });
  return exit;
}

/** Load `groups` (newest package each) through `link`, one load per group; print in order; resolve with the first failure's exit code or 0. */
export async function loadGroups(
  ctx: CommandContext,
  link: DirectorLink,
  groups: readonly string[],
  command: string,
): Promise<number> {
  const outcomes: Outcome[] = new Array<Outcome>(groups.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const i = next++;
      try {
        outcomes[i] = { ok: true, line: refreshLine(await loadOne(ctx, link, groups[i], command)) };
      } catch (e) {
        outcomes[i] = failed(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, groups.length) }, worker));
  return report(ctx, groups, outcomes, command);
}

/** What refresh did to a group: loaded its newest package, made it active again, or nothing. */
function refreshLine(r: SourceLoadedSuccess & { path: string }): string {
  if (!r.AlreadyLoaded) return loadedLine(r.Group, r.path, r.SourceHash);
  if (r.Activated === true) return `Activated "${r.Group}" ${r.path}: ${r.SourceHash} (was loaded, inactive)\n`;
  return `Unchanged "${r.Group}" ${r.path}: ${r.SourceHash} (already loaded and active)\n`;
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
): Promise<number | null> {
  const targets = await Promise.all(
    groups.map((g) => resolveLoadTarget(ctx, g).then((t): LoadTarget | Outcome => t, failed)),
  );
  const outcomes: Outcome[] = new Array<Outcome>(groups.length);
  const sent: { index: number; target: LoadTarget & { packageFile: string } }[] = [];
  const noPackage: LoadTarget[] = [];
  targets.forEach((t, i) => {
    if ('ok' in t) {
      outcomes[i] = t;
      return;
    }
    reportMisnamed(ctx, t, command);
    if (t.packageFile === null) {
      noPackage.push(t);
      outcomes[i] = failed(
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
      outcomes[groups.indexOf(t.group)] = failed(e);
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
        outcomes[s.index] = {
          ok: true,
          line: refreshLine({ ...sourceLoadedOf(r, s.target.packageFile), path: s.target.packageFile }),
        };
      } catch (e) {
        outcomes[s.index] = failed(e);
      }
    });
  }
  return report(ctx, groups, outcomes, command);
}

export async function refreshAll(ctx: CommandContext, link: DirectorLink): Promise<number> {
  const groups = await tliGroups(ctx.directorDir);
  if (groups.length === 0) return 0;
  return (await refreshAtOnce(ctx, link, groups, 'refresh')) ?? loadGroups(ctx, link, groups, 'refresh');
}
