/**
 * Key scope and revocation, read from the director dir beside the keys (afresh on every use, as
 * the keys are):
 *
 * - `NAME_tls.groups` beside `NAME_tls.key`: the groups that key may sign, separated by spaces,
 *   commas or new lines, `#` starts a comment. Without the file the key may sign any group; with
 *   it, a package of another group is refused with TLS_KEY_OUT_OF_SCOPE.
 * - `revoked_keys.cfg`: one key id (32 hex digits, as tlsinfo and list show) per line, optionally
 *   followed by `unload`; `#` starts a comment. A package signed by a revoked key is refused with
 *   TLS_KEY_REVOKED; sources already loaded under it are flagged in `list` and by a
 *   `security/revoked` event, and unloaded at once when the line says `unload` (otherwise when the
 *   operator unloads them).
 *
 * Both files are read as regular files of bounded size only (safe-read.ts).
 */
import path from 'node:path';
import { groupNameProblem } from '../protocol/group-name';
import { NotRegularFileError, readRegularFile } from './safe-read';
import { messageOf } from '../protocol/caught';

export const REVOKED_KEYS_FILE = 'revoked_keys.cfg';
export const GROUPS_FILE_SUFFIX = '_tls.groups';
const MAX_POLICY_BYTES = 256 * 1024;

export interface Revocation {
  readonly keyId: string;
  /** Unload sources loaded under this key at once. */
  readonly unload: boolean;
}

export interface RevocationList {
  readonly revoked: ReadonlyMap<string, Revocation>;
  /** Lines that are not a key id (reported, never silently dropped). */
  readonly problems: readonly string[];
  /**
   * Why the file exists but cannot be read (a FIFO, over the size bound, no permission...). Then
   * no package loads (TLS_REVOCATIONS_UNREADABLE): an unreadable list must not make every key it
   * revokes trusted again, as a key scope that cannot be read does not widen to any group.
   */
  readonly unreadable?: string;
}

function words(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/[\s,]+/).filter((w) => w !== ''));
}

/** Parse `revoked_keys.cfg` text. */
export function parseRevocations(text: string): RevocationList {
  const revoked = new Map<string, Revocation>();
  const problems: string[] = [];
  words(text).forEach((w, i) => {
    const [id, flag, ...rest] = w;
    if (!/^[0-9a-f]{32}$/.test(id) || (flag !== undefined && flag !== 'unload') || rest.length > 0) {
      problems.push(
        `${REVOKED_KEYS_FILE} line ${i + 1} ("${w.join(' ')}") is not "KEYID" or "KEYID unload" (KEYID: 32 lower-case hex digits)`,
      );
      return;
    }
    revoked.set(id, { keyId: id, unload: flag === 'unload' });
  });
  return { revoked, problems };
}

/** The director dir's revocation list; empty when there is none. A file that cannot be read is a problem, not silence. */
export async function loadRevocations(directorDir: string): Promise<RevocationList> {
  const file = path.join(directorDir, REVOKED_KEYS_FILE);
  try {
    return parseRevocations((await readRegularFile(file, MAX_POLICY_BYTES)).toString('utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { revoked: new Map(), problems: [] };
    const why = e instanceof NotRegularFileError ? e.message : `${file}: ${messageOf(e)}`;
    return {
      revoked: new Map(),
      problems: [`cannot read the revocation list: ${why}; no package loads until it can be read`],
      unreadable: why,
    };
  }
}

/**
 * The groups the key in `keyFile` may sign: null (any) without `NAME_tls.groups`. Throws a plain
 * Error naming the problem when the file exists but cannot be used (the key is then unusable:
 * a scope that cannot be read must not widen to "any group"). Plain, because loadTrustedKeys
 * reports it as KEY_UNREADABLE naming the key.
 */
export async function loadKeyScope(keyFile: string): Promise<readonly string[] | null> {
  const file = keyFile.slice(0, -'_tls.key'.length) + GROUPS_FILE_SUFFIX;
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_POLICY_BYTES)).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(e instanceof NotRegularFileError ? e.message : `cannot read ${file}: ${messageOf(e)}`, {
      cause: e,
    });
  }
  const groups = words(text).flat();
  const bad = groups.find((g) => groupNameProblem(g) !== undefined);
  if (bad !== undefined) throw new Error(`${file} names "${bad}", which is not a group name`);
  return groups;
}
