/**
 * Pure checks on the entries of a package's ZIP, run before anything is inflated and again while
 * inflating. A package that passes holds only plain files with relative, forward-slash names,
 * each once, within the caps. gensrc runs the same checks so it never writes a package the
 * verifier would refuse.
 */
import { AuthorityError } from './package-codes';

export interface ExtractionLimits {
  /** Most entries in one package. */
  readonly maxEntries: number;
  /** Most bytes of all entries together, unpacked. */
  readonly maxTotalBytes: number;
  /** Most bytes of one entry, unpacked. */
  readonly maxEntryBytes: number;
  /** Largest unpacked/packed ratio allowed for an entry bigger than `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

/** Generous for actor code with its npm dependencies; far below what hurts a host. */
export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** What the checks need to know about one entry (from the central directory). */
export interface EntryFacts {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** The high 16 bits hold the Unix mode when made on Unix. */
  readonly externalFileAttributes: number;
  /** Upper byte of "version made by": 3 = Unix. */
  readonly madeBy: number;
}

/** Why `name` is not a safe entry name, or undefined. Directory entries end with `/`. */
export function entryNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.includes('\\')) return 'it contains a backslash';
  if (name.includes('\u0000')) return 'it contains a NUL character';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'it contains a ".." segment';
  if (segments.some((s) => s === '.' || s === '')) return 'it contains an empty or "." segment';
  return undefined;
}

function isSymlink(e: EntryFacts): boolean {
  const mode = (e.externalFileAttributes >>> 16) & 0o170000;
  return e.madeBy === 3 && mode === 0o120000;
}

/**
 * Check the whole list of entries against the limits: names, duplicates, links, counts,
 * declared sizes and compression ratios. Throws the AuthorityError of the first problem.
 */
export function checkEntries(
  entries: readonly EntryFacts[],
  limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS,
): void {
  if (entries.length > limits.maxEntries) {
    throw new AuthorityError(
      'ENTRY_TOO_MANY',
      `The package has ${entries.length} entries, more than the limit of ${limits.maxEntries}.`,
      {
        data: { entries: entries.length, limit: limits.maxEntries },
      },
    );
  }
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    const problem = entryNameProblem(e.name);
    if (problem !== undefined) {
      throw new AuthorityError(
        'ENTRY_UNSAFE_NAME',
        `The package entry ${JSON.stringify(e.name)} is refused: ${problem}.`,
        { data: { entry: e.name } },
      );
    }
    const key = e.name.replace(/\/$/, '');
    if (seen.has(key)) {
      throw new AuthorityError(
        'ENTRY_DUPLICATE',
        `The package holds the entry ${JSON.stringify(e.name)} more than once.`,
        { data: { entry: e.name } },
      );
    }
    seen.add(key);
    if (isSymlink(e)) {
      throw new AuthorityError(
        'ENTRY_SYMLINK',
        `The package entry ${JSON.stringify(e.name)} is a symbolic link; packages hold only plain files.`,
        { data: { entry: e.name } },
      );
    }
    checkEntrySize(e, limits);
    total += e.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new AuthorityError(
        'ENTRY_TOO_LARGE',
        `The package unpacks to more than ${limits.maxTotalBytes} bytes, the limit.`,
        {
          data: { limit: limits.maxTotalBytes },
        },
      );
    }
  }
}

function checkEntrySize(e: EntryFacts, limits: ExtractionLimits): void {
  if (e.uncompressedSize > limits.maxEntryBytes) {
    throw new AuthorityError(
      'ENTRY_TOO_LARGE',
      `The package entry ${JSON.stringify(e.name)} unpacks to ${e.uncompressedSize} bytes, more than the limit of ${limits.maxEntryBytes}.`,
      {
        data: { entry: e.name, size: e.uncompressedSize, limit: limits.maxEntryBytes },
      },
    );
  }
  if (
    e.uncompressedSize > limits.ratioFloorBytes &&
    e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)
  ) {
    throw new AuthorityError(
      'ZIP_BOMB',
      `The package entry ${JSON.stringify(e.name)} claims ${e.uncompressedSize} bytes from ${e.compressedSize} packed (over ${limits.maxRatio}:1): refused as a zip bomb.`,
      { data: { entry: e.name, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize } },
    );
  }
}
