/**
 * The dev key live loading signs with: made on first use in the extension's global storage (per
 * user, outside every workspace), mode 0600, its public half put into the director dir so the
 * Source Authority accepts what it signed. The location is this one function, so that it can
 * follow wherever the extension keeps its other keys.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeOf, messageOf } from '../../../runtime/src/protocol/caught';

/** The dev key's name: `vscode-dev.pem`, and `vscode-dev_tls.key` in the director dir. */
export const DEV_KEY_NAME = 'vscode-dev';

export function devKeyPath(globalStorage: string): string {
  return path.join(globalStorage, 'dev-keys', `${DEV_KEY_NAME}.pem`);
}

/**
 * The dev key, made with the toolchain's `keygen()` the first time. When the private key exists but the
 * director dir (changed since) lacks its public key, the public key is derived and written there.
 */
export async function ensureDevKey(
  globalStorage: string,
  directorDir: string,
  keygen: (cwd: string, name: string) => Promise<unknown>,
): Promise<string> {
  const file = devKeyPath(globalStorage);
  const pub = path.join(directorDir, `${DEV_KEY_NAME}_tls.key`);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    await keygen(path.dirname(file), DEV_KEY_NAME).catch((e: unknown) => {
      const code = codeOf(e);
      throw new Error(`making the dev key failed: director: ${messageOf(e)}${code !== undefined ? ` [${code}]` : ''}`);
    });
  }
  if (!existsSync(pub)) {
    mkdirSync(directorDir, { recursive: true });
    const spki = createPublicKey(readFileSync(file, 'utf8')).export({ type: 'spki', format: 'pem' }) as string;
    writeFileSync(pub, spki, { mode: 0o644 });
  }
  return file;
}
