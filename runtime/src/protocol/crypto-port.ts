/**
 * The crypto the pure package code needs, handed in by the caller. The protocol module cannot
 * import node:crypto (it compiles without Node types), so runtime/src/authority/node-crypto.ts
 * implements this port, and tests can too.
 */

/** How a package's statement is signed. RSA keys verify both paddings; the statement names the one used. */
export type SignatureAlgorithm = 'ed25519' | 'rsa-pkcs1-sha256' | 'rsa-pss-sha256';

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['ed25519', 'rsa-pkcs1-sha256', 'rsa-pss-sha256'];

/** `K` is the caller's key handle (a node:crypto KeyObject in the runtime). */
export interface CryptoPort<K> {
  sha256(data: Uint8Array): Uint8Array;
  verify(algorithm: SignatureAlgorithm, publicKey: K, data: Uint8Array, signature: Uint8Array): boolean;
}

export interface SigningPort<K> {
  sha256(data: Uint8Array): Uint8Array;
  sign(algorithm: SignatureAlgorithm, privateKey: K, data: Uint8Array): Uint8Array;
}
