/**
 * The codes of the package area (the .tls format, its verification and safe extraction).
 * They travel on the wire in `{ code, message, data }` when a load is refused, so they live in
 * the contracts module. Documented in docs/errors/authority.md; pinned by test/packager.
 */
import { DirectorError } from './errors';

/**
 * Every code of this area, in one runtime list; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against docs/errors/authority.md both ways.
 */
export const AUTHORITY_ERROR_CODES = [
  // The container
  'TLS_MALFORMED_HEADER',
  'TLS_UNSUPPORTED_FORMAT',
  'TLS_TRUNCATED',
  'TLS_BAD_STATEMENT',
  // Authentication
  'TLS_NO_KEYS',
  'TLS_UNKNOWN_KEY',
  'TLS_SIGNATURE_INVALID',
  'TLS_DIGEST_MISMATCH',
  'TLS_NAME_MISMATCH',
  /** The signing key's NAME_tls.groups does not list the package's group. */
  'TLS_KEY_OUT_OF_SCOPE',
  /** The signing key is listed in revoked_keys.cfg. */
  'TLS_KEY_REVOKED',
  /** revoked_keys.cfg exists but cannot be read: nothing loads (fail closed). */
  'TLS_REVOCATIONS_UNREADABLE',
  // Keys
  'KEY_UNREADABLE',
  'KEY_UNSUPPORTED',
  'KEY_WEAK',
  // The ZIP inside, after verification
  'ZIP_INVALID',
  'ENTRY_UNSAFE_NAME',
  'ENTRY_DUPLICATE',
  'ENTRY_SYMLINK',
  'ENTRY_TOO_MANY',
  'ENTRY_TOO_LARGE',
  'ZIP_BOMB',
  'ENTRY_DAMAGED',
] as const;

export type AuthorityErrorCode = (typeof AUTHORITY_ERROR_CODES)[number];

/**
 * CLI exit codes. 6 and 7 are the original's (damaged member, no key validates); the others are
 * new and listed in docs/errors/authority.md.
 */
export const AUTHORITY_EXIT_CODES: { readonly [C in AuthorityErrorCode]: number } = {
  TLS_MALFORMED_HEADER: 11,
  TLS_UNSUPPORTED_FORMAT: 11,
  TLS_TRUNCATED: 7,
  TLS_BAD_STATEMENT: 11,
  TLS_NO_KEYS: 7,
  TLS_UNKNOWN_KEY: 7,
  TLS_SIGNATURE_INVALID: 7,
  TLS_DIGEST_MISMATCH: 7,
  TLS_NAME_MISMATCH: 7,
  TLS_KEY_OUT_OF_SCOPE: 7,
  TLS_KEY_REVOKED: 7,
  TLS_REVOCATIONS_UNREADABLE: 7,
  KEY_UNREADABLE: 10,
  KEY_UNSUPPORTED: 10,
  KEY_WEAK: 10,
  ZIP_INVALID: 6,
  ENTRY_UNSAFE_NAME: 12,
  ENTRY_DUPLICATE: 12,
  ENTRY_SYMLINK: 12,
  ENTRY_TOO_MANY: 12,
  ENTRY_TOO_LARGE: 12,
  ZIP_BOMB: 12,
  ENTRY_DAMAGED: 6,
};

/** A package that cannot be trusted or used, or a key that cannot be used to trust one. */
export class AuthorityError extends DirectorError<AuthorityErrorCode> {
  constructor(code: AuthorityErrorCode, message: string, options: { data?: unknown; cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: AUTHORITY_EXIT_CODES[code] });
  }
}

/** The text every "your key is too weak" message ends with: how to make a good one. */
export const GOOD_KEY_HOWTO =
  'Make a strong key pair with `director keygen NAME` (Ed25519), or with openssl: ' +
  '`openssl genpkey -algorithm ed25519 -out k.pem && openssl pkey -in k.pem -pubout -out k_tls.key`, or ' +
  '`openssl genrsa -out k.pem 3072 && openssl rsa -in k.pem -pubout -out k_tls.key`.';
