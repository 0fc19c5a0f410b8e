/** `director keygen NAME [rsa [BITS] | ed25519]`. */
import type { CommandSpec } from '../../../cli/framework/command';
import { usageError } from '../../../cli/framework/cli-error';
import { PackagerError } from '../errors';
import { DEFAULT_RSA_BITS, generateKeyPair, type KeyType } from './generate-key-pair';

function parse(args: readonly string[]): { name: string; type: KeyType; bits?: number } {
  const [name, type, bits, ...extra] = args;
  if (name === undefined || extra.length > 0)
    throw usageError(keygenCommand, 'keygen takes NAME and an optional key type');
  if (type === undefined || type === 'ed25519') {
    if (bits !== undefined) throw usageError(keygenCommand, 'Ed25519 keys have no size; give BITS only with rsa');
    return { name, type: 'ed25519' };
  }
  if (type !== 'rsa') throw new PackagerError('KEYGEN_BAD_TYPE', `Unknown key type "${type}": use rsa or ed25519.`);
  if (bits === undefined) return { name, type: 'rsa' };
  if (!/^[0-9]+$/.test(bits)) throw new PackagerError('KEYGEN_BAD_TYPE', `"${bits}" is not a number of bits.`);
  return { name, type: 'rsa', bits: Number(bits) };
}

export const keygenCommand: CommandSpec = {
  name: 'keygen',
  usage: 'keygen NAME [rsa [BITS] | ed25519]',
  summary: 'Makes a key pair for signing packages: NAME.pem here, NAME_tls.key in the director dir.',
  description: [
    "Writes the private key NAME.pem (mode 0600) in the current folder (or where NAME's path",
    'says) and the public key NAME_tls.key into $THESPIAN_DIRECTOR_DIR (created if missing).',
    `The default is Ed25519; rsa makes an RSA key of BITS bits (default ${DEFAULT_RSA_BITS}, at least 2048).`,
    'Never overwrites an existing key file. Copy NAME_tls.key to every host that loads your',
    'packages; keep NAME.pem only where packages are built.',
  ].join('\n'),
  async run(ctx, args) {
    const p = parse(args);
    const r = await generateKeyPair({ ...p, cwd: ctx.cwd, directorDir: ctx.directorDir });
    ctx.out.write(
      `Wrote private key ${r.privateKeyFile}\nWrote public key ${r.publicKeyFile}\nKey id ${r.keyId} (${r.type}${r.bits !== undefined ? ` ${r.bits} bits` : ''})\n`,
    );
    return 0;
  },
};
