/** Reads the `thespianDirector.*` settings afresh; paths resolved by the pure settings-paths model. */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS } from './constants';
import { DEFAULT_DIR_NAME, directorDirFor, resolveSettingPath, type PathContext } from './model/settings-paths';
import { VERSION_SCHEMES, type VersionScheme } from './model/command-args';

export interface Settings {
  readonly directorDir: string;
  /** Admin port to use when the director dir has no adminport.cfg. */
  readonly adminPort: number | undefined;
  readonly privateKeyPath: string | undefined;
  readonly versionScheme: VersionScheme;
  readonly confirmUnload: boolean;
}

let workspaceStorage: vscode.Uri | undefined;

/** Set once at activation (context.storageUri): the default director dir lives there. */
export function setWorkspaceStorage(uri: vscode.Uri | undefined): void {
  workspaceStorage = uri;
}

export function pathContext(globalStorage: vscode.Uri): PathContext {
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  const first = workspaceFolders[0];
  return {
    workspaceFolders,
    globalStorage: globalStorage.fsPath,
    ...(workspaceStorage === undefined ? {} : { workspaceStorage: workspaceStorage.fsPath }),
    legacyDirExists: first !== undefined && existsSync(path.join(first, DEFAULT_DIR_NAME)),
    home: os.homedir(),
  };
}

export function readSettings(globalStorage: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section);
  const ctx = pathContext(globalStorage);
  const port = c.get<number | null>(SETTINGS.adminPort, null);
  const scheme = c.get<string>(SETTINGS.versionScheme, 'ask');
  return {
    directorDir: directorDirFor(c.get<string>(SETTINGS.directorDir, ''), ctx),
    adminPort: typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
    privateKeyPath: resolveSettingPath(c.get<string>(SETTINGS.privateKeyPath, ''), ctx),
    versionScheme: (VERSION_SCHEMES as readonly string[]).includes(scheme) ? (scheme as VersionScheme) : 'ask',
    confirmUnload: c.get<boolean>(SETTINGS.confirmUnload, true),
  };
}
