/**
 * The one module of the package code that touches node:crypto: it implements the protocol's
 * CryptoPort/SigningPort over KeyObjects. No openssl subprocess anywhere in product code.
 */
import { createHash, sign, verify, constants, type KeyObject } from 'node:crypto';
import type { CryptoPort, SignatureAlgorithm, SigningPort } from '../protocol/crypto-port';

export function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

function keyOptions(
  algorithm: SignatureAlgorithm,
  key: KeyObject,
): { key: KeyObject; padding?: number; saltLength?: number } {
  switch (algorithm) {
    case 'ed25519':
      return { key };
    case 'rsa-pkcs1-sha256':
      return { key, padding: constants.RSA_PKCS1_PADDING };
    case 'rsa-pss-sha256':
      // Salt as long as the digest: the usual choice, and what we sign with.
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  }
}

function digestOf(algorithm: SignatureAlgorithm): string | null {
  return algorithm === 'ed25519' ? null : 'sha256';
}

export const nodeCrypto: CryptoPort<KeyObject> & SigningPort<KeyObject> = {
  sha256,
  verify(algorithm, publicKey, data, signature) {
    const kind = publicKey.asymmetricKeyType;
    if (algorithm === 'ed25519' ? kind !== 'ed25519' : kind !== 'rsa' && kind !== 'rsa-pss') return false;
    try {
      return verify(digestOf(algorithm), data, keyOptions(algorithm, publicKey), signature);
    } catch {
      // A signature of the wrong length or shape is simply not valid.
      return false;
    }
  },
  sign(algorithm, privateKey, data) {
    return sign(digestOf(algorithm), data, keyOptions(algorithm, privateKey));
  },
};
