/**
 * `director refresh`: load the newest package of every group that has a TLI. A group whose newest
 * package is loaded already is left as it is, so refresh is idempotent. Unlike the original it
 * does not stop at the first failing group: every group is tried, every failure printed, and the
 * first failure's exit code returned. Groups load a few at a time (their packages validate and
 * their workers start in parallel); the output is in group-name order all the same.
 */
import type { CommandContext } from '../../../cli/framework/command';
import { DirectorError } from '../protocol/errors';
import type { SourceLoadedSuccess } from '../protocol/director-messages';
import type { DirectorLink } from './director-link';
import { loadedLine, loadOne } from './load-command';
import { tliGroups } from './load-target';

/** Groups loading at once. */
export const REFRESH_CONCURRENCY = 4;

type Outcome = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly error: DirectorError };

/** Load `groups` (newest package each) through `link`; print in order; resolve with the first failure's exit code or 0. */
export async function loadGroups(ctx: CommandContext, link: DirectorLink, groups: readonly string[], command: string): Promise<number> {
  const outcomes: Outcome[] = new Array<Outcome>(groups.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const i = next++;
      const group = groups[i];
      try {
        const r = await loadOne(ctx, link, group, command);
        outcomes[i] = { ok: true, line: refreshLine(r) };
      } catch (e) {
        if (!(e instanceof DirectorError)) throw e;
        // instanceof yields DirectorError<any>; the code is some area's string code.
        outcomes[i] = { ok: false, error: e as DirectorError<string> };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, groups.length) }, worker));
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

/** What refresh did to a group: loaded its newest package, made it active again, or nothing. */
function refreshLine(r: SourceLoadedSuccess & { path: string }): string {
  if (!r.AlreadyLoaded) return loadedLine(r.Group, r.path, r.SourceHash);
  if (r.Activated === true) return `Activated "${r.Group}" ${r.path}: ${r.SourceHash} (was loaded, inactive)\n`;
  return `Unchanged "${r.Group}" ${r.path}: ${r.SourceHash} (already loaded and active)\n`;
}

export async function refreshAll(ctx: CommandContext, link: DirectorLink): Promise<number> {
  return loadGroups(ctx, link, await tliGroups(ctx.directorDir), 'refresh');
}
