/**
 * Read-only documents: a package member's text (`tlsinfo FILE MEMBER`, shown as printed) and the
 * config (the typed `config()` report). Content-provider documents cannot be edited, which is what "open a
 * package's file read-only" asks for.
 */
import * as vscode from 'vscode';
import type { DirectorRunner } from './runner';
import { configDocument, portShown } from './model/config-text';
import { tlsinfoArgs } from './model/command-args';
import { codedLine } from './model/refresh-report';

/** The admin address the extension uses (the dir's adminport.cfg or the adminPort setting). */
export type PortInForce = () => Promise<{ port: number; fromDir: boolean } | undefined>;

export const SCHEME = 'thespian-director';

/** `thespian-director:/package/<member>?<tls path>` */
export function memberUri(tlsPath: string, member: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/package/${member}`, query: tlsPath });
}

export function configUri(): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: '/config.txt' });
}

export class DirectorContentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly runner: DirectorRunner,
    private readonly portInForce: PortInForce = () => Promise.resolve(undefined),
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (!uri.path.startsWith('/package/')) return this.config();
    const args = tlsinfoArgs(uri.query, uri.path.slice('/package/'.length));
    const r = await this.runner.run(args);
    if (r.code !== 0) return `director ${args.join(' ')} failed (exit ${r.code}):\n${r.err}${r.out}`;
    return r.out;
  }

  private async config(): Promise<string> {
    const admin = await this.portInForce();
    const shown = portShown(admin?.port, admin?.fromDir ?? true);
    // A failure is the document's text, as for a package member: VS Code's own "cannot open" says nothing of why.
    return this.runner
      .call(
        'config',
        async (host, o) => {
          const report = await host.config(o);
          return configDocument(host.configText(report, shown), report.problems);
        },
        () => [],
      )
      .catch((e: unknown) => `director config failed: ${codedLine(e)}\n`);
  }
}
