/**
 * keygen's core, also called by the VS Code extension's key-pair helper: make a key pair, write
 * the private key (PKCS#8 PEM, mode 0600) and the public key (SPKI PEM) as `NAME_tls.key` into
 * the director dir. Never overwrites a key file.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { KEY_FILE_SUFFIX, keyIdOf, MIN_RSA_BITS } from '../../../runtime/src/authority/index';
import { PackagerError } from '../errors';

export type KeyType = 'ed25519' | 'rsa';

export interface KeyPairRequest {
  /** `NAME` or a path `dir/NAME`: the private key is NAME.pem there, the public key NAME_tls.key. */
  readonly name: string;
  readonly type?: KeyType;
  /** RSA only; default 3072. */
  readonly bits?: number;
  /** Folder a relative `name` is resolved against. */
  readonly cwd: string;
  readonly directorDir: string;
}

export interface KeyPairResult {
  readonly privateKeyFile: string;
  readonly publicKeyFile: string;
  readonly keyId: string;
  readonly type: KeyType;
  readonly bits?: number;
}

export const DEFAULT_RSA_BITS = 3072;
const MAX_RSA_BITS = 16384;

/** Write `data` to `file` only if it does not exist: temp file, fsync, hard link (fails if taken). */
async function writeNew(file: string, data: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const h = await open(tmp, 'wx', mode);
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
  try {
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PackagerError(
        'KEY_EXISTS',
        `${file} already exists; keygen never overwrites a key. Choose another NAME or remove the old key first.`,
        { data: { file } },
      );
    }
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

function makeKeys(type: KeyType, bits: number): { privateKey: KeyObject; publicKey: KeyObject } {
  return type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 });
}

export async function generateKeyPair(req: KeyPairRequest): Promise<KeyPairResult> {
  const type = req.type ?? 'ed25519';
  // The command's parsing refuses these, but the toolchain's keygen() hands its options straight
  // here: a type it does not know would make an RSA key of any size (512 bits too).
  const given: unknown = type;
  if (given !== 'ed25519' && given !== 'rsa')
    throw new PackagerError('KEYGEN_BAD_TYPE', `Unknown key type "${String(given)}": use rsa or ed25519.`);
  if (type === 'ed25519' && req.bits !== undefined)
    throw new PackagerError('KEYGEN_BAD_TYPE', 'Ed25519 keys have no size; give the bits only with rsa.');
  const bits = req.bits ?? DEFAULT_RSA_BITS;
  if (type === 'rsa' && (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS || bits % 8 !== 0)) {
    throw new PackagerError(
      'KEYGEN_BAD_TYPE',
      `RSA keys must have ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits, a multiple of 8 (got ${bits}); ${DEFAULT_RSA_BITS} is a good choice.`,
    );
  }
  const base = path.basename(req.name).replace(/\.pem$/, '');
  if (base === '' || base.startsWith('.'))
    throw new PackagerError(
      'KEYGEN_BAD_NAME',
      `"${req.name}" is not a usable key NAME: give a plain name such as signer, or a path ending in one.`,
    );
  const privateKeyFile = path.resolve(req.cwd, path.dirname(req.name), `${base}.pem`);
  const publicKeyFile = path.join(req.directorDir, `${base}${KEY_FILE_SUFFIX}`);
  const { privateKey, publicKey } = makeKeys(type, bits);
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  // Refuse before writing anything if the public key's place is taken.
  await writeNew(privateKeyFile, privatePem, 0o600);
  try {
    await writeNew(publicKeyFile, publicPem, 0o644);
  } catch (e) {
    await unlink(privateKeyFile).catch(() => undefined);
    throw e;
  }
  return { privateKeyFile, publicKeyFile, keyId: keyIdOf(publicKey), type, ...(type === 'rsa' ? { bits } : {}) };
}
