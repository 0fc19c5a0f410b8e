/**
 * The package API the runtime calls (the Source Authority, the Director, convention members)
 * and tlsinfo uses: hash, keys, verification, safe extraction.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { kindOf, NotRegularFileError, readRegularFile } from './safe-read';
import { originalPieces, UNSEAL_ROOM } from '../protocol/package-format';
import { AuthorityError } from '../protocol/package-codes';

/** The largest .tls file read (far above any package gensrc makes). */
const MAX_PACKAGE_FILE_BYTES = 1024 * 1024 * 1024;
import { nodeCrypto } from './node-crypto';
import { sourceHashOf } from '../util/source-hash';
import { loadTrustedKeys, type TrustedKey, type TrustedKeySet } from './trusted-keys';
import { verifyPackageWith, type VerifiedPackage, type VerifyOptions } from './verifier';

export { readPackageEntries } from './zip-reader';
export {
  loadTrustedKeys,
  loadTrustedKeyFile,
  type TrustedKey,
  type TrustedKeySet,
  type KeyProblem,
} from './trusted-keys';
export type { VerifiedPackage, VerifyOptions } from './verifier';
export { AuthorityError, type AuthorityErrorCode } from '../protocol/package-codes';

/** Verify `bytes` against `keys` (a set from loadTrustedKeys, or a plain list). Throws AuthorityError. */
export function verifyPackage(
  bytes: Uint8Array,
  keys: TrustedKeySet | readonly TrustedKey[],
  options: VerifyOptions = {},
): VerifiedPackage {
  const set: TrustedKeySet = isKeySet(keys) ? keys : { directorDir: '(given keys)', keys, problems: [] };
  // In place, the file's bytes are the two pieces around the restored ZIP's 4 inserted bytes.
  const hash = (): string => sourceHashOf(originalPieces(bytes));
  return verifyPackageWith(nodeCrypto, bytes, set, hash, options);
}

function isKeySet(keys: TrustedKeySet | readonly TrustedKey[]): keys is TrustedKeySet {
  return !Array.isArray(keys);
}

/** Load the director dir's keys afresh and verify `bytes` with them. */
export async function verifyWithKeysInDir(
  directorDir: string,
  bytes: Uint8Array,
  options: VerifyOptions = {},
): Promise<VerifiedPackage> {
  return verifyPackage(bytes, await loadTrustedKeys(directorDir), options);
}

/**
 * A .tls file's bytes, read in one go (readFileSync's way: the promise form reads in 512 KiB
 * pieces, a thread-pool round trip each), with room after them so that verifying with
 * `{ inPlace: true }` restores the ZIP without copying it (tlsinfo).
 */
export function readPackageFileSync(file: string): Uint8Array {
  // Opened without blocking and checked on the handle (safe-read.ts says why): a FIFO put in the
  // file's place after the caller looked at it cannot hang tlsinfo.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notAPackage(file, kindOf(st));
    const size = st.size;
    if (size > MAX_PACKAGE_FILE_BYTES)
      throw notAPackage(file, `${size} bytes, over the ${MAX_PACKAGE_FILE_BYTES} allowed`);
    // Not from the shared pool: the room after the bytes must be this buffer's own.
    const buf = Buffer.allocUnsafeSlow(size + UNSEAL_ROOM);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, buf, at, size - at, at);
      if (n === 0) break; // shrank meanwhile: take what is there
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

function notAPackage(file: string, what: string): AuthorityError {
  return new AuthorityError('TLS_MALFORMED_HEADER', `${file} is ${what}, not a package: only regular files are read.`, {
    data: { file },
  });
}

/** Read a .tls file and verify it with the director dir's keys. */
export async function verifyFile(
  directorDir: string,
  file: string,
  options: VerifyOptions = {},
): Promise<VerifiedPackage> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, MAX_PACKAGE_FILE_BYTES);
  } catch (e) {
    if (!(e instanceof NotRegularFileError)) throw e;
    throw notAPackage(file, e.what);
  }
  return verifyWithKeysInDir(directorDir, bytes, options);
}
