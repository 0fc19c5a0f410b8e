/**
 * The public keys a director dir trusts: every `*_tls.key` in it, read afresh on each call (the
 * guide: keys may be added or removed while the daemon runs). A key that cannot be used is
 * reported, never silently skipped, and does not stop the others.
 */
import { readdir } from 'node:fs/promises';
import { NotRegularFileError, readRegularFile } from './safe-read';
import { loadKeyScope, loadRevocations, type RevocationList } from './key-policy';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { AuthorityError } from '../protocol/package-codes';
import { checkKeyStrength, keyIdOf, parsePublicKey } from './keys';
import { messageOf } from '../protocol/caught';

export interface TrustedKey {
  readonly file: string;
  readonly keyId: string;
  readonly key: KeyObject;
  /** The groups it may sign (`NAME_tls.groups`); absent or null: any group. */
  readonly groups?: readonly string[] | null;
}

/** A `*_tls.key` that cannot be used, with the reason. `keyId` when the key could be read at all. */
export interface KeyProblem {
  readonly file: string;
  readonly keyId?: string;
  readonly error: AuthorityError;
}

export interface TrustedKeySet {
  readonly directorDir: string;
  /** Usable keys, in file-name order. */
  readonly keys: readonly TrustedKey[];
  readonly problems: readonly KeyProblem[];
  /** revoked_keys.cfg (key-policy.ts); absent: nothing revoked. */
  readonly revocations?: RevocationList;
}

export const KEY_FILE_SUFFIX = '_tls.key';
/** A PEM public key is under 2 KiB even for RSA-16384; anything far bigger is not a key. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Parsed keys by their exact PEM text: the file is still read on every call (keys come and go
 * while the daemon runs), but the same bytes always give the same key and id, so a refresh of
 * many packages parses and hashes each key once. Bounded: emptied when it holds too many.
 */
const parsedKeys = new Map<string, { readonly key: KeyObject; readonly keyId: string }>();
const MAX_PARSED_KEYS = 256;

function parsedKey(text: Buffer, file: string): { readonly key: KeyObject; readonly keyId: string } {
  const pem = text.toString('latin1');
  const known = parsedKeys.get(pem);
  if (known !== undefined) return known;
  const key = parsePublicKey(text, file);
  const parsed = { key, keyId: keyIdOf(key) };
  if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
  parsedKeys.set(pem, parsed);
  return parsed;
}

/** Read one public key file and check it. Throws AuthorityError (KEY_UNREADABLE, KEY_WEAK, KEY_UNSUPPORTED). */
export async function loadTrustedKeyFile(file: string): Promise<TrustedKey> {
  let text: Buffer;
  try {
    text = await readRegularFile(file, MAX_KEY_FILE_BYTES);
  } catch (e) {
    if (e instanceof NotRegularFileError) {
      throw new AuthorityError(
        'KEY_UNREADABLE',
        `${file} is ${e.what}, not a key: only regular files of at most ${MAX_KEY_FILE_BYTES} bytes are read as keys; remove it from the director dir.`,
        {
          data: { file, kind: e.what },
        },
      );
    }
    throw new AuthorityError('KEY_UNREADABLE', `Cannot read the key file ${file}: ${messageOf(e)}.`, {
      data: { file },
      cause: e,
    });
  }
  const { key, keyId } = parsedKey(text, file);
  try {
    checkKeyStrength(key, file);
  } catch (e) {
    if (e instanceof AuthorityError)
      throw new AuthorityError(e.code, e.message, { data: { ...(e.data as object), keyId } });
    throw e;
  }
  let groups: readonly string[] | null;
  try {
    groups = await loadKeyScope(file);
  } catch (e) {
    throw new AuthorityError(
      'KEY_UNREADABLE',
      `The key ${file} is not used: ${messageOf(e)}. Fix or remove its scope file.`,
      { data: { file, keyId } },
    );
  }
  return { file, keyId, key, groups };
}

/** Every `*_tls.key` in `directorDir`, sorted by name; unusable ones in `problems`. */
export async function loadTrustedKeys(directorDir: string): Promise<TrustedKeySet> {
  let names: string[];
  try {
    names = await readdir(directorDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { directorDir, keys: [], problems: [], revocations: { revoked: new Map(), problems: [] } };
    throw e;
  }
  const files = names
    .filter((n) => n.endsWith(KEY_FILE_SUFFIX))
    .sort()
    .map((n) => path.join(directorDir, n));
  // The revocation list (it never throws) is read beside the keys, not after them.
  const [results, revocations] = await Promise.all([
    Promise.allSettled(files.map((f) => loadTrustedKeyFile(f))),
    loadRevocations(directorDir),
  ]);
  const keys: TrustedKey[] = [];
  const problems: KeyProblem[] = [];
  for (let i = 0; i < files.length; i++) {
    const r = results[i];
    if (r.status === 'fulfilled') {
      keys.push(r.value);
    } else {
      const error =
        r.reason instanceof AuthorityError
          ? r.reason
          : new AuthorityError('KEY_UNREADABLE', `Cannot use the key file ${files[i]}: ${String(r.reason)}`, {
              data: { file: files[i] },
            });
      problems.push({ file: files[i], error, ...keyIdOfRejected(error) });
    }
  }
  return { directorDir, keys, problems, revocations };
}

/** A weak key still has an id, so the verifier can say "signed by a key refused as weak". */
function keyIdOfRejected(error: AuthorityError): { keyId?: string } {
  const data = error.data as { keyId?: string } | undefined;
  return data?.keyId !== undefined ? { keyId: data.keyId } : {};
}
