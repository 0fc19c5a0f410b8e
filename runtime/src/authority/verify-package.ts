/**
 * The package API the runtime calls (the Source Authority, the Director, convention members)
 * and tlsinfo uses: hash, keys, verification, safe extraction.
 */
import { NotRegularFileError, readRegularFile } from './safe-read';
import { AuthorityError } from '../protocol/package-codes';

/** The largest .tls file read (far above any package gensrc makes). */
const MAX_PACKAGE_FILE_BYTES = 1024 * 1024 * 1024;
import { sha256Hex, nodeCrypto } from './node-crypto';
import { loadTrustedKeys, type TrustedKey, type TrustedKeySet } from './trusted-keys';
import { verifyPackageWith, type VerifiedPackage, type VerifyOptions } from './verifier';

export { readPackageEntries } from './zip-reader';
export { loadTrustedKeys, loadTrustedKeyFile, type TrustedKey, type TrustedKeySet, type KeyProblem } from './trusted-keys';
export type { VerifiedPackage, VerifyOptions } from './verifier';
export { AuthorityError, type AuthorityErrorCode } from '../protocol/package-codes';

/** The source hash: the first 32 hex digits of SHA-256 of the whole .tls file. */
export function sourceHashOf(bytes: Uint8Array): string {
  return sha256Hex(bytes).slice(0, 32);
}

/** Verify `bytes` against `keys` (a set from loadTrustedKeys, or a plain list). Throws AuthorityError. */
export function verifyPackage(bytes: Uint8Array, keys: TrustedKeySet | readonly TrustedKey[], options: VerifyOptions = {}): VerifiedPackage {
  const set: TrustedKeySet = isKeySet(keys) ? keys : { directorDir: '(given keys)', keys, problems: [] };
  return verifyPackageWith(nodeCrypto, bytes, set, () => sourceHashOf(bytes), options);
}

function isKeySet(keys: TrustedKeySet | readonly TrustedKey[]): keys is TrustedKeySet {
  return !Array.isArray(keys);
}

/** Load the director dir's keys afresh and verify `bytes` with them. */
export async function verifyWithKeysInDir(directorDir: string, bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifiedPackage> {
  return verifyPackage(bytes, await loadTrustedKeys(directorDir), options);
}

/** Read a .tls file and verify it with the director dir's keys. */
export async function verifyFile(directorDir: string, file: string, options: VerifyOptions = {}): Promise<VerifiedPackage> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, MAX_PACKAGE_FILE_BYTES);
  } catch (e) {
    if (!(e instanceof NotRegularFileError)) throw e;
    throw new AuthorityError('TLS_MALFORMED_HEADER', `${file} is ${e.what}, not a package: only regular files are read.`, { data: { file } });
  }
  return verifyWithKeysInDir(directorDir, bytes, options);
}
