/**
 * What the Director reads from a package file before handing it to the Source Authority: its
 * hash, and the group, version and key id its signed statement claims. The statement is not
 * authenticated here; the authority verifies the very same bytes, so once the load is accepted
 * these facts are the signed ones.
 */
import { sourceHashOf } from '../authority/verify-package';
import { readFile } from 'node:fs/promises';
import { decodeStatement, decodeTls } from '../protocol/package-format';
import { DirectorOpError } from './director-error';

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
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DirectorOpError(
      'DIRECTOR_PACKAGE_NOT_FOUND',
      code === 'ENOENT' ? `the package file ${file} does not exist` : `cannot read the package file ${file}: ${(e as Error).message}`,
      { data: { path: file } },
    );
  }
  return packageFactsOf(bytes);
}
