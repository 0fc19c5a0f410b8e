/**
 * The node both sidebar views are made of: plain data, no `vscode` import, so the models that
 * build them are tested with node:test alone. The adapter (src/views) turns a node into a
 * TreeItem one to one: `id` becomes the item id (stable across refreshes, so expansion
 * survives), `contextValue` drives the menus (`view == … && viewItem == …`).
 */

/** What a node stands for: the data the context-menu commands act on. */
export type NodeData =
  | { readonly kind: 'availGroup'; readonly group: string; readonly tliPath: string | null }
  | {
      readonly kind: 'package';
      readonly group: string;
      readonly file: string;
      readonly path: string;
      readonly version: string | null;
      readonly hash: string;
      readonly tliPath: string | null;
    }
  | { readonly kind: 'loadedGroup'; readonly group: string }
  | {
      readonly kind: 'source';
      readonly group: string;
      readonly hash: string;
      readonly version: string | null;
      readonly path: string | null;
      readonly active: boolean;
    }
  | {
      readonly kind: 'actor';
      readonly group: string;
      readonly hash: string;
      readonly actorClass: string;
      readonly role: string | null;
      readonly address: string | null;
    }
  | { readonly kind: 'message' };

export type NodeKind = NodeData['kind'];

export interface TreeNode {
  /** Unique in its view and the same for the same thing after every rebuild. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** Menus filter on this (`viewItem == …`); see CONTEXT in context-values.ts. */
  readonly contextValue: string;
  /** A codicon name (`package`, `pass-filled`…), without `$()`. */
  readonly icon?: string;
  /** A theme colour id for the icon (`list.errorForeground` for failures). */
  readonly iconColor?: string;
  readonly children: readonly TreeNode[];
  readonly data: NodeData;
}

/** Depth-first search by id; the adapter uses it for `getParent`/reveal. */
export function findNode(roots: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const n of roots) {
    if (n.id === id) return n;
    const inner = findNode(n.children, id);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** The parent of the node with `id`, or undefined for a root (or an unknown id). */
export function findParent(roots: readonly TreeNode[], id: string, parent?: TreeNode): TreeNode | undefined {
  for (const n of roots) {
    if (n.id === id) return parent;
    const inner = findParent(n.children, id, n);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
