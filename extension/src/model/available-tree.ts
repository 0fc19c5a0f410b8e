/**
 * The Available view: groups → package files (newest first), each marked loaded / active from
 * the Loaded state, with its hash. Pure: listing in, nodes out.
 */
import type { AvailListing } from './avail-listing';
import { CONTEXT } from './context-values';
import { loadedHashes, type LoadedState } from './loaded-state';
import type { NodeData, TreeNode } from './tree-node';

function activeOf(
  packages: AvailListing['groups'][number]['packages'],
  marks: ReadonlyMap<string, 'active' | 'loaded'>,
): string[] {
  const a = packages.find((p) => p.hash !== '' && marks.get(p.hash) === 'active');
  return a === undefined ? [] : [`active: ${a.version ?? a.file}`];
}

type AvailGroup = AvailListing['groups'][number];

/** What a package file's node (in the Available view or a quick pick) carries to the commands. */
export function packageData(g: AvailGroup, p: AvailGroup['packages'][number]): NodeData {
  return {
    kind: 'package',
    group: g.group,
    file: p.file,
    path: p.path,
    version: p.version,
    hash: p.hash,
    tliPath: g.tliPath,
  };
}

export function availableTree(listing: AvailListing, loaded?: LoadedState): TreeNode[] {
  const marks = loadedHashes(loaded);
  return listing.groups.map((g): TreeNode => {
    const groupId = `avail/${g.group}`;
    const children = g.packages.map((p): TreeNode => {
      const mark = p.hash === '' ? undefined : marks.get(p.hash);
      const state = mark === 'active' ? 'ACTIVE' : mark === 'loaded' ? 'loaded' : undefined;
      const shortHash = p.hash.slice(0, 12);
      return {
        id: `${groupId}/${p.file}`,
        label: p.version ?? '(no version)',
        description: [state, shortHash].filter((s) => s !== undefined && s !== '').join(' · '),
        tooltip: `${p.path}\nhash ${p.hash === '' ? 'unknown' : p.hash}${state === undefined ? '' : `\n${state}`}`,
        contextValue:
          mark === 'active' ? CONTEXT.packageActive : mark === 'loaded' ? CONTEXT.packageLoaded : CONTEXT.package,
        icon: mark === 'active' ? 'pass-filled' : mark === 'loaded' ? 'circle-filled' : 'package',
        children: [],
        data: packageData(g, p),
      };
    });
    const problems = g.tliPath === null ? 'no .tli' : g.packages.length === 0 ? 'no .tls' : undefined;
    return {
      id: groupId,
      label: g.group,
      description: problems ?? `${g.packages.length} version${g.packages.length === 1 ? '' : 's'}`,
      tooltip: [
        `Group ${g.group}`,
        g.tliPath === null ? `no ${g.group}.tli in ${listing.directorDir}` : `TLI: ${g.tliPath}`,
        g.packages.length === 0
          ? 'no packages yet'
          : `${g.packages.length} version${g.packages.length === 1 ? '' : 's'}, newest ${g.packages[0].version ?? '(no version)'}`,
        ...activeOf(g.packages, marks),
      ].join('\n'),
      contextValue: CONTEXT.availGroup,
      icon: 'symbol-namespace',
      children,
      data: { kind: 'availGroup', group: g.group, tliPath: g.tliPath },
    };
  });
}
