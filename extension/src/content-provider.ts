/**
 * Read-only documents made from command output: a package member (`tlsinfo FILE MEMBER`) and the
 * config (`config`). Content-provider documents cannot be edited, which is what "open a
 * package's file read-only" asks for.
 */
import * as vscode from 'vscode';
import type { DirectorRunner } from './runner';
import { configWithPortInForce } from './model/config-text';
import { tlsinfoArgs } from './model/command-args';

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
    const args = uri.path.startsWith('/package/')
      ? tlsinfoArgs(uri.query, uri.path.slice('/package/'.length))
      : ['config'];
    const r = await this.runner.run(args);
    if (r.code !== 0) return `director ${args.join(' ')} failed (exit ${r.code}):\n${r.err}${r.out}`;
    if (args[0] !== 'config') return r.out;
    const admin = await this.portInForce();
    return configWithPortInForce(r.out, admin?.port, admin?.fromDir ?? true);
  }
}
