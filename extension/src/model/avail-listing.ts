/**
 * What the Available view shows: the director dir's groups and their package files, newest
 * first. Built from the toolchain's typed `avail()` report (availListingOf), or from file names
 * alone (buildAvailListing, for tests and views that have no hashes) — the same shape either way.
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
      const order = sortNewestFirst(
        group,
        list.map((p) => p.file),
      );
      return {
        group,
        tliPath: tli.has(group) ? join(directorDir, `${group}.tli`) : null,
        packages: order.map((f) => list.find((p) => p.file === f)!),
      };
    }),
  };
}

/**
 * What the toolchain's `avail()` returns, as far as the view reads it: the package's
 * `AvailReport` (restated here because this pure model imports no package code; the adapter
 * passes the typed report and the compiler checks that the two agree).
 */
export interface AvailedReport {
  readonly directorDir: string;
  /** Group → packages, newest first; every group with a .tli. */
  readonly groups: {
    readonly [group: string]: readonly {
      readonly file: string;
      readonly version: string | null;
      readonly sourceHash: string;
    }[];
  };
  /** Groups that have packages but no .tli. */
  readonly groupsWithoutTli: {
    readonly [group: string]: readonly {
      readonly file: string;
      readonly version: string | null;
      readonly sourceHash: string;
    }[];
  };
}

/** The Available view's listing from the typed avail report: groups sorted by name, packages as given (newest first). */
export function availListingOf(report: AvailedReport): AvailListing {
  const dir = report.directorDir;
  const group = (name: string, tli: boolean, pkgs: AvailedReport['groups'][string]): AvailGroup => ({
    group: name,
    tliPath: tli ? join(dir, `${name}.tli`) : null,
    packages: pkgs.map((p) => ({ file: p.file, path: join(dir, p.file), version: p.version, hash: p.sourceHash })),
  });
  const groups = [
    ...Object.entries(report.groups).map(([name, pkgs]) => group(name, true, pkgs)),
    ...Object.entries(report.groupsWithoutTli).map(([name, pkgs]) => group(name, false, pkgs)),
  ];
  return { directorDir: dir, groups: groups.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)) };
}
