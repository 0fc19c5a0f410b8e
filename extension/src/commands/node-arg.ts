/** Context-menu commands get the clicked TreeNode; palette ones get nothing. */
import type { NodeData, TreeNode } from '../model/tree-node';

export function nodeData(arg: unknown): NodeData | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const data = (arg as Partial<TreeNode>).data;
  return typeof data === 'object' && data !== null && typeof (data as { kind?: unknown }).kind === 'string'
    ? data
    : undefined;
}
