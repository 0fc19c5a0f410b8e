/**
 * What the Director reads from a package file before handing it to the Source Authority: its
 * hash, and the group, version and key id its signed statement claims. The statement is not
 * authenticated here; the authority verifies the very same bytes, so once the load is accepted
 * these facts are the signed ones.
 */
import { sourceHashOf } from '../util/source-hash';
import { NotRegularFileError, readRegularFile } from '../authority/safe-read';
import path from 'node:path';
import { decodeStatement, decodeTls } from '../protocol/package-format';
import { packageFileName } from '../protocol/package-name';
import { AuthorityError } from '../protocol/package-codes';
import { DirectorOpError } from './director-error';
import { messageOf } from '../protocol/caught';

/** Larger than any package gensrc makes (its ZIP limits); a file beyond it is refused unread. */
export const MAX_PACKAGE_BYTES = 1024 * 1024 * 1024;

export interface PackageFacts {
  readonly bytes: Uint8Array;
  /** First 32 hex digits of the SHA-256 of the whole file. */
  readonly hash: string;
  /** From the statement; null when it cannot be decoded (the authority will say why). */
  readonly group: string | null;
  readonly version: string | null;
  readonly keyId: string | null;
}

/** The source hash (one definition: the authority's). */
export const sourceHash = sourceHashOf;

export function packageFactsOf(bytes: Uint8Array): PackageFacts {
  const hash = sourceHash(bytes);
  try {
    const s = decodeStatement(decodeTls(bytes).statementBytes);
    return { bytes, hash, group: s.group, version: s.version, keyId: s.keyId };
  } catch {
    return { bytes, hash, group: null, version: null, keyId: null };
  }
}

export async function readPackage(file: string): Promise<PackageFacts> {
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(file, MAX_PACKAGE_BYTES);
  } catch (e) {
    if (e instanceof NotRegularFileError) {
      throw new DirectorOpError(
        'DIRECTOR_PACKAGE_NOT_FOUND',
        `the package file ${file} is ${e.what}: only regular files are loaded`,
        { data: { path: file } },
      );
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new DirectorOpError(
      'DIRECTOR_PACKAGE_NOT_FOUND',
      code === 'ENOENT'
        ? `the package file ${file} does not exist`
        : `cannot read the package file ${file}: ${messageOf(e)}`,
      { data: { path: file } },
    );
  }
  return packageFactsOf(bytes);
}

/**
 * The signed identity is the only identity: `file`'s base name must be the one its statement
 * implies (`GROUP-VERSION.tls`, `GROUP.tls`). Throws TLS_NAME_MISMATCH when it is not, so a copy
 * renamed `foo-99.tls` can never pass for version 99. Facts without a readable statement pass
 * here (the Source Authority refuses them with the decoder's own code). For every place that
 * takes a group or version from a package file: load, refresh, restore, pruning, transfers.
 */
export function checkSignedName(file: string, facts: Pick<PackageFacts, 'group' | 'version'>): void {
  if (facts.group === null) return;
  const expected = packageFileName(facts.group, facts.version);
  const name = path.basename(file);
  if (name !== expected) {
    throw new AuthorityError(
      'TLS_NAME_MISMATCH',
      `${name} is signed as group "${facts.group}" version ${facts.version ?? '(none)'}, so its name must be ${expected}; renaming a package cannot change its group or version`,
      { data: { fileName: name, expected } },
    );
  }
}
