/**
 * Read-only documents made from command output: a package member (`tlsinfo FILE MEMBER`) and the
 * config (`config`). Content-provider documents cannot be edited, which is what "open a
 * package's file read-only" asks for.
 */
import * as vscode from 'vscode';
import type { DirectorRunner } from './runner';

export const SCHEME = 'thespian-director';

/** `thespian-director:/package/<member>?<tls path>` */
export function memberUri(tlsPath: string, member: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/package/${member}`, query: tlsPath });
}

export function configUri(): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: '/config.txt' });
}

export class DirectorContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly runner: DirectorRunner) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const args = uri.path.startsWith('/package/') ? ['tlsinfo', uri.query, uri.path.slice('/package/'.length)] : ['config'];
    const r = await this.runner.run(args);
    return r.code === 0 ? r.out : `director ${args.join(' ')} failed (exit ${r.code}):\n${r.err}${r.out}`;
  }
}
