/**
 * The convention secret (`convention.secret`, 32 random bytes as 64 hex digits, mode 0600) and
 * the challenge–response proofs made with it. The secret never leaves this module: only HMACs
 * of fresh nonces cross the wire.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConventionError } from './convention-error';
import { messageOf } from '../protocol/caught';

export const SECRET_FILE = 'convention.secret';
export const SECRET_BYTES = 32;

/** Opaque holder, so the bytes are not printed by accident. */
export interface ConventionSecret {
  readonly file: string;
  /** HMAC-SHA256 of `text`, hex. */
  prove(text: string): string;
}

export function secretFromBytes(bytes: Uint8Array, file = '(given)'): ConventionSecret {
  const key = Buffer.from(bytes);
  return { file, prove: (text) => createHmac('sha256', key).update(text, 'utf8').digest('hex') };
}

/** The secret file's text for `bytes`. */
export function secretFileText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex') + '\n';
}

export function newSecretBytes(): Uint8Array {
  return new Uint8Array(randomBytes(SECRET_BYTES));
}

/** A fresh nonce: 32 random bytes as 64 hex digits. */
export function newNonce(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time equality of two hex proofs. */
export function proofsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

/** Read `convention.secret` of `directorDir`; undefined when absent; throws when present but unusable. */
export async function readSecret(directorDir: string): Promise<ConventionSecret | undefined> {
  const file = path.join(directorDir, SECRET_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConventionError(
      'CONVENTION_SECRET_INVALID',
      `cannot read ${file}: ${messageOf(e)}; make it readable by the daemon's user (mode 0600)`,
    );
  }
  if (process.platform !== 'win32') {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ConventionError(
        'CONVENTION_SECRET_INVALID',
        `${file} is readable by others (mode ${mode.toString(8).padStart(4, '0')}); run \`chmod 600 ${file}\` — whoever reads it can join the convention`,
        { data: { file, mode } },
      );
    }
  }
  const hex = text.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0 || hex.length < SECRET_BYTES * 2) {
    throw new ConventionError(
      'CONVENTION_SECRET_INVALID',
      `${file} must hold at least ${SECRET_BYTES} bytes as hex digits (as \`director convsecret\` writes it); make a new one with \`director convsecret --force\` and copy it to every member`,
      { data: { file } },
    );
  }
  return secretFromBytes(Buffer.from(hex, 'hex'), file);
}

/** {@link readSecret}, but absence is an error too. */
export async function requireSecret(directorDir: string): Promise<ConventionSecret> {
  const s = await readSecret(directorDir);
  if (s === undefined) {
    const file = path.join(directorDir, SECRET_FILE);
    throw new ConventionError(
      'CONVENTION_SECRET_MISSING',
      `${file} is missing: make it with \`director convsecret\` on one host and copy it (mode 0600) to every member's director dir`,
      { data: { file } },
    );
  }
  return s;
}
