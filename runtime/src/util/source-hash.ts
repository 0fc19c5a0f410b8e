/**
 * The source hash, defined once: the first 32 hex digits of the SHA-256 of a whole .tls file.
 * It names a package everywhere (the Director's record, `avail`, `list`, the daemon's copies,
 * convention transfers, the extension's views), so the authority, the Director, the packager and
 * the toolchain API all import it from here. A leaf: it imports nothing of the repo.
 */
import { createHash } from 'node:crypto';

/** Hex digits kept of the SHA-256. */
export const SOURCE_HASH_LENGTH = 32;

/** The source hash of a file's bytes, given whole or as consecutive pieces (hashed as one). */
export function sourceHashOf(bytes: Uint8Array | readonly Uint8Array[]): string {
  const h = createHash('sha256');
  if (bytes instanceof Uint8Array) h.update(bytes);
  else for (const piece of bytes) h.update(piece);
  return h.digest('hex').slice(0, SOURCE_HASH_LENGTH);
}
