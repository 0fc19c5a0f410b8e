/**
 * The Convention view: this daemon's place in its convention (admin/status `convention`): its
 * role and capabilities, its members (leader: name, address, capabilities, when each was last
 * heard from) or its leader (member), and, per loaded source, the systems its actors run on (the
 * system part of their addresses). Read when the view shows, on convention events and on daemon
 * changes; the title's refresh reads it again (the heartbeat times are as of the last read).
 */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../constants';
import type { Services } from '../commands/services';
import type { LoopCommands } from '../loop-commands';
import { parseActorAddress } from '../model/talk-input';
import type { AdminClient } from '../../../cli/src/index';
import type { Status } from '../../../runtime/src/protocol/admin-protocol';
import { messageOf } from '../../../runtime/src/protocol/caught';

interface Row {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly children: readonly Row[];
}

const caps = (c: { readonly [k: string]: unknown }): string =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');

export class ConventionView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private rows: Row[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Row>;
  private readonly subs: vscode.Disposable[] = [];
  private client: AdminClient | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly s: Services) {
    this.view = vscode.window.createTreeView(VIEWS.convention, { treeDataProvider: this });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => e.visible && this.schedule()),
      s.state.onDidChange(() => this.schedule()),
    );
  }

  /** The rows last shown, for tests. */
  get shown(): readonly Row[] {
    return this.rows;
  }

  private schedule(): void {
    if (!this.view.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), 200);
  }

  async reload(): Promise<void> {
    if (this.s.state.daemon !== 'running') {
      this.rows = [];
      this.changed.fire();
      return;
    }
    try {
      if (this.client === undefined || this.client.isClosed) {
        const c = await this.s.state.connect('vscode-convention');
        c.onEvent(() => this.schedule());
        await c.subscribe(['convention/']);
        this.client = c;
      }
      this.rows = this.build(await this.client.status());
      this.view.message = undefined;
    } catch (e) {
      this.rows = [];
      this.view.message = `The daemon's convention could not be read: ${messageOf(e)}`;
    }
    this.changed.fire();
  }

  private build(st: Status.Result): Row[] {
    const conv = st.convention;
    if (conv === undefined || conv.role === 'alone') return [];
    const self: Row = {
      id: 'self',
      label: st.systemName,
      description: `${conv.role} · ${caps(st.capabilities)}`,
      tooltip: `this daemon (${conv.role})\ncapabilities: ${caps(st.capabilities)}`,
      icon: 'server',
      children: [],
    };
    const people: Row[] =
      conv.role === 'member'
        ? [
            {
              id: 'leader',
              label: conv.leader ?? '(leader not known yet)',
              description: 'leader',
              icon: 'star-full',
              children: [],
            },
          ]
        : conv.members.map((m) => ({
            id: `member/${m.system}`,
            label: m.system,
            description: `${caps(m.capabilities)}${m.lastHeartbeat !== undefined ? ` · heard ${new Date(m.lastHeartbeat).toLocaleTimeString()}` : ''}`,
            tooltip: `member ${m.system}\naddress ${m.system}\ncapabilities: ${caps(m.capabilities)}\nlast heard from: ${m.lastHeartbeat ?? '?'}`,
            icon: 'vm',
            children: [],
          }));
    const sources: Row[] = (this.s.state.loaded?.groups ?? []).flatMap((g) =>
      g.sources.map((src) => {
        const where = new Map<string, number>();
        for (const a of src.actors) {
          const sys = a.address === null ? undefined : parseActorAddress(a.address)?.system;
          if (sys !== undefined) where.set(sys, (where.get(sys) ?? 0) + 1);
        }
        return {
          id: `source/${src.hash}`,
          label: `${g.group} ${src.version ?? src.hash.slice(0, 12)}`,
          description: [...where.keys()].join(', ') || 'no running actor',
          icon: 'package',
          children: [...where].map(([sys, n]) => ({
            id: `source/${src.hash}/${sys}`,
            label: sys,
            description: `${n} actor${n === 1 ? '' : 's'}${sys === st.systemName ? ' (this daemon)' : ''}`,
            icon: 'symbol-event',
            children: [],
          })),
        };
      }),
    );
    return [
      self,
      {
        id: 'members',
        label: conv.role === 'leader' ? `Members (${conv.members.length})` : 'Leader',
        icon: 'organization',
        children: people,
      },
      { id: 'sources', label: 'Where sources run', icon: 'list-tree', children: sources },
    ];
  }

  getChildren(row?: Row): Row[] {
    return [...(row === undefined ? this.rows : row.children)];
  }

  getTreeItem(row: Row): vscode.TreeItem {
    const t = new vscode.TreeItem(
      row.label,
      row.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    t.id = `convention/${row.id}`;
    if (row.description !== undefined) t.description = row.description;
    if (row.tooltip !== undefined) t.tooltip = row.tooltip;
    t.iconPath = new vscode.ThemeIcon(row.icon);
    return t;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.client?.close();
    for (const x of this.subs) x.dispose();
    this.changed.dispose();
  }
}

export function registerConventionView(s: Services): {
  convention: ConventionView;
  disposables: vscode.Disposable[];
  commands: LoopCommands;
} {
  const convention = new ConventionView(s);
  return {
    convention,
    disposables: [convention],
    commands: { [COMMANDS.reloadConvention]: () => convention.reload() },
  };
}
