/**
 * The signed package (`.tls`), format 2. Rules of this format:
 *
 * 1. A .tls file is, in order: four ASCII lines
 *      `ThespianDirectorFMT2\n` `<statement length>\n` `<signature length>\n` `<EOCD offset N>\n`,
 *    then the statement bytes, then the signature bytes, then the ZIP `Z` without the 4 bytes of
 *    its end-of-central-directory signature (`Z[0:N] + Z[N+4:]`). Without that marker no ZIP
 *    tool can open the file; only the verifier puts it back.
 * 2. The statement is the canonical JSON of {@link PackageStatement}, keys in the fixed order of
 *    {@link encodeStatement}, ASCII only. A statement that is not byte-identical to its own
 *    canonical re-encoding is refused, so there is exactly one signed form of each statement.
 * 3. The signature is over `ThespianDirectorFMT2 statement\n` + the statement bytes (the prefix
 *    keeps these signatures from being valid for anything else). The statement binds the group,
 *    version, creation time and key id to the SHA-256 of the ZIP: renaming the file cannot change
 *    its group or version, and no byte of the ZIP changes unseen.
 * 4. No size cap from the format (the original scanned a fixed 40-byte header and so refused
 *    packages over about 9.5 MiB): the header lines are parsed however long the file.
 *
 * Pure: no Node, no crypto; hashing and signatures come through ./crypto-port.
 */
import { asciiBytes, asciiText, concatBytes, lastIndexOfBytes } from './bytes';
import type { SignatureAlgorithm } from './crypto-port';
import { SIGNATURE_ALGORITHMS } from './crypto-port';
import { groupNameProblem } from './group-name';
import { AuthorityError } from './package-codes';
import { versionProblem } from './package-name';

export const TLS_MAGIC = 'ThespianDirectorFMT2';
export const STATEMENT_FORMAT = 2;

/** What the signature vouches for. */
export interface PackageStatement {
  readonly format: typeof STATEMENT_FORMAT;
  readonly group: string;
  /** null: a package made without `version:` (file `GROUP.tls`), which sorts below every version. */
  readonly version: string | null;
  /** ISO 8601 UTC, e.g. `2026-11-30T19:02:00.000Z`. */
  readonly createdAt: string;
  /** First 32 hex digits of SHA-256 of the public key's SubjectPublicKeyInfo DER. */
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  /** SHA-256 of the complete ZIP, lowercase hex. */
  readonly zipSha256: string;
}

/** The parts of a decoded .tls, the ZIP restored (but not yet authenticated). */
export interface TlsParts {
  readonly statementBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly zip: Uint8Array;
}

const EOCD = Uint8Array.of(0x50, 0x4b, 0x05, 0x06);
/** An EOCD record is 22 bytes plus a comment of at most 65535. */
const EOCD_SEARCH = 22 + 0xffff;
const STATEMENT_PREFIX = asciiBytes(`${TLS_MAGIC} statement\n`);
const MAX_STATEMENT = 4096;
/** An RSA-16384 signature is 2048 bytes; nothing longer is a signature we make or accept. */
const MAX_SIGNATURE = 2048;
const KEY_ID = /^[0-9a-f]{32}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The statement's one byte form. */
export function encodeStatement(s: PackageStatement): Uint8Array {
  const json =
    `{"format":${STATEMENT_FORMAT},"group":${JSON.stringify(s.group)},"version":${JSON.stringify(s.version)},` +
    `"createdAt":${JSON.stringify(s.createdAt)},"keyId":${JSON.stringify(s.keyId)},` +
    `"algorithm":${JSON.stringify(s.algorithm)},"zipSha256":${JSON.stringify(s.zipSha256)}}`;
  return asciiBytes(json);
}

/** The bytes a signature covers. */
export function signedBytes(statementBytes: Uint8Array): Uint8Array {
  return concatBytes([STATEMENT_PREFIX, statementBytes]);
}

function badStatement(why: string): AuthorityError {
  return new AuthorityError(
    'TLS_BAD_STATEMENT',
    `The package's signed statement is not valid: ${why}. The file is damaged or was not made by director gensrc.`,
  );
}

/** Parse and check a statement. Throws TLS_BAD_STATEMENT. */
export function decodeStatement(bytes: Uint8Array): PackageStatement {
  const text = asciiText(bytes);
  if (text === undefined) throw badStatement('it is not ASCII');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw badStatement('it is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badStatement('it is not an object');
  const o = v as { [k: string]: unknown };
  if (o['format'] !== STATEMENT_FORMAT)
    throw badStatement(`format ${JSON.stringify(o['format'])} is not ${STATEMENT_FORMAT}`);
  const group = o['group'];
  if (typeof group !== 'string' || groupNameProblem(group) !== undefined)
    throw badStatement('the group name is invalid');
  const version = o['version'];
  if (version !== null && (typeof version !== 'string' || versionProblem(version) !== undefined))
    throw badStatement('the version is invalid');
  const createdAt = o['createdAt'];
  if (typeof createdAt !== 'string' || !ISO_UTC.test(createdAt)) throw badStatement('createdAt is not an ISO UTC time');
  const keyId = o['keyId'];
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) throw badStatement('keyId is not 32 hex digits');
  const algorithm = o['algorithm'];
  if (typeof algorithm !== 'string' || !(SIGNATURE_ALGORITHMS as readonly string[]).includes(algorithm))
    throw badStatement('the algorithm is unknown');
  const zipSha256 = o['zipSha256'];
  if (typeof zipSha256 !== 'string' || !SHA256_HEX.test(zipSha256))
    throw badStatement('zipSha256 is not 64 hex digits');
  const s: PackageStatement = {
    format: STATEMENT_FORMAT,
    group,
    version,
    createdAt,
    keyId,
    algorithm: algorithm as SignatureAlgorithm,
    zipSha256,
  };
  const again = encodeStatement(s);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i]))
    throw badStatement('it is not in canonical form');
  return s;
}

/** Where the ZIP's end-of-central-directory signature is: the last one in the final 64 KiB. */
export function findEocd(zip: Uint8Array): number {
  const from = zip.length - 22;
  const limit = Math.max(0, zip.length - EOCD_SEARCH);
  const i = lastIndexOfBytes(zip, EOCD, from);
  return i >= limit ? i : -1;
}

/** Build a .tls from its parts. Throws a plain Error if `zip` has no EOCD (not a ZIP: a bug of the caller). */
export function encodeTls(parts: TlsParts): Uint8Array {
  const n = findEocd(parts.zip);
  if (n < 0) throw new Error('encodeTls: the data is not a ZIP (no end-of-central-directory record)');
  const header = asciiBytes(`${TLS_MAGIC}\n${parts.statementBytes.length}\n${parts.signature.length}\n${n}\n`);
  return concatBytes([
    header,
    parts.statementBytes,
    parts.signature,
    parts.zip.subarray(0, n),
    parts.zip.subarray(n + 4),
  ]);
}

function malformed(why: string): AuthorityError {
  return new AuthorityError(
    'TLS_MALFORMED_HEADER',
    `The package header is malformed: ${why}. The file is damaged or is not a .tls made by director gensrc.`,
  );
}

/** Read one `\n`-terminated line of at most `max` bytes at `pos`. */
function readLine(bytes: Uint8Array, pos: number, max: number, what: string): { text: string; next: number } {
  const end = Math.min(bytes.length, pos + max + 1);
  for (let i = pos; i < end; i++) {
    if (bytes[i] === 0x0a) {
      const text = asciiText(bytes.subarray(pos, i));
      if (text === undefined) throw malformed(`the ${what} line is not ASCII`);
      return { text, next: i + 1 };
    }
  }
  if (end === bytes.length) {
    throw new AuthorityError(
      'TLS_TRUNCATED',
      `The package ends inside its header (${what}): the file is truncated. Copy it again from its source.`,
    );
  }
  throw malformed(`the ${what} line is longer than ${max} bytes`);
}

function readCount(bytes: Uint8Array, pos: number, what: string): { value: number; next: number } {
  const { text, next } = readLine(bytes, pos, 16, what);
  if (!/^(0|[1-9][0-9]*)$/.test(text)) throw malformed(`the ${what} ${JSON.stringify(text)} is not a decimal number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw malformed(`the ${what} is too large`);
  return { value, next };
}

/** Bytes a caller leaves after a package so that {@link decodeTls} can restore its ZIP in place. */
export const UNSEAL_ROOM = 4;

const unsealedAt = new WeakMap<Uint8Array, number>();

/**
 * The package's original bytes after an in-place decode: the two pieces around the 4 inserted
 * bytes (so that its source hash, over the file as it was, is still exact). `bytes` itself when
 * it was not decoded in place.
 */
export function originalPieces(bytes: Uint8Array): readonly Uint8Array[] {
  const cut = unsealedAt.get(bytes);
  if (cut === undefined) return [bytes];
  const full = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length + UNSEAL_ROOM);
  return [full.subarray(0, cut), full.subarray(cut + EOCD.length)];
}

function hasUnsealRoom(bytes: Uint8Array): boolean {
  return bytes.byteOffset + bytes.length + UNSEAL_ROOM <= bytes.buffer.byteLength;
}

/**
 * The ZIP restored inside the package's own buffer: only the end record (after `eo`, at most
 * 64 KiB) moves, by 4 bytes, into the room after the package. Copying the whole ZIP instead cost
 * ~8 ms and a second copy's memory for 10 MiB (tlsinfo's profile).
 */
function unsealInPlace(bytes: Uint8Array, bodyStart: number, eo: number): Uint8Array {
  const full = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length + UNSEAL_ROOM);
  const cut = bodyStart + eo;
  unsealedAt.set(bytes, cut);
  full.copyWithin(cut + EOCD.length, cut, bytes.length);
  full.set(EOCD, cut);
  return full.subarray(bodyStart);
}

/**
 * Split a .tls into statement, signature and restored ZIP. Checks the framing only; nothing
 * here is authenticated yet. Throws TLS_UNSUPPORTED_FORMAT, TLS_MALFORMED_HEADER or TLS_TRUNCATED.
 *
 * `inPlace`: the caller gives `bytes` up (it read them with room after: readPackageFileSync), and
 * the ZIP is restored inside their buffer instead of copied; afterwards `bytes` no longer hold the
 * package. Without the room, the ZIP is copied as usual.
 */
export function decodeTls(bytes: Uint8Array, inPlace = false): TlsParts {
  const first = readFirstLine(bytes);
  if (first !== TLS_MAGIC) {
    throw new AuthorityError('TLS_UNSUPPORTED_FORMAT', unsupportedMessage(bytes, first));
  }
  let pos = TLS_MAGIC.length + 1;
  const sl = readCount(bytes, pos, 'statement length');
  const gl = readCount(bytes, sl.next, 'signature length');
  const eo = readCount(bytes, gl.next, 'end-of-central-directory offset');
  pos = eo.next;
  if (sl.value === 0 || sl.value > MAX_STATEMENT)
    throw malformed(`the statement length ${sl.value} is outside 1..${MAX_STATEMENT}`);
  if (gl.value === 0 || gl.value > MAX_SIGNATURE)
    throw malformed(`the signature length ${gl.value} is outside 1..${MAX_SIGNATURE}`);
  const bodyStart = pos + sl.value + gl.value;
  // The smallest ZIP is its 22-byte EOCD record; 18 bytes of it remain in the body.
  if (bytes.length < bodyStart + 18) {
    throw new AuthorityError(
      'TLS_TRUNCATED',
      `The package is ${bytes.length} bytes, too short for the lengths its header gives: the file is truncated. Copy it again from its source.`,
    );
  }
  const body = bytes.subarray(bodyStart);
  if (eo.value > body.length - 18) {
    throw new AuthorityError(
      'TLS_TRUNCATED',
      `The package's ZIP data (${body.length} bytes) ends before the end record its header places at ${eo.value}: the file is truncated (or its header altered). Copy it again from its source.`,
    );
  }
  const zip =
    inPlace && hasUnsealRoom(bytes)
      ? unsealInPlace(bytes, bodyStart, eo.value)
      : concatBytes([body.subarray(0, eo.value), EOCD, body.subarray(eo.value)]);
  return {
    statementBytes: bytes.subarray(pos, pos + sl.value),
    signature: bytes.subarray(pos + sl.value, bodyStart),
    zip,
  };
}

function readFirstLine(bytes: Uint8Array): string | undefined {
  const max = Math.min(bytes.length, 64);
  for (let i = 0; i < max; i++) {
    if (bytes[i] === 0x0a) return asciiText(bytes.subarray(0, i));
  }
  return undefined;
}

function unsupportedMessage(bytes: Uint8Array, first: string | undefined): string {
  if (bytes.length === 0) return 'The package file is empty.';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    return 'The file is a plain ZIP, not a signed package. Make packages with `director gensrc`.';
  if (first !== undefined && (first.startsWith('ThespianDirectorFMT1') || first.startsWith('ViceroyFMT'))) {
    return `The file is in the Python Thespian Director's format (${first}), which is not accepted: it signs nothing but the ZIP. Rebuild the package with \`director gensrc\`.`;
  }
  return `The file does not start with "${TLS_MAGIC}": it is not a package made by director gensrc.`;
}
