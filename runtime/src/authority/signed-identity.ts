/**
 * The signed identity of package files: group and version come from the signed statement, never
 * from the file name (a copy renamed `foo-99.tls` is still the signed version 1). Reads only a
 * file's header, so listing a group's packages stays cheap however large they are. The statement
 * read here is not authenticated yet: the Source Authority verifies the very bytes that load, and
 * refuses a file whose name disagrees with them (TLS_NAME_MISMATCH).
 */
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { decodeStatement, TLS_MAGIC } from '../protocol/package-format';
import { packageFileName, parsePackageFileName } from '../protocol/package-name';
import { sortNewestFirst } from '../protocol/version-order';

export interface SignedIdentity {
  readonly group: string;
  readonly version: string | null;
  readonly keyId: string;
}

/** Magic line, three counts of at most 16 digits, a statement of at most 4096 bytes. */
const HEADER_BYTES = 64 + 3 * 17 + 4096;

/** The statement's identity from the first bytes of a package; null when they are not a readable header. */
export function identityOfHeader(bytes: Uint8Array): SignedIdentity | null {
  const lines: string[] = [];
  let pos = 0;
  for (let n = 0; n < 4; n++) {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 64) return null;
    lines.push(Buffer.from(bytes.subarray(pos, end)).toString('latin1'));
    pos = end + 1;
  }
  if (lines[0] !== TLS_MAGIC || !/^[1-9][0-9]{0,4}$/.test(lines[1])) return null;
  const length = Number(lines[1]);
  if (pos + length > bytes.length) return null;
  try {
    const s = decodeStatement(bytes.subarray(pos, pos + length));
    return { group: s.group, version: s.version, keyId: s.keyId };
  } catch {
    return null;
  }
}

/** Read the identity a package file's statement claims; null when the file has no readable header. */
export async function readSignedIdentity(file: string): Promise<SignedIdentity | null> {
  let h;
  try {
    h = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)); // a FIFO must not block (safe-read.ts)
  } catch {
    return null;
  }
  try {
    const st = await h.stat();
    if (!st.isFile()) return null;
    const buf = Buffer.alloc(Math.min(HEADER_BYTES, st.size));
    const { bytesRead } = await h.read(buf, 0, buf.length, 0);
    return identityOfHeader(buf.subarray(0, bytesRead));
  } finally {
    await h.close();
  }
}

/** A package file whose name is not the one its statement implies. */
export interface MisnamedPackage {
  readonly file: string;
  /** The name its signed statement gives it (`foo-1.tls`). */
  readonly signedName: string;
}

export interface GroupPackages {
  /** Files whose name is their signed name, newest signed version first (absolute paths). */
  readonly packages: readonly string[];
  /** Files named as packages of the group whose statement disagrees (refused with TLS_NAME_MISMATCH). */
  readonly misnamed: readonly MisnamedPackage[];
}

/**
 * The packages of `group` in `dir`, in signed-version order. A file named like one of the group's
 * packages but signed as something else is set apart in `misnamed`; one with no readable header
 * stays in `packages` under its name, so loading it reports the decoder's own code.
 */
export async function signedGroupPackages(dir: string, group: string): Promise<GroupPackages> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { packages: [], misnamed: [] };
  }
  const mine = names.filter((n) => parsePackageFileName(n)?.group === group).sort();
  const ids = await Promise.all(mine.map((n) => readSignedIdentity(path.join(dir, n))));
  const good: string[] = [];
  const misnamed: MisnamedPackage[] = [];
  mine.forEach((n, i) => {
    const id = ids[i];
    const signedName = id === null ? n : packageFileName(id.group, id.version);
    if (signedName === n) good.push(n);
    else misnamed.push({ file: path.join(dir, n), signedName });
  });
  // Each kept name is its signed name, so ordering the names orders the signed versions.
  return { packages: sortNewestFirst(group, good).map((n) => path.join(dir, n)), misnamed };
}
