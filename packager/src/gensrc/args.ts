/** gensrc's command line: `GROUP PRIVATE_KEYFILE SOURCES_DIR [version:V|version:date] [deps:FILE] [tli:FILE] SRC...` */
import { groupNameProblem } from '../../../runtime/src/protocol/group-name';
import { versionProblem } from '../../../runtime/src/protocol/package-name';
import { usageError } from '../../../cli/framework/cli-error';
import { PackagerError } from '../errors';

/** For usage messages (the CommandSpec itself lives in ./command). */
export const GENSRC_SPEC = {
  name: 'gensrc',
  usage: 'gensrc GROUP PRIVATE_KEYFILE SOURCES_DIR [version:V | version:date] [deps:FILE] [tli:FILE] [maps:yes] SRC...',
} as const;

export interface GensrcArgs {
  readonly group: string;
  readonly keyFile: string;
  readonly sourcesDir: string;
  /** `date` is already replaced by the local YYYYMMDDHHMM; null: no version. */
  readonly version: string | null;
  readonly depsFile?: string;
  readonly tliFile?: string;
  /** `maps:yes`: each transpiled file's source map goes into the package beside it (for debugging). */
  readonly sourceMaps?: boolean;
  readonly patterns: readonly string[];
}

const OPTIONS = ['version', 'deps', 'tli', 'maps'] as const;
type OptionName = (typeof OPTIONS)[number];

/** `YYYYMMDDHHMM` in local time, as the original's version:date. */
export function dateVersion(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(now.getFullYear(), 4)}${p(now.getMonth() + 1)}${p(now.getDate())}${p(now.getHours())}${p(now.getMinutes())}`;
}

/**
 * Options are recognised only before the first source pattern, as in the original; a word
 * after that is a pattern even if it looks like `name:value`.
 */
export function parseGensrcArgs(args: readonly string[], now: () => Date = () => new Date()): GensrcArgs {
  if (args.length < 3) {
    throw usageError(
      GENSRC_SPEC,
      `gensrc needs GROUP, PRIVATE_KEYFILE and SOURCES_DIR before the sources (got ${args.length} argument${args.length === 1 ? '' : 's'})`,
    );
  }
  const [group, keyFile, sourcesDir] = args as [string, string, string];
  // The group is checked before the options, so a bad group is named first; checkGensrcArgs below
  // checks it again with the sources and the version, as for the toolchain's gensrc().
  const groupProblem = groupNameProblem(group);
  if (groupProblem !== undefined) throw new PackagerError('GROUP_NAME_INVALID', groupProblem, { data: { group } });
  const opts: Partial<Record<OptionName, string>> = {};
  let i = 3;
  for (; i < args.length; i++) {
    const a = args[i];
    const m = /^([a-z]+):(.*)$/s.exec(a);
    if (m === null) break;
    const name = m[1];
    if (name === 'fmt') {
      throw new PackagerError(
        'GENSRC_BAD_OPTION',
        `${a}: there is one package format, so fmt: is not accepted. Leave it out.`,
      );
    }
    if (!(OPTIONS as readonly string[]).includes(name)) break;
    const key = name as OptionName;
    if (opts[key] !== undefined) throw new PackagerError('GENSRC_BAD_OPTION', `${key}: is given twice; give it once.`);
    if (m[2] === '')
      throw new PackagerError(
        'GENSRC_BAD_OPTION',
        `${key}: needs a value, e.g. ${key === 'version' ? 'version:1.2 or version:date' : `${key}:FILE`}.`,
      );
    opts[key] = m[2]!;
  }
  const checked = checkGensrcArgs(
    {
      group,
      keyFile,
      sourcesDir,
      version: opts.version ?? null,
      ...(opts.deps !== undefined ? { depsFile: opts.deps } : {}),
      ...(opts.tli !== undefined ? { tliFile: opts.tli } : {}),
      patterns: args.slice(i),
    },
    now,
  );
  if (opts.maps !== undefined && opts.maps !== 'yes' && opts.maps !== 'no') {
    throw new PackagerError(
      'GENSRC_BAD_OPTION',
      `maps:${opts.maps}: say maps:yes (source maps in the package, for debugging) or maps:no (the default).`,
    );
  }
  return opts.maps === 'yes' ? { ...checked, sourceMaps: true } : checked;
}

/**
 * The checks of parseGensrcArgs for choices held as data (the toolchain's `gensrc()`): the same
 * codes for a bad group, a bad version or no sources; `version: 'date'` becomes the local
 * YYYYMMDDHHMM.
 */
export function checkGensrcArgs(a: GensrcArgs, now: () => Date = () => new Date()): GensrcArgs {
  const groupProblem = groupNameProblem(a.group);
  if (groupProblem !== undefined)
    throw new PackagerError('GROUP_NAME_INVALID', groupProblem, { data: { group: a.group } });
  if (a.patterns.length === 0)
    throw new PackagerError('GENSRC_NO_SOURCES', 'Missing required gensrc command arguments');
  if (a.version === null) return a;
  const version = a.version === 'date' ? dateVersion(now()) : a.version;
  const problem = versionProblem(version);
  if (problem !== undefined) throw new PackagerError('VERSION_INVALID', problem, { data: { version } });
  return { ...a, version };
}
