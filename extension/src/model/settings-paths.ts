/**
 * Where the extension's settings point, resolved without `vscode` or `node:path` so that every
 * case is a plain unit test: `~`, `${workspaceFolder}`, relative paths (against the first
 * workspace folder) and the default director dir (a folder in the workspace, else in the
 * extension's global storage; never /opt unless the user configures it).
 */
export const DEFAULT_DIR_NAME = '.thespian-director';

export interface PathContext {
  /** Absolute paths of the open workspace folders, first one first. */
  readonly workspaceFolders: readonly string[];
  /** The extension's global storage folder (absolute). */
  readonly globalStorage: string;
  readonly home: string;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** Collapse `.`, `..` and repeated separators; `/` separators out. Keeps a leading `/` or `C:`. */
function normalize(p: string): string {
  const lead = p.startsWith('/') || p.startsWith('\\') ? '/' : '';
  const out: string[] = [];
  for (const part of p.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && !/^[A-Za-z]:$/.test(out[out.length - 1])) out.pop();
    else if (part !== '..') out.push(part);
  }
  return lead + out.join('/') || '/';
}

function joinPath(base: string, rel: string): string {
  return normalize(`${base}/${rel}`);
}

/** A user-written path setting made absolute, or undefined when it is empty. */
export function resolveSettingPath(value: string | undefined | null, ctx: PathContext): string | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  const ws = ctx.workspaceFolders[0];
  let p = v.replace(/\$\{workspaceFolder\}/g, ws ?? ctx.globalStorage).replace(/\$\{userHome\}/g, ctx.home);
  if (p === '~' || p.startsWith('~/')) p = ctx.home + p.slice(1);
  if (isAbsolute(p)) return normalize(p);
  return joinPath(ws ?? ctx.globalStorage, p);
}

/** The director dir in force: the setting, else `<workspace>/.thespian-director`, else global storage. */
export function directorDirFor(setting: string | undefined | null, ctx: PathContext): string {
  return (
    resolveSettingPath(setting, ctx) ??
    (ctx.workspaceFolders[0] !== undefined ? joinPath(ctx.workspaceFolders[0], DEFAULT_DIR_NAME) : joinPath(ctx.globalStorage, 'director'))
  );
}
