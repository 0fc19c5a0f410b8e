/**
 * The Available view's data: `director avail --json` when this build has it, else the director
 * dir's file names with each package's source hash (first 32 hex of its SHA-256) computed here.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { buildAvailListing, type AvailListing, type DirEntry } from '../model/avail-listing';
import { decodeAvailJson } from '../model/avail-json';
import { parsePackageFileName } from '../../../runtime/src/protocol/package-name';
import type { DirectorRunner } from '../runner';

function sourceHash(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex').slice(0, 32)));
  });
}

export async function scanDirectorDir(directorDir: string): Promise<AvailListing> {
  let names: string[];
  try {
    names = await readdir(directorDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { directorDir, groups: [] };
    throw e;
  }
  const entries: DirEntry[] = await Promise.all(
    names.map(async (name) => {
      if (parsePackageFileName(name) === undefined) return { name };
      try {
        return { name, hash: await sourceHash(path.join(directorDir, name)) };
      } catch {
        return { name }; // removed while we read it: the watcher brings the next listing
      }
    }),
  );
  return buildAvailListing(directorDir, entries);
}

export async function readAvailable(runner: DirectorRunner, directorDir: string): Promise<AvailListing> {
  const r = await runner.run(['avail', '--json'], { quiet: true, timeoutMs: 10_000 });
  if (r.code === 0) {
    try {
      return decodeAvailJson(JSON.parse(r.out));
    } catch {
      // An avail without --json prints its text layout: fall back to reading the dir ourselves.
    }
  }
  return scanDirectorDir(directorDir);
}
