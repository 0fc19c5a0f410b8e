/** Seal a ZIP into a signed .tls (format in runtime/src/protocol/package-format.ts). */
import { toHex } from '../../runtime/src/protocol/bytes';
import { encodeStatement, encodeTls, signedBytes, STATEMENT_FORMAT } from '../../runtime/src/protocol/package-format';
import { nodeCrypto } from '../../runtime/src/authority/index';
import type { SigningKey } from './signing-key';

export interface SealInput {
  readonly zip: Uint8Array;
  readonly group: string;
  readonly version: string | null;
  readonly createdAt: Date;
  readonly signingKey: SigningKey;
}

export function sealPackage(input: SealInput): Uint8Array {
  const statementBytes = encodeStatement({
    format: STATEMENT_FORMAT,
    group: input.group,
    version: input.version,
    createdAt: input.createdAt.toISOString(),
    keyId: input.signingKey.keyId,
    algorithm: input.signingKey.algorithm,
    zipSha256: toHex(nodeCrypto.sha256(input.zip)),
  });
  const signature = nodeCrypto.sign(input.signingKey.algorithm, input.signingKey.key, signedBytes(statementBytes));
  return encodeTls({ statementBytes, signature, zip: input.zip });
}
