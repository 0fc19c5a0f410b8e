/**
 * avail: the packages of each group, newest first, with their source hashes. Groups are the
 * `*.tli` files, sorted by name (the original used directory order). Packages of a group without
 * a .tli are listed too, after a note, because `load` will refuse them until the TLI exists.
 */
import path from 'node:path';
import type { CommandContext, CommandSpec } from '../../../cli/framework/command';
import { packageFileName, parsePackageFileName } from '../../../runtime/src/protocol/package-name';
import { identityOfHeader, readRegularFile } from '../../../runtime/src/authority/index';
import { sourceHashOf } from '../../../runtime/src/util/source-hash';
import { listDirectorDir } from '../dir-packages';
import { usageError } from '../../../cli/framework/cli-error';

export interface AvailPackage {
  readonly file: string;
  /** The signed version (the name's when the statement cannot be read). */
  readonly version: string | null;
  readonly sourceHash: string;
  /** Set when the file's name is not the one its signed statement gives it: load refuses it. */
  readonly problem?: { readonly code: 'TLS_NAME_MISMATCH'; readonly signedName: string };
}

export interface AvailReport {
  readonly directorDir: string;
  /** Group → packages, newest first; every group with a .tli, in name order. */
  readonly groups: { readonly [group: string]: readonly AvailPackage[] };
  /** Groups that have packages but no .tli. */
  readonly groupsWithoutTli: { readonly [group: string]: readonly AvailPackage[] };
  /** `.tli` files ignored because their name is not a valid group name. */
  readonly ignoredTli: readonly string[];
}

export async function availReport(directorDir: string): Promise<AvailReport> {
  const listing = await listDirectorDir(directorDir);
  const describe = async (files: readonly string[]): Promise<AvailPackage[]> =>
    Promise.all(
      files.map(async (file): Promise<AvailPackage> => {
        const bytes = await readRegularFile(path.join(directorDir, file), 1024 * 1024 * 1024).catch(
          () => new Uint8Array(0),
        ); // never a FIFO
        const id = identityOfHeader(bytes);
        const signedName = id === null ? file : packageFileName(id.group, id.version);
        return {
          file,
          version: id === null ? parsePackageFileName(file)!.version : id.version,
          sourceHash: sourceHashOf(bytes),
          ...(signedName === file ? {} : { problem: { code: 'TLS_NAME_MISMATCH' as const, signedName } }),
        };
      }),
    );
  const groups: { [g: string]: AvailPackage[] } = {};
  for (const g of listing.tliGroups) groups[g] = await describe(listing.packages.get(g) ?? []);
  const groupsWithoutTli: { [g: string]: AvailPackage[] } = {};
  for (const [g, files] of listing.packages)
    if (!listing.tliGroups.includes(g)) groupsWithoutTli[g] = await describe(files);
  return { directorDir, groups, groupsWithoutTli, ignoredTli: listing.invalidTli };
}

/** The guide's layout: `group: file    hash`, continuation lines `+` under the `:`. */
export function formatAvail(r: AvailReport): string {
  const lines = [`THESPIAN_DIRECTOR_DIR=${r.directorDir}`];
  const width = Math.max(
    0,
    ...[...Object.values(r.groups), ...Object.values(r.groupsWithoutTli)].flat().map((p) => p.file.length),
  );
  const block = (g: string, pkgs: readonly AvailPackage[]): void => {
    if (pkgs.length === 0) {
      lines.push(`${g}: `);
      return;
    }
    pkgs.forEach((p, i) => {
      const flag =
        p.problem === undefined ? '' : `    # ${p.problem.code}: signed as ${p.problem.signedName}, load refuses it`;
      lines.push(`${i === 0 ? `${g}:` : `${' '.repeat(g.length)}+`} ${p.file.padEnd(width)}    ${p.sourceHash}${flag}`);
    });
  };
  for (const [g, pkgs] of Object.entries(r.groups)) block(g, pkgs);
  const orphans = Object.entries(r.groupsWithoutTli);
  if (orphans.length > 0) {
    lines.push(`# packages without a GROUP.tli (load refuses them until it exists):`);
    for (const [g, pkgs] of orphans) block(g, pkgs);
  }
  for (const f of r.ignoredTli)
    lines.push(
      `# ${f} ignored: ${JSON.stringify(f.slice(0, -4))} is not a valid group name (letters, digits and _ only)`,
    );
  return lines.join('\n') + '\n';
}

export async function avail(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  if (rest.length > 0) throw usageError(availCommand, `avail takes no arguments but --json (got ${rest.join(' ')})`);
  const r = await availReport(ctx.directorDir);
  ctx.out.write(json ? JSON.stringify(r, null, 2) + '\n' : formatAvail(r));
  return 0;
}

export const availCommand: CommandSpec = {
  name: 'avail',
  usage: 'avail [--json]',
  summary: 'Shows all available loadable sources and hashes by group, most recent first.',
  description: [
    'For each group (each GROUP.tli in $THESPIAN_DIRECTOR_DIR, by name), its packages from the',
    'newest version to the oldest, each with its source hash (the first 32 hex digits of the',
    "file's SHA-256, the hash load and list show). A group with a .tli but no package prints",
    '"GROUP: " alone. Packages whose group has no .tli are listed last, under a # note.',
    'A .tli whose name is not a valid group name (my-app.tli) is named in a last # line.',
    'A package whose name is not the one its signed statement gives it is flagged',
    '"# TLS_NAME_MISMATCH: signed as NAME"; load and refresh refuse it.',
    '--json prints { directorDir, groups: { GROUP: [{ file, version, sourceHash, problem? }] }, groupsWithoutTli, ignoredTli }.',
  ].join('\n'),
  run: avail,
};
