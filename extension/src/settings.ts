/** Reads the `thespianDirector.*` settings afresh; paths resolved by the pure settings-paths model. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { SETTINGS } from './constants';
import { directorDirFor, resolveSettingPath, type PathContext } from './model/settings-paths';
import { VERSION_SCHEMES, type VersionScheme } from './model/command-args';

export interface Settings {
  readonly directorDir: string;
  /** Admin port to use when the director dir has no adminport.cfg. */
  readonly adminPort: number | undefined;
  readonly privateKeyPath: string | undefined;
  readonly versionScheme: VersionScheme;
  readonly confirmUnload: boolean;
}

export function pathContext(globalStorage: vscode.Uri): PathContext {
  return {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    globalStorage: globalStorage.fsPath,
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
