/**
 * TLS_Keep_Limit pruning after a load (the Director's `prune` effect): keep the newest files of
 * the group in the director dir, never the file of a loaded source (core/keep-limit.ts chooses).
 * A failure is logged, never raised: pruning is housekeeping, the load has succeeded.
 */
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parsePackageFileName } from '../protocol/package-name';
import { signedGroupPackages } from '../authority/signed-identity';
import { choosePrunes } from './core/keep-limit';

export async function pruneGroup(
  dir: string,
  group: string,
  keepLimit: number,
  loadedPaths: readonly string[],
  log: (level: 'info' | 'error', text: string) => void,
): Promise<void> {
  try {
    // A copy renamed to look newer (its signed name differs) neither counts nor is deleted: avail flags it.
    const misnamed = new Set((await signedGroupPackages(dir, group)).misnamed.map((m) => path.basename(m.file)));
    const files = (await readdir(dir))
      .map((name) => ({ name, parsed: parsePackageFileName(name) }))
      .filter((f) => f.parsed?.group === group && !misnamed.has(f.name))
      .map((f) => ({ path: path.join(dir, f.name), version: f.parsed?.version ?? null }));
    const loaded = loadedPaths.map((p) => path.resolve(p));
    for (const victim of choosePrunes(files, keepLimit, loaded)) {
      await unlink(victim);
      log('info', `TLS_Keep_Limit ${keepLimit} of group "${group}": removed ${victim}`);
    }
  } catch (err) {
    log('error', `TLS_Keep_Limit pruning of group "${group}" failed: ${String(err)}`);
  }
}
