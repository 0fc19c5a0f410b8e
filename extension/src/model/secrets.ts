/**
 * Where secrets may live: the director dir holds the daemon's admin token and convention
 * secrets, a signing key is a private key. Pure helpers for the checks the extension makes
 * before it writes any of them into a folder that git may publish.
 */

/** What the director dir's `.gitignore` keeps out of git; the public `*_tls.key` files stay in. */
export const DIRECTOR_DIR_SECRETS: readonly string[] = [
  '.daemon/',
  'convention.secret',
  'convca.key',
  'convhost.key',
  '*.pem',
];

export const GITIGNORE_HEADER = '# Written by the Thespian Director extension: secrets that must never be committed.';

/**
 * The `.gitignore` text to write: the whole file when there is none (`existing` undefined),
 * else only the missing lines appended, or undefined when nothing is missing.
 */
export function gitignoreUpdate(existing: string | undefined): string | undefined {
  const have = new Set((existing ?? '').split(/\r?\n/).map((l) => l.trim()));
  const missing = DIRECTOR_DIR_SECRETS.filter((l) => !have.has(l) && !have.has(`/${l}`));
  if (missing.length === 0) return undefined;
  const sep = existing === undefined || existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  return `${existing ?? ''}${sep}${GITIGNORE_HEADER}\n${missing.join('\n')}\n`;
}

/** The parent folder of a `/`-separated absolute path, or undefined at the root. */
function parentOf(p: string): string | undefined {
  const t = p.replace(/[\\/]+$/, '');
  const i = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
  if (i < 0) return undefined;
  return i === 0 ? (t === '/' ? undefined : '/') : t.slice(0, i);
}

/**
 * The git work tree that holds `file`: the nearest folder at or above it with a `.git` entry
 * (a folder, or a file for a linked worktree), or undefined. `hasGit` is the file system probe.
 */
export function workTreeOf(file: string, hasGit: (folder: string) => boolean): string | undefined {
  for (let d: string | undefined = file; d !== undefined; d = parentOf(d)) {
    if (hasGit(d)) return d;
  }
  return undefined;
}

/** True when `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const p = parent.replace(/[\\/]+$/, '');
  return child === p || child.startsWith(`${p}/`) || child.startsWith(`${p}\\`);
}

/** The key name keygen proposes: `signing`, else `signing2`, `signing3`… the first that is free. */
export function freeKeyName(taken: (name: string) => boolean, base = 'signing'): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}${i}`)) return `${base}${i}`;
}

/** Why a key name cannot be used, or undefined when it can (keygen's NAME rules). */
export function keyNameProblem(name: string): string | undefined {
  if (name === '') return 'Give the key a name, e.g. signing.';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    return 'Letters, digits, ".", "_" and "-" only, starting with a letter or digit.';
  return undefined;
}
