/**
 * TLS_Keep_Limit: after a load completes, keep the newest `keepLimit` package files of the group
 * and delete older ones, but never the file of a loaded source (it may be needed to restore it).
 */
import { compareVersions } from './version-compare';

export interface PackageFile {
  readonly path: string;
  readonly version: string | null;
}

/** The files to delete, oldest last. */
export function choosePrunes(
  files: readonly PackageFile[],
  keepLimit: number,
  loadedPaths: readonly string[],
): string[] {
  const newestFirst = [...files].sort((a, b) => compareVersions(b.version, a.version));
  return newestFirst
    .slice(keepLimit)
    .map((f) => f.path)
    .filter((p) => !loadedPaths.includes(p));
}
