/**
 * The authority's public surface for code outside the runtime (the packager, the toolchain API):
 * key parsing and strength rules, the trusted-key files, package verification and reading, and
 * the signed identity in a package header. The packager imports the authority only through this
 * file (test/architecture/imports.test.ts holds the rule), so the authority's rooms (the verifier's
 * checks, the zip reader, the Source Authority actor) can change without touching the packager.
 */
export { MIN_RSA_BITS, checkKeyStrength, keyIdOf, parsePrivateKey, signingAlgorithmOf } from './keys';
export { nodeCrypto } from './node-crypto';
export { readRegularFile } from './safe-read';
export { identityOfHeader, type SignedIdentity } from './signed-identity';
export { KEY_FILE_SUFFIX } from './trusted-keys';
export {
  AuthorityError,
  loadTrustedKeys,
  readPackageEntries,
  readPackageFileSync,
  verifyFile,
  verifyPackage,
  type AuthorityErrorCode,
  type KeyProblem,
  type TrustedKey,
  type TrustedKeySet,
  type VerifiedPackage,
  type VerifyOptions,
} from './verify-package';
