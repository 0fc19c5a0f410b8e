/**
 * The Keys view: the director dir's public keys (key id, algorithm, strength) and, under each,
 * the packages it verifies. Read when the view is visible and the director dir's packages change
 * (coalesced), and by "Reload Keys".
 */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../constants';
import type { Services } from '../commands/services';
import type { LoopCommands } from '../loop-commands';
import { loadHost } from '../host-loader';
import type { KeyInfo } from '../../../cli/src/index';
import { messageOf } from '../../../runtime/src/protocol/caught';

type Item = { readonly key: KeyInfo } | { readonly pkg: string; readonly parent: KeyInfo };

export class KeysView implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private keys: KeyInfo[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Item>;
  private readonly subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastAvailable: unknown;

  constructor(private readonly s: Services) {
    this.view = vscode.window.createTreeView(VIEWS.keys, { treeDataProvider: this });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => e.visible && this.schedule()),
      s.state.onDidChange(() => {
        if (s.state.available === this.lastAvailable) return;
        this.lastAvailable = s.state.available;
        this.schedule();
      }),
    );
  }

  /** The keys last shown, for tests. */
  get shown(): readonly KeyInfo[] {
    return this.keys;
  }

  private schedule(): void {
    if (!this.view.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), 200);
  }

  async reload(): Promise<void> {
    try {
      this.keys = await loadHost().describeKeys({ directorDir: this.s.settings().directorDir });
      this.view.message = undefined;
    } catch (e) {
      this.keys = [];
      this.view.message = `The keys of the director dir could not be read: ${messageOf(e)}`;
    }
    this.changed.fire();
  }

  getChildren(item?: Item): Item[] {
    if (item === undefined) return this.keys.map((key) => ({ key }));
    return 'key' in item ? item.key.signed.map((pkg) => ({ pkg, parent: item.key })) : [];
  }

  getTreeItem(item: Item): vscode.TreeItem {
    if ('pkg' in item) {
      const t = new vscode.TreeItem(item.pkg, vscode.TreeItemCollapsibleState.None);
      t.iconPath = new vscode.ThemeIcon('package');
      t.id = `keys/${item.parent.name}/${item.pkg}`;
      return t;
    }
    const k = item.key;
    const t = new vscode.TreeItem(
      k.name,
      k.signed.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    t.id = `keys/${k.name}`;
    const scope = k.groups === null ? 'any group' : `groups: ${k.groups.join(', ') || 'none'}`;
    t.description = [
      k.revoked ? 'REVOKED' : undefined,
      k.algorithm,
      k.strength,
      k.keyId === null ? undefined : `id ${k.keyId.slice(0, 12)}`,
      k.problem,
      scope,
      `${k.signed.length} package${k.signed.length === 1 ? '' : 's'}`,
    ]
      .filter((x) => x !== undefined)
      .join(' · ');
    t.tooltip = `${k.file}\nkey id ${k.keyId ?? '?'}\n${k.algorithm}, ${k.strength}${k.problem !== undefined ? `\nnot usable: ${k.problem}` : ''}\nmay sign: ${scope}${k.revoked ? '\nrevoked in revoked_keys.cfg: packages it signed are refused' : ''}\nverifies: ${k.signed.join(', ') || 'no package here'}`;
    t.iconPath = new vscode.ThemeIcon(
      k.problem !== undefined || k.revoked ? 'warning' : 'key',
      k.revoked ? new vscode.ThemeColor('errorForeground') : undefined,
    );
    return t;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const x of this.subs) x.dispose();
    this.changed.dispose();
  }
}

export function registerKeysView(s: Services): {
  keys: KeysView;
  disposables: vscode.Disposable[];
  commands: LoopCommands;
} {
  const keys = new KeysView(s);
  return { keys, disposables: [keys], commands: { [COMMANDS.reloadKeys]: () => keys.reload() } };
}
