/**
 * The "Thespian Director: Records" log channel: the daemon's and every actor's log records,
 * streamed live over the admin link (a subscription to the `log/` event family; no file is
 * read). It is a LogOutputChannel, so VS Code's level filter applies. The last records are kept
 * so that "Show Logs" on an actor or a source opens them, filtered to its address, in a read-only
 * document that follows new records.
 */
import * as vscode from 'vscode';
import { COMMANDS, RECORDS_CHANNEL } from '../constants';
import type { AdminClient } from '../../../cli/src/index';
import type { LogRecordEvent } from '../../../runtime/src/protocol/admin-protocol';
import { recordLine, recordMatches, type RecordFilter } from '../model/record-filter';
import { nodeData } from '../commands/node-arg';
import type { Services } from '../commands/services';
import type { LoopCommands } from '../loop-commands';
import { messageOf } from '../../../runtime/src/protocol/caught';

const KEEP = 5_000;
const SCHEME = 'thespian-records';
/** The channel's method for a record's level (VS Code's level filter then applies). */
const CHANNEL_LEVEL = { debug: 'debug', info: 'info', warning: 'warn', error: 'error' } as const satisfies Record<
  LogRecordEvent['level'],
  'debug' | 'info' | 'warn' | 'error'
>;

export class RecordsChannel implements vscode.Disposable, vscode.TextDocumentContentProvider {
  readonly channel = vscode.window.createOutputChannel(RECORDS_CHANNEL, { log: true });
  private readonly kept: LogRecordEvent[] = [];
  private readonly filters = new Map<string, RecordFilter>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private client: AdminClient | undefined;
  private connecting = false;
  private disposed = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly s: Services) {
    this.subs.push(
      s.state.onDidChange(() => void this.connect()),
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
    );
    void this.connect();
  }

  /** Records received so far (newest last), for tests. */
  get records(): readonly LogRecordEvent[] {
    return this.kept;
  }

  private async connect(): Promise<void> {
    if (this.client !== undefined || this.connecting || this.disposed || this.s.state.daemon !== 'running') return;
    this.connecting = true;
    try {
      const c = await this.s.state.connect('vscode-records');
      if (this.disposed) return c.close();
      this.client = c;
      c.onEvent((e) => {
        if (e.kind === 'log/record') this.add(e.data as LogRecordEvent);
      });
      await c.subscribe(['log/']);
      this.channel.info(`streaming the log records of the daemon at ${c.address}`);
      void c.closed.then(() => {
        if (this.client === c) this.client = undefined;
      });
    } catch (e) {
      this.s.log.warn(`could not subscribe to the daemon's log records: ${messageOf(e)}`);
    } finally {
      this.connecting = false;
    }
  }

  private add(r: LogRecordEvent): void {
    this.kept.push(r);
    if (this.kept.length > KEEP) this.kept.splice(0, this.kept.length - KEEP);
    this.channel[CHANNEL_LEVEL[r.level]](`${r.name}: ${r.text}`);
    for (const [key, f] of this.filters)
      if (recordMatches(r, f)) this.changed.fire(vscode.Uri.from({ scheme: SCHEME, path: `/${key}.log` }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const f = this.filters.get(uri.path.replace(/^\//, '').replace(/\.log$/, ''));
    if (f === undefined) return 'This filter is gone; use "Show Logs" again.\n';
    const lines = this.kept.filter((r) => recordMatches(r, f)).map(recordLine);
    return `# ${f.title}: ${lines.length} record(s), newest last; follows new records\n${lines.join('\n')}\n`;
  }

  /** "Show Logs" on an actor or a source; from the palette, the whole channel. */
  async show(arg?: unknown): Promise<vscode.TextDocument | undefined> {
    let d = nodeData(arg);
    if (d === undefined) {
      // From the palette: every record, or one running actor's.
      const actors = (this.s.state.loaded?.groups ?? []).flatMap((g) =>
        g.sources.flatMap((src) =>
          src.actors.flatMap((a) =>
            a.address === null
              ? []
              : [
                  {
                    label: a.role ?? a.actorClass,
                    description: `${g.group} ${src.version ?? ''}${src.active ? ' ACTIVE' : ''}`,
                    detail: a.address,
                    data: {
                      kind: 'actor' as const,
                      group: g.group,
                      hash: src.hash,
                      actorClass: a.actorClass,
                      role: a.role,
                      address: a.address,
                    },
                  },
                ],
          ),
        ),
      );
      const picked = await vscode.window.showQuickPick(
        [{ label: 'All records', description: RECORDS_CHANNEL, data: undefined }, ...actors],
        { title: 'Show the log records of…', matchOnDescription: true },
      );
      if (picked === undefined) return undefined;
      d = picked.data;
    }
    let f: RecordFilter | undefined;
    if (d?.kind === 'actor' && d.address !== null)
      f = { title: `${d.role ?? d.actorClass} ${d.address}`, addresses: [d.address] };
    if (d?.kind === 'source') {
      const src = this.s.state.loaded?.groups.find((g) => g.group === d.group)?.sources.find((x) => x.hash === d.hash);
      f = {
        title: `${d.group} ${d.version ?? d.hash.slice(0, 12)}`,
        addresses: (src?.actors ?? []).flatMap((a) => (a.address === null ? [] : [a.address])),
        hash: d.hash,
      };
    }
    if (f === undefined) {
      this.channel.show(true);
      return undefined;
    }
    const key = encodeURIComponent(f.title).replace(/%/g, '_');
    this.filters.set(key, f);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: `/${key}.log` }));
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }

  dispose(): void {
    this.disposed = true;
    this.client?.close();
    for (const x of this.subs) x.dispose();
    this.changed.dispose();
    this.channel.dispose();
  }
}

export function registerRecords(s: Services): {
  records: RecordsChannel;
  disposables: vscode.Disposable[];
  commands: LoopCommands;
} {
  const records = new RecordsChannel(s);
  return {
    records,
    disposables: [records],
    commands: { [COMMANDS.showActorLogs]: (arg?: unknown) => records.show(arg) },
  };
}
