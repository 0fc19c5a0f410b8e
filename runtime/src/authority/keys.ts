/**
 * Public and private keys: reading them, their strength, their id. RSA (at least 2048 bits,
 * e >= 65537) and Ed25519. The `openssl genrsa` / `openssl rsa -pubout` outputs load as they are.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AuthorityError, GOOD_KEY_HOWTO } from '../protocol/package-codes';
import type { SignatureAlgorithm } from '../protocol/crypto-port';
import { messageOf } from '../protocol/caught';

export const MIN_RSA_BITS = 2048;
export const MIN_RSA_EXPONENT = 65537n;

/** First 32 hex digits of SHA-256 of the public key's SubjectPublicKeyInfo DER. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const der = pub.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 32);
}

/** The algorithm a key signs with: PSS for RSA (PKCS#1 v1.5 signatures verify too). */
export function signingAlgorithmOf(key: KeyObject): SignatureAlgorithm {
  return key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa-pss-sha256';
}

/** Throws KEY_UNSUPPORTED or KEY_WEAK when `key` may not sign or verify packages. */
export function checkKeyStrength(key: KeyObject, file: string): void {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return;
  if (type !== 'rsa' && type !== 'rsa-pss') {
    throw new AuthorityError(
      'KEY_UNSUPPORTED',
      `The key in ${file} is a ${type ?? 'unknown'} key; packages are signed with RSA or Ed25519 keys. ${GOOD_KEY_HOWTO}`,
      {
        data: { file, type },
      },
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const e = key.asymmetricKeyDetails?.publicExponent ?? 0n;
  if (bits < MIN_RSA_BITS) {
    throw new AuthorityError(
      'KEY_WEAK',
      `The RSA key in ${file} has ${bits} bits; at least ${MIN_RSA_BITS} are required. ${GOOD_KEY_HOWTO}`,
      {
        data: { file, bits },
      },
    );
  }
  if (e < MIN_RSA_EXPONENT) {
    throw new AuthorityError(
      'KEY_WEAK',
      `The RSA key in ${file} has public exponent ${e}; at least ${MIN_RSA_EXPONENT} is required. ${GOOD_KEY_HOWTO}`,
      {
        data: { file, exponent: String(e) },
      },
    );
  }
}

/** Parse a public key from PEM text (SPKI `BEGIN PUBLIC KEY`, or PKCS#1 `BEGIN RSA PUBLIC KEY`). */
export function parsePublicKey(pem: string | Buffer, file: string): KeyObject {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(String(pem))) {
    // Never trust a private key lying in the director dir as if it were public: say so.
    throw new AuthorityError(
      'KEY_UNREADABLE',
      `${file} holds a PRIVATE key. Only the public key belongs in the director dir: \`openssl pkey -in ${file} -pubout\` prints it; keep the private key where packages are built.`,
      {
        data: { file },
      },
    );
  }
  try {
    return createPublicKey(pem);
  } catch (e) {
    throw new AuthorityError(
      'KEY_UNREADABLE',
      `${file} does not hold a PEM public key (${messageOf(e)}). A *_tls.key file is made by \`openssl rsa -in k.pem -pubout -out k_tls.key\` or \`director keygen\`.`,
      {
        data: { file },
        cause: e,
      },
    );
  }
}

/** Parse a private key from PEM text. Encrypted keys are refused (gensrc does not prompt). */
export function parsePrivateKey(pem: string | Buffer, file: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (e) {
    const msg = messageOf(e);
    const hint =
      /passphrase|encrypted/i.test(msg) || /ENCRYPTED/.test(String(pem))
        ? ' The key is protected by a passphrase; gensrc needs an unencrypted key file.'
        : ' Give the private key file (PEM) made by `openssl genrsa` or `director keygen`.';
    throw new AuthorityError('KEY_UNREADABLE', `${file} does not hold a usable private key (${msg}).${hint}`, {
      data: { file },
      cause: e,
    });
  }
}
