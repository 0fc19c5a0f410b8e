/**
 * What `director load ARG` means: the group, its TLI (read, validated, `${env:..}` expanded with
 * the CLI's environment) and the package file to load. `load GROUP-VER.tls` loads exactly that
 * file (the original loaded the newest whatever was named); `load GROUP` and
 * `load GROUP.tli` load the newest.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../../../cli/framework/command';
import { formatDiagnostic } from '../../../config-lang/src/diagnostics';
import type { DefineGroupRequest } from '../protocol/director-messages';
import { groupNameProblem } from '../protocol/group-name';
import { parsePackageFileName } from '../protocol/package-name';
import { expandTliEnv, validateTli } from '../../../config-lang/src/tli';
import { signedGroupPackages, type MisnamedPackage } from '../authority/signed-identity';
import { DirectorOpError } from './director-error';
import { messageOf } from '../protocol/caught';

export interface LoadTarget {
  readonly group: string;
  readonly tliFile: string;
  /** DefineGroup built from the TLI, env references expanded. */
  readonly define: DefineGroupRequest;
  /** Absolute path of the package to load; null when the group has no package (an error after DefineGroup). */
  readonly packageFile: string | null;
  /** Files named as the group's packages whose signed name differs: never picked, reported (TLS_NAME_MISMATCH). */
  readonly misnamed: readonly MisnamedPackage[];
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Package files of `group` in `dir`, newest SIGNED version first (absolute paths); misnamed copies left out. */
export async function groupPackages(dir: string, group: string): Promise<string[]> {
  return [...(await signedGroupPackages(dir, group)).packages];
}

/** Groups with a `.tli` in `dir`, sorted by name. */
export async function tliGroups(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new DirectorOpError(
      'DIRECTOR_UNKNOWN_GROUP',
      `cannot read the director dir ${dir}: ${messageOf(e)}; set THESPIAN_DIRECTOR_DIR`,
    );
  }
  return names
    .filter((n) => n.endsWith('.tli'))
    .map((n) => n.slice(0, -4))
    .filter((g) => groupNameProblem(g) === undefined)
    .sort();
}

export async function resolveLoadTarget(
  ctx: Pick<CommandContext, 'directorDir' | 'cwd' | 'env'>,
  arg: string,
): Promise<LoadTarget> {
  const dir = ctx.directorDir;
  let group: string;
  let packageFile: string | null | undefined;
  const base = path.basename(arg);
  if (base.endsWith('.tls')) {
    const parsed = parsePackageFileName(base);
    if (!parsed) {
      throw new DirectorOpError(
        'DIRECTOR_PACKAGE_NOT_FOUND',
        `"${arg}" is not a package file name: use GROUP-VERSION.tls or GROUP.tls`,
      );
    }
    group = parsed.group;
    // As given (relative to the current folder), else in the director dir.
    const given = path.resolve(ctx.cwd, arg);
    const inDir = path.join(dir, base);
    packageFile = (await exists(given)) ? given : (await exists(inDir)) ? inDir : undefined;
    if (packageFile === undefined) {
      throw new DirectorOpError(
        'DIRECTOR_PACKAGE_NOT_FOUND',
        `the package file "${arg}" does not exist (looked at ${given} and ${inDir}); "director avail" lists the packages`,
      );
    }
  } else {
    group = base.endsWith('.tli') ? base.slice(0, -4) : arg;
    const problem = groupNameProblem(group);
    if (problem) throw new DirectorOpError('DIRECTOR_BAD_GROUP_NAME', problem);
  }
  const tliFile = path.join(dir, `${group}.tli`);
  let text: string;
  try {
    text = await readFile(tliFile, 'utf8');
  } catch {
    throw new DirectorOpError(
      'DIRECTOR_UNKNOWN_GROUP',
      `group "${group}" has no TLI file: ${tliFile} does not exist; put ${group}.tli beside its packages in ${dir}`,
    );
  }
  const define = defineFromTli(group, tliFile, text, ctx.env);
  let misnamed: readonly MisnamedPackage[] = [];
  if (packageFile === undefined) {
    const found = await signedGroupPackages(dir, group);
    packageFile = found.packages[0] ?? null;
    misnamed = found.misnamed;
  }
  return { group, tliFile, define, packageFile, misnamed };
}

/** Validate the TLI text (errors as file:line:column) and build the DefineGroup request. */
export function defineFromTli(
  group: string,
  tliFile: string,
  text: string,
  env: CommandContext['env'],
): DefineGroupRequest {
  const result = validateTli(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.tli || errors.length > 0) {
    const lines = errors.map((d) => `  ${formatDiagnostic(tliFile, d)}`).join('\n');
    throw new DirectorOpError(
      'DIRECTOR_TLI_INVALID',
      `the TLI of group "${group}" has ${errors.length} error(s); fix them and load again:\n${lines}`,
      {
        data: { file: tliFile, diagnostics: errors },
      },
    );
  }
  const tli = expandTliEnv(result.tli, env);
  const define: DefineGroupRequest = { DirectorOp: 'DefineGroup', Group: group, Actors: tli.Actors };
  return {
    ...define,
    ...(tli.AutoUnload !== undefined ? { AutoUnload: tli.AutoUnload } : {}),
    ...(tli.TLS_Keep_Limit !== undefined ? { TLS_Keep_Limit: tli.TLS_Keep_Limit } : {}),
    ...(tli.TLS_Memory_MiB !== undefined ? { TLS_Memory_MiB: tli.TLS_Memory_MiB } : {}),
  };
}
