/**
 * What the Available view shows: the director dir's groups and their package files, newest
 * first. Built either from `director avail --json` (decodeAvailJson) or, when that output is not
 * available, from the dir's file names (buildAvailListing) — the same shape either way.
 */
import { parsePackageFileName } from '../../../runtime/src/protocol/package-name';
import { sortNewestFirst } from '../../../runtime/src/protocol/version-order';

export interface AvailPackage {
  /** File name inside the director dir, e.g. `foo-1.2.tls`. */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  readonly version: string | null;
  /** Source hash: the first 32 hex digits of the file's SHA-256. */
  readonly hash: string;
}

export interface AvailGroup {
  readonly group: string;
  /** Absolute path of `GROUP.tli`, or null when the group has packages but no TLI. */
  readonly tliPath: string | null;
  /** Newest first. */
  readonly packages: readonly AvailPackage[];
}

export interface AvailListing {
  readonly directorDir: string;
  /** Sorted by group name. */
  readonly groups: readonly AvailGroup[];
}

/** One file of the director dir, with its hash when it is a package (the adapter reads it). */
export interface DirEntry {
  readonly name: string;
  readonly hash?: string;
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}

/** Groups from `GROUP.tli` and `GROUP[-VERSION].tls` names; other files are ignored. */
export function buildAvailListing(directorDir: string, entries: readonly DirEntry[]): AvailListing {
  const tli = new Set<string>();
  const packages = new Map<string, AvailPackage[]>();
  for (const e of entries) {
    if (e.name.endsWith('.tli')) {
      const group = e.name.slice(0, -4);
      if (parsePackageFileName(`${group}.tls`)?.version === null) tli.add(group);
      continue;
    }
    const parsed = parsePackageFileName(e.name);
    if (parsed === undefined) continue;
    const list = packages.get(parsed.group) ?? [];
    list.push({ file: e.name, path: join(directorDir, e.name), version: parsed.version, hash: e.hash ?? '' });
    packages.set(parsed.group, list);
  }
  const names = [...new Set([...tli, ...packages.keys()])].sort();
  return {
    directorDir,
    groups: names.map((group) => {
      const list = packages.get(group) ?? [];
      const order = sortNewestFirst(group, list.map((p) => p.file));
      return {
        group,
        tliPath: tli.has(group) ? join(directorDir, `${group}.tli`) : null,
        packages: order.map((f) => list.find((p) => p.file === f)!),
      };
    }),
  };
}
