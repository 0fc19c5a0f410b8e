/**
 * Where the extension's settings point, resolved without `vscode` or `node:path` so that every
 * case is a plain unit test: `~`, `${workspaceFolder}`, relative paths (against the first
 * workspace folder) and the default director dir. The default lives outside the work tree, in
 * the extension's per-workspace storage (as Docker and ESLint keep their state), because the
 * dir holds the daemon's admin token and convention secrets that `git add .` would publish.
 * A `.thespian-director` folder an earlier version made in the workspace is still used, so its
 * packages do not vanish (the extension then writes its `.gitignore` and warns once). Never
 * /opt unless the user configures it.
 */
export const DEFAULT_DIR_NAME = '.thespian-director';

export interface PathContext {
  /** Absolute paths of the open workspace folders, first one first. */
  readonly workspaceFolders: readonly string[];
  /** The extension's global storage folder (absolute). */
  readonly globalStorage: string;
  /** The extension's storage for this workspace (context.storageUri), when a folder is open. */
  readonly workspaceStorage?: string;
  /** Whether `<first folder>/.thespian-director` exists (made by an earlier version or the user). */
  readonly legacyDirExists?: boolean;
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

/**
 * The director dir in force: the setting; else an existing `<workspace>/.thespian-director`;
 * else the workspace's storage; else the global storage.
 */
export function directorDirFor(setting: string | undefined | null, ctx: PathContext): string {
  const fromSetting = resolveSettingPath(setting, ctx);
  if (fromSetting !== undefined) return fromSetting;
  const ws = ctx.workspaceFolders[0];
  if (ws !== undefined && ctx.legacyDirExists === true) return joinPath(ws, DEFAULT_DIR_NAME);
  if (ws !== undefined && ctx.workspaceStorage !== undefined) return joinPath(ctx.workspaceStorage, 'director');
  return joinPath(ctx.globalStorage, 'director');
}

/** Where keys made by Generate Signing Key Pair go unless the user picks a folder: per user, never the workspace. */
export function defaultKeyFolder(ctx: PathContext): string {
  return joinPath(ctx.globalStorage, 'keys');
}
