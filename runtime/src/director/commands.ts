/**
 * The commands of the Director: load, list, unload, refresh. The composition root (cli/src)
 * registers `directorCommands`; tests build their own set around a connector with
 * `makeDirectorCommands`.
 */
import { loadRevocations } from '../authority/key-policy';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext, CommandSpec } from '../../../cli/framework/command';
import { usageError } from '../../../cli/framework/cli-error';
import type { AllAddressesReply, SourceUnloadedReply } from '../protocol/director-messages';
import { defaultConnector } from './daemon-connector';
import { DirectorOpError } from './director-error';
import type { DirectorConnector, DirectorLink } from './director-link';
import { askDirector } from './director-link';
import { formatList, listJson, type ListReport } from './list-format';
import { loadedLine, loadOne, requester } from './load-command';
import { resolveLoadTarget, type LoadTarget } from './load-target';
import { refreshAll, refreshGroups, type RefreshResult } from './refresh';

async function withLink<T>(
  connect: DirectorConnector,
  ctx: CommandContext,
  start: boolean,
  use: (link: DirectorLink) => Promise<T>,
): Promise<T> {
  const link = await connect(ctx, { start });
  if (!link) {
    throw new DirectorOpError(
      'DIRECTOR_NO_DAEMON',
      `no daemon is running for ${ctx.directorDir}; start one with "director start"`,
    );
  }
  try {
    return await use(link);
  } finally {
    await link.close();
  }
}

export function makeDirectorCommands(connect: DirectorConnector): CommandSpec[] {
  const load: CommandSpec = {
    name: 'load',
    usage: 'load GROUP | GROUP.tli | GROUP-VERSION.tls',
    summary: 'Load a package into the running daemon (starting it if needed) and wait until its OnLoad actors run.',
    description: [
      'GROUP or GROUP.tli loads the newest package of the group; GROUP-VERSION.tls loads exactly that file',
      "(found as given, or in the director dir). The group's TLI is read and checked first; ${env:NAME}",
      "values in it take this command's environment. The command waits until the package is validated",
      'and every OnLoad actor has started, then prints',
      '    Loaded "GROUP" <path>: <hash>',
      'A package that fails validation (tampered, signed by an unknown key) fails the command and leaves',
      'the previously active version active. Loading a package that is loaded already changes nothing.',
    ].join('\n'),
    async run(ctx, args) {
      if (args.length !== 1) throw usageError(load, 'load needs exactly one GROUP, GROUP.tli or GROUP-VERSION.tls');
      const arg = args[0];
      // Reading and checking the TLI and finding the package overlap the connect and hello (the
      // daemon's side of it and the round trips); its errors still come after the connect's.
      const resolving = resolveLoadTarget(ctx, arg);
      resolving.catch(() => undefined);
      return withLink(connect, ctx, true, async (link) => {
        const r = await loadOne(ctx, link, arg, 'load', resolving);
        ctx.out.write(loadedLine(r.Group, r.path, r.SourceHash));
        return 0;
      });
    },
  };

  const list: CommandSpec = {
    name: 'list',
    usage: 'list [GROUP] [--json]',
    summary: 'Show the loaded sources of every group (or one), the active one, and their actors.',
    description: [
      "Groups are sorted by name; each group's sources are in load order, oldest first, the active one",
      'marked [ACTIVE]. Each actor line shows its address (or why it has none), class, role, start time',
      'and, when it was restarted, how often. A source signed by a key of revoked_keys.cfg is marked',
      '[REVOKED KEY id] (docs/security.md). --json prints the same as one JSON document (docs/director.md).',
    ].join('\n'),
    async run(ctx, args) {
      const json = args.includes('--json');
      const rest = args.filter((a) => a !== '--json');
      if (rest.length > 1) throw usageError(list, 'list takes at most one GROUP');
      const group = rest[0];
      return withLink(connect, ctx, false, async (link) => {
        const { reply, revoked } = await retrieveAll(ctx, link, group);
        ctx.out.write(json ? `${JSON.stringify(listJson(reply, revoked), null, 2)}\n` : formatList(reply, revoked));
        return 0;
      });
    },
  };

  const unload: CommandSpec = {
    name: 'unload',
    usage: 'unload HASH',
    summary:
      'Unload a loaded source: OnDeactivate (if active), its actors end, the highest remaining version becomes active.',
    description: [
      "HASH is the source hash that load and list print. When the source is its group's active one, its",
      'actors get their OnDeactivate messages, then every actor of the source ends, and the highest version',
      'still loaded becomes active (its actors get OnReactivate). An unknown hash is an error.',
    ].join('\n'),
    async run(ctx, args) {
      if (args.length !== 1) throw usageError(unload, 'unload needs exactly one HASH');
      const hash = args[0];
      return withLink(connect, ctx, false, async (link) => {
        const r = await askDirector(link, {
          DirectorOp: 'UnloadSource',
          SourceHash: hash,
          RequestedBy: requester('unload'),
        });
        ctx.out.write(
          `Unloaded "${r.Group}" ${r.SourceHash}${r.Reactivated ? `; active now: ${r.Reactivated}` : ''}\n`,
        );
        return 0;
      });
    },
  };

  const refresh: CommandSpec = {
    name: 'refresh',
    usage: 'refresh',
    summary: 'Load the newest package of every group that has a TLI (starting the daemon if needed).',
    description: [
      'Runs "load GROUP" for every GROUP.tli in the director dir, in name order, and prints one Loaded line',
      'per group. A group whose newest package is loaded already is left as it is. Every group is tried;',
      'the exit code is that of the first failure.',
    ].join('\n'),
    async run(ctx, args) {
      if (args.length !== 0) throw usageError(refresh, 'refresh takes no arguments');
      return withLink(connect, ctx, true, (link) => refreshAll(ctx, link));
    },
  };

  return [load, list, unload, refresh];
}

/** What `list` shows: the Director's RetrieveAll reply without stale groups, and the revoked key ids. */
async function retrieveAll(
  ctx: CommandContext,
  link: DirectorLink,
  group: string | undefined,
): Promise<{ reply: AllAddressesReply; revoked: Set<string> }> {
  const reply = await withoutStaleGroups(
    ctx.directorDir,
    await askDirector(link, {
      DirectorOp: 'RetrieveAll',
      ...(group !== undefined ? { Group: group } : {}),
    }),
  );
  const revoked = new Set((await loadRevocations(ctx.directorDir)).revoked.keys());
  return { reply, revoked };
}

/**
 * `list --json` as data, for the toolchain API: the running daemon's loaded sources (of `group`,
 * or every group). No daemon: DirectorOpError DIRECTOR_NO_DAEMON (none is started).
 */
export function readLoaded(
  ctx: CommandContext,
  group?: string,
  connect: DirectorConnector = defaultConnector,
): Promise<ListReport> {
  return withLink(connect, ctx, false, async (link) => {
    const { reply, revoked } = await retrieveAll(ctx, link, group);
    return listJson(reply, revoked);
  });
}

/**
 * `refresh` as data, for the toolchain API: starts the daemon when none runs, as `refresh` does;
 * resolves with every group's outcome (a failing group's coded error among them), prints nothing.
 */
export function refreshSources(
  ctx: CommandContext,
  connect: DirectorConnector = defaultConnector,
): Promise<RefreshResult> {
  return withLink(connect, ctx, true, (link) => refreshGroups(ctx, link));
}

/** The commands of the Director (load, list, unload, refresh). The composition root (cli/src) registers them. */
export const directorCommands: readonly CommandSpec[] = makeDirectorCommands(defaultConnector);

/**
 * A group with nothing loaded whose TLI was deleted is gone for the operator: list leaves it out
 * (the daemon still knows its definition until it restarts or the TLI comes back).
 */
async function withoutStaleGroups(directorDir: string, reply: AllAddressesReply): Promise<AllAddressesReply> {
  const groups: { [name: string]: AllAddressesReply['Groups'][string] } = {};
  for (const [name, g] of Object.entries(reply.Groups)) {
    if (
      g.Loaded.length === 0 &&
      !(await access(path.join(directorDir, `${name}.tli`)).then(
        () => true,
        () => false,
      ))
    )
      continue;
    groups[name] = g;
  }
  return { ...reply, Groups: groups };
}

/**
 * `load ARG` as data, for the toolchain API: starts the daemon when none runs, as `load` does;
 * resolves with the Director's success reply and the package's path, throws what `load` fails with.
 */
export async function loadSource(
  ctx: CommandContext,
  arg: string,
  connect: DirectorConnector = defaultConnector,
): Promise<Awaited<ReturnType<typeof loadOne>> & Pick<LoadTarget, 'misnamed'>> {
  const resolving = resolveLoadTarget(ctx, arg);
  resolving.catch(() => undefined);
  const r = await withLink(connect, ctx, true, (link) => loadOne(ctx, link, arg, 'load', resolving));
  return { ...r, misnamed: (await resolving).misnamed };
}

/** `unload HASH` as data, for the toolchain API. No daemon: DIRECTOR_NO_DAEMON (none is started). */
export function unloadSource(
  ctx: CommandContext,
  hash: string,
  connect: DirectorConnector = defaultConnector,
): Promise<Extract<SourceUnloadedReply, { Success: true }>> {
  return withLink(connect, ctx, false, (link) =>
    askDirector(link, {
      DirectorOp: 'UnloadSource',
      SourceHash: hash,
      RequestedBy: requester('unload'),
    }),
  );
}
