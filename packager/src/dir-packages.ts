/** The packages and groups present in a director dir, for avail, gensrc's pruning and tlsinfo. */
import { readdir } from 'node:fs/promises';
import { isGroupName } from '../../runtime/src/protocol/group-name';
import { parsePackageFileName } from '../../runtime/src/protocol/package-name';
import { sortNewestFirst } from '../../runtime/src/protocol/version-order';

export interface DirListing {
  /** Group names with a `GROUP.tli`, sorted by name. */
  readonly tliGroups: readonly string[];
  /** Group → its package file names, newest first. */
  readonly packages: ReadonlyMap<string, readonly string[]>;
  /** `.tli` files whose name is not a valid group name (`my-app.tli`): no load can use them. */
  readonly invalidTli: readonly string[];
}

export async function listDirectorDir(directorDir: string): Promise<DirListing> {
  let names: string[];
  try {
    names = await readdir(directorDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { tliGroups: [], packages: new Map(), invalidTli: [] };
    throw e;
  }
  names.sort();
  const tlis = names.filter((n) => n.endsWith('.tli') && n.length > 4);
  const tliGroups = tlis.map((n) => n.slice(0, -4)).filter((g) => isGroupName(g));
  const invalidTli = tlis.filter((n) => !isGroupName(n.slice(0, -4)));
  const byGroup = new Map<string, string[]>();
  for (const n of names) {
    const p = parsePackageFileName(n);
    if (p === undefined) continue;
    const list = byGroup.get(p.group) ?? [];
    list.push(n);
    byGroup.set(p.group, list);
  }
  const packages = new Map<string, readonly string[]>();
  for (const [g, files] of [...byGroup].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    packages.set(g, sortNewestFirst(g, files));
  return { tliGroups, packages, invalidTli };
}
