/**
 * The package verifier: an ordered list of small checks, each failing with its own code
 * (so a refusal always says which check failed and why). Nothing of the package is trusted until every check has passed; only then are the
 * restored ZIP bytes handed out.
 */
import type { KeyObject } from 'node:crypto';
import { toHex } from '../protocol/bytes';
import type { CryptoPort } from '../protocol/crypto-port';
import {
  decodeStatement,
  decodeTls,
  signedBytes,
  type PackageStatement,
  type TlsParts,
} from '../protocol/package-format';
import { packageFileName } from '../protocol/package-name';
import { AuthorityError } from '../protocol/package-codes';
import type { TrustedKey, TrustedKeySet } from './trusted-keys';
import { REVOKED_KEYS_FILE } from './key-policy';

/** What the Source Authority and tlsinfo learn from a package that verified. */
export interface VerifiedPackage {
  /** First 32 hex digits of SHA-256 of the whole .tls file. */
  readonly sourceHash: string;
  readonly group: string;
  /** null for a package made without a version. */
  readonly version: string | null;
  readonly createdAt: string;
  readonly keyId: string;
  /** The `*_tls.key` file whose key verified the signature. */
  readonly keyFile: string;
  /** The restored ZIP, authenticated. */
  readonly zip: Uint8Array;
}

export interface VerifyOptions {
  /**
   * The file's base name. When given, it must be the name the statement implies
   * (`GROUP-VERSION.tls` / `GROUP.tls`), so a renamed package is refused rather than believed.
   */
  readonly fileName?: string;
  /** Called with each key tried (tlsinfo's verbose `..Attempting validation with key` lines). */
  readonly onAttempt?: (keyFile: string) => void;
  /**
   * The caller gives the bytes up (read by readPackageFileSync): the ZIP is restored inside them
   * instead of copied (the source hash is still that of the file as read).
   */
  readonly inPlace?: boolean;
}

interface State {
  readonly bytes: Uint8Array;
  readonly keys: TrustedKeySet;
  readonly crypto: CryptoPort<KeyObject>;
  readonly options: VerifyOptions;
  parts?: TlsParts;
  statement?: PackageStatement;
  key?: TrustedKey;
}

type Check = (s: State) => void;

const decodeContainer: Check = (s) => {
  s.parts = decodeTls(s.bytes, s.options.inPlace === true);
};

const parseStatement: Check = (s) => {
  s.statement = decodeStatement(s.parts!.statementBytes);
};

const selectKey: Check = (s) => {
  const st = s.statement!;
  const { keys, problems } = s.keys;
  if (keys.length === 0 && problems.length === 0) {
    throw new AuthorityError(
      'TLS_NO_KEYS',
      `No *_tls.key public key files in ${s.keys.directorDir}: no package can be validated. Put the signer's public key there.`,
      {
        data: { directorDir: s.keys.directorDir },
      },
    );
  }
  const unreadable = s.keys.revocations?.unreadable;
  if (unreadable !== undefined) {
    throw new AuthorityError(
      'TLS_REVOCATIONS_UNREADABLE',
      `${REVOKED_KEYS_FILE} cannot be read (${unreadable}): no package loads while it cannot, since any key might be revoked. Make it a readable regular file of at most 256 KiB, or remove it.`,
      { data: { directorDir: s.keys.directorDir } },
    );
  }
  const revoked = s.keys.revocations?.revoked.get(st.keyId);
  if (revoked !== undefined) {
    throw new AuthorityError(
      'TLS_KEY_REVOKED',
      `The package is signed by key ${st.keyId}, which ${REVOKED_KEYS_FILE} in ${s.keys.directorDir} revokes: nothing it signed loads. Sign the package again with a key that is not revoked.`,
      {
        data: { keyId: st.keyId },
      },
    );
  }
  const match = keys.find((k) => k.keyId === st.keyId);
  if (match !== undefined) {
    s.key = match;
    return;
  }
  const refused = problems.find((p) => p.keyId === st.keyId);
  if (refused !== undefined) throw refused.error;
  const tried = [...keys.map((k) => k.file), ...problems.map((p) => `${p.file} (unusable: ${p.error.code})`)];
  throw new AuthorityError(
    'TLS_UNKNOWN_KEY',
    `The package is signed by key ${st.keyId}, and no *_tls.key in ${s.keys.directorDir} is that key (tried: ${tried.join(', ') || 'none usable'}). Install the signer's public key.`,
    { data: { keyId: st.keyId, tried } },
  );
};

const checkSignature: Check = (s) => {
  s.options.onAttempt?.(s.key!.file);
  const ok = s.crypto.verify(
    s.statement!.algorithm,
    s.key!.key,
    signedBytes(s.parts!.statementBytes),
    s.parts!.signature,
  );
  if (!ok) {
    throw new AuthorityError(
      'TLS_SIGNATURE_INVALID',
      `The package's signature does not verify with ${s.key!.file}: the package was altered or damaged.`,
      {
        data: { keyFile: s.key!.file },
      },
    );
  }
};

const checkDigest: Check = (s) => {
  const actual = toHex(s.crypto.sha256(s.parts!.zip));
  if (actual !== s.statement!.zipSha256) {
    throw new AuthorityError(
      'TLS_DIGEST_MISMATCH',
      'The package contents do not match their signed SHA-256: the package was altered or damaged after signing.',
      {
        data: { expected: s.statement!.zipSha256, actual },
      },
    );
  }
};

const checkName: Check = (s) => {
  const name = s.options.fileName;
  if (name === undefined) return;
  const expected = packageFileName(s.statement!.group, s.statement!.version);
  if (name !== expected) {
    throw new AuthorityError(
      'TLS_NAME_MISMATCH',
      `The file is named ${name}, but it is signed as group "${s.statement!.group}" version ${s.statement!.version ?? '(none)'}, so its name must be ${expected}. Renaming a package cannot change its group or version.`,
      { data: { fileName: name, expected } },
    );
  }
};

const checkScope: Check = (s) => {
  const groups = s.key!.groups;
  const group = s.statement!.group;
  if (groups === undefined || groups === null || groups.includes(group)) return;
  throw new AuthorityError(
    'TLS_KEY_OUT_OF_SCOPE',
    `The package of group "${group}" is signed by ${s.key!.file}, whose scope file allows only ${groups.length === 0 ? 'no group' : groups.map((g) => `"${g}"`).join(', ')}.`,
    { data: { group, keyFile: s.key!.file, groups } },
  );
};

/** In order: framing, statement, key (revocation), signature, digest, scope, name. */
const CHECKS: readonly Check[] = [
  decodeContainer,
  parseStatement,
  selectKey,
  checkSignature,
  checkDigest,
  checkScope,
  checkName,
];

/** Verify a .tls; throws the AuthorityError of the first check that fails. */
export function verifyPackageWith(
  crypto: CryptoPort<KeyObject>,
  bytes: Uint8Array,
  keys: TrustedKeySet,
  sourceHash: () => string,
  options: VerifyOptions = {},
): VerifiedPackage {
  const s: State = { bytes, keys, crypto, options };
  for (const check of CHECKS) check(s);
  const st = s.statement!;
  let hash: string | undefined;
  return {
    // Hashing a large file costs; tlsinfo never asks for it, the Source Authority always does.
    get sourceHash(): string {
      return (hash ??= sourceHash());
    },
    group: st.group,
    version: st.version,
    createdAt: st.createdAt,
    keyId: st.keyId,
    keyFile: s.key!.file,
    zip: s.parts!.zip,
  };
}
