/**
 * The groups of the workspace live loading and the debugger know: each `GROUP.tli` beside its
 * `GROUP/` folder (outside node_modules and the director dir), plus the `thespianDirector.groups`
 * setting for layouts where the TLI lives elsewhere: `[{ group, sourcesDir, tli? }]`, paths
 * relative to the first workspace folder (`tli` default: `SOURCES_DIR/GROUP.tli`).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS } from '../constants';
import { isPlainObject } from '../../../runtime/src/protocol/plain-object';

export interface WorkspaceGroup {
  readonly group: string;
  readonly sourcesDir: string;
  readonly tliFile: string;
}

export async function workspaceGroups(directorDir: string): Promise<WorkspaceGroup[]> {
  const found = await vscode.workspace.findFiles('**/*.tli', '{**/node_modules/**,**/.thespian-director/**}', 200);
  const out: WorkspaceGroup[] = found
    .filter((u) => path.dirname(u.fsPath) !== directorDir)
    .map((u) => ({ group: path.basename(u.fsPath, '.tli'), sourcesDir: path.dirname(u.fsPath), tliFile: u.fsPath }));
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? directorDir;
  const configured = vscode.workspace.getConfiguration(SETTINGS.section).get<unknown>(SETTINGS.groups, []);
  for (const g of Array.isArray(configured) ? configured : []) {
    if (!isPlainObject(g)) continue;
    const { group, sourcesDir, tli } = g;
    if (typeof group !== 'string' || typeof sourcesDir !== 'string') continue;
    const dir = path.resolve(base, sourcesDir);
    const tliFile = typeof tli === 'string' ? path.resolve(base, tli) : path.join(dir, `${group}.tli`);
    if (!out.some((o) => o.group === group && o.sourcesDir === dir)) out.push({ group, sourcesDir: dir, tliFile });
  }
  return out;
}

/** The TLI file when it exists (gensrc's `tli:` option needs a real file). */
export function existingTli(g: WorkspaceGroup): string | undefined {
  return existsSync(g.tliFile) ? g.tliFile : undefined;
}
