/**
 * Turns the pure models' TreeNodes into TreeItems, one to one. Holds the current roots only;
 * the models rebuild them, and the stable ids let VS Code keep what the user expanded.
 */
import * as vscode from 'vscode';
import { findParent, type TreeNode } from '../model/tree-node';

export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private roots: readonly TreeNode[] = [];
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  /** Which kinds start expanded the first time they are shown. */
  constructor(private readonly expandKinds: ReadonlySet<string>) {}

  setRoots(roots: readonly TreeNode[]): void {
    this.roots = roots;
    this.emitter.fire(undefined);
  }

  getRoots(): readonly TreeNode[] {
    return this.roots;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return [...(node === undefined ? this.roots : node.children)];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return findParent(this.roots, node.id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : this.expandKinds.has(node.contextValue)
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.contextValue = node.contextValue;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.icon !== undefined)
      item.iconPath = new vscode.ThemeIcon(
        node.icon,
        node.iconColor === undefined ? undefined : new vscode.ThemeColor(node.iconColor),
      );
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
