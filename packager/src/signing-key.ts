/** The private key gensrc signs with: read, checked for strength, with its key id. */
import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { AuthorityError } from '../../runtime/src/protocol/package-codes';
import type { SignatureAlgorithm } from '../../runtime/src/protocol/crypto-port';
import { checkKeyStrength, keyIdOf, parsePrivateKey, signingAlgorithmOf } from '../../runtime/src/authority/index';
import { messageOf } from '../../runtime/src/protocol/caught';

export interface SigningKey {
  readonly file: string;
  readonly key: KeyObject;
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
}

/** Throws AuthorityError KEY_UNREADABLE, KEY_UNSUPPORTED or KEY_WEAK. */
export async function loadSigningKey(file: string): Promise<SigningKey> {
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (e) {
    throw new AuthorityError('KEY_UNREADABLE', `Cannot read the private key file ${file}: ${messageOf(e)}.`, {
      data: { file },
      cause: e,
    });
  }
  const key = parsePrivateKey(pem, file);
  checkKeyStrength(key, file);
  return { file, key, keyId: keyIdOf(key), algorithm: signingAlgorithmOf(key) };
}
