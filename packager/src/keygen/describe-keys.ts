/**
 * The director dir's keys as data (the toolchain API's `describeKeys`, which the extension's Keys
 * view shows): every `*_tls.key` with its key id, algorithm and strength, and which of the dir's
 * packages each one verifies (each package is verified against the dir's keys, as tlsinfo does),
 * the groups it may sign (`NAME_tls.groups`) and whether `revoked_keys.cfg` revokes it. Unusable
 * key files are listed with their error code.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { loadTrustedKeys, verifyPackage } from '../../../runtime/src/authority/index';
import { listDirectorDir } from '../dir-packages';

export interface KeyInfo {
  readonly file: string;
  readonly name: string;
  readonly keyId: string | null;
  /** `Ed25519`, `RSA`, or what the file holds. */
  readonly algorithm: string;
  /** `128-bit security (Ed25519)`, `RSA 3072 bits`. */
  readonly strength: string;
  /** The error code when the key cannot be used. */
  readonly problem?: string;
  /** Package files (names in the director dir) this key verifies (signed by it, revoked or not). */
  readonly signed: readonly string[];
  /** The groups it may sign; null: any group (no `NAME_tls.groups`). */
  readonly groups: readonly string[] | null;
  /** Listed in `revoked_keys.cfg`: packages it signed are refused. */
  readonly revoked: boolean;
}

export async function describeKeys(directorDir: string): Promise<KeyInfo[]> {
  const set = await loadTrustedKeys(directorDir);
  const revoked = set.revocations?.revoked ?? new Map<string, unknown>();
  // Which key signed a package is shown whether or not the key is revoked since: the view answers
  // "what did this key sign" (a revoked key's packages are what the operator must look at).
  const unrevoked = { ...set, revocations: { revoked: new Map(), problems: [] } };
  const signed = new Map<string, string[]>();
  const listing = await listDirectorDir(directorDir).catch(() => undefined);
  for (const files of listing?.packages.values() ?? []) {
    for (const f of files) {
      try {
        const v = verifyPackage(await readFile(path.join(directorDir, f)), unrevoked);
        signed.set(v.keyFile, [...(signed.get(v.keyFile) ?? []), f]);
      } catch {
        // Not verifiable by any key here: it appears under no key.
      }
    }
  }
  const out: KeyInfo[] = set.keys.map((k) => {
    const type = k.key.asymmetricKeyType ?? 'unknown';
    const bits = k.key.asymmetricKeyDetails?.modulusLength;
    return {
      file: k.file,
      name: path.basename(k.file),
      keyId: k.keyId,
      algorithm: type === 'ed25519' ? 'Ed25519' : type.toUpperCase(),
      strength: type === 'ed25519' ? '128-bit security' : bits !== undefined ? `${bits} bits` : 'unknown',
      signed: signed.get(k.file) ?? [],
      groups: k.groups ?? null,
      revoked: revoked.has(k.keyId),
    };
  });
  for (const p of set.problems) {
    out.push({
      file: p.file,
      name: path.basename(p.file),
      keyId: p.keyId ?? null,
      algorithm: '?',
      strength: 'not usable',
      problem: p.error.code,
      signed: [],
      groups: null,
      revoked: p.keyId !== undefined && revoked.has(p.keyId),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
