/**
 * Safe extraction of a verified package's ZIP into memory (nothing is written to disk): every
 * entry is checked (./safe-entries) before anything is inflated, sizes are enforced while
 * inflating, and each member's CRC-32 is checked.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import type yauzl from 'yauzl';
import { AuthorityError } from '../protocol/package-codes';
import {
  checkEntries,
  DEFAULT_EXTRACTION_LIMITS,
  type EntryFacts,
  type ExtractionLimits,
} from '../protocol/safe-entries';
import { messageOf } from '../protocol/caught';

// Required at the first package, not imported: a daemon that has loaded nothing does not hold
// yauzl's code (part of issue 14's idle RSS).
let yauzlLib: typeof yauzl | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
const zipLib = (): typeof yauzl => (yauzlLib ??= require('yauzl') as typeof yauzl);

interface RawEntry {
  readonly entry: yauzl.Entry;
  readonly facts: EntryFacts;
}

function zipInvalid(why: string, cause?: unknown): AuthorityError {
  return new AuthorityError(
    'ZIP_INVALID',
    `The package's ZIP is damaged: ${why}.`,
    cause === undefined ? {} : { cause },
  );
}

function entryName(e: yauzl.Entry): string {
  const raw = e.fileNameRaw;
  // strictFileNames=true keeps backslashes as they are, so the safety check sees them.
  return zipLib().getFileNameLowLevel(e.generalPurposeBitFlag, raw, e.extraFields, true);
}

function asBuffer(zip: Uint8Array): Buffer {
  return Buffer.isBuffer(zip) ? zip : Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}

async function openZip(zip: Uint8Array): Promise<yauzl.ZipFile> {
  try {
    return await zipLib().fromBufferPromise(asBuffer(zip), {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    throw zipInvalid(messageOf(e), e);
  }
}

async function listEntries(zf: yauzl.ZipFile, limits: ExtractionLimits): Promise<RawEntry[]> {
  if (zf.entryCount > limits.maxEntries) {
    throw new AuthorityError(
      'ENTRY_TOO_MANY',
      `The package has ${zf.entryCount} entries, more than the limit of ${limits.maxEntries}.`,
      {
        data: { entries: zf.entryCount, limit: limits.maxEntries },
      },
    );
  }
  const out: RawEntry[] = [];
  try {
    for await (const entry of zf.eachEntry()) {
      out.push({
        entry,
        facts: {
          name: entryName(entry),
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
          externalFileAttributes: entry.externalFileAttributes,
          madeBy: entry.versionMadeBy >> 8,
        },
      });
    }
  } catch (e) {
    throw zipInvalid(messageOf(e), e);
  }
  return out;
}

/**
 * One member's bytes. The data is sliced from the ZIP in memory and inflated in one call: far
 * faster than yauzl's streams for large members, and the output cap (declared size + 1) stops a
 * bomb that lies about its size before it can fill memory.
 */
async function readEntry(zf: yauzl.ZipFile, zip: Buffer, raw: RawEntry): Promise<Uint8Array> {
  const { entry, facts } = raw;
  if (entry.isEncrypted()) throw zipInvalid(`the entry ${facts.name} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw zipInvalid(`the entry ${facts.name} uses compression method ${entry.compressionMethod}`);
  let start: number;
  try {
    start = (await zf.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart;
  } catch (e) {
    throw zipInvalid(`the local header of ${facts.name} is unreadable (${messageOf(e)})`, e);
  }
  if (start + entry.compressedSize > zip.length)
    throw zipInvalid(`the data of ${facts.name} runs past the end of the archive`);
  const packed = zip.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.compressionMethod === 0) {
    data = packed;
  } else {
    try {
      // One output chunk of the declared size: no concatenation copy of a large member.
      const limit = entry.uncompressedSize + 1;
      data = inflateRawSync(packed, {
        maxOutputLength: limit,
        chunkSize: Math.max(64, Math.min(limit, 64 * 1024 * 1024)),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw bomb(facts);
      throw new AuthorityError('ENTRY_DAMAGED', `Bad file in verified zipfile: ${facts.name} (${messageOf(e)}).`, {
        data: { entry: facts.name },
        cause: e,
      });
    }
  }
  if (data.length > entry.uncompressedSize) throw bomb(facts);
  if (data.length < entry.uncompressedSize) {
    throw new AuthorityError(
      'ENTRY_DAMAGED',
      `Bad file in verified zipfile: ${facts.name} (${data.length} bytes, ${entry.uncompressedSize} declared).`,
      { data: { entry: facts.name } },
    );
  }
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) {
    throw new AuthorityError('ENTRY_DAMAGED', `Bad file in verified zipfile: ${facts.name} (CRC-32 mismatch).`, {
      data: { entry: facts.name },
    });
  }
  return data;
}

function bomb(facts: EntryFacts): AuthorityError {
  return new AuthorityError(
    'ZIP_BOMB',
    `The package entry ${JSON.stringify(facts.name)} inflates to more than the ${facts.uncompressedSize} bytes it declares: refused as a zip bomb.`,
    {
      data: { entry: facts.name },
    },
  );
}

/**
 * Every plain-file entry of `zip`, name → bytes, in archive order. Directory entries are
 * dropped. Throws AuthorityError: ZIP_INVALID, ENTRY_UNSAFE_NAME, ENTRY_DUPLICATE,
 * ENTRY_SYMLINK, ENTRY_TOO_MANY, ENTRY_TOO_LARGE, ZIP_BOMB or ENTRY_DAMAGED.
 */
export async function readPackageEntries(
  zip: Uint8Array,
  limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS,
): Promise<Map<string, Uint8Array>> {
  const zf = await openZip(zip);
  const buf = asBuffer(zip);
  try {
    const entries = await listEntries(zf, limits);
    checkEntries(
      entries.map((e) => e.facts),
      limits,
    );
    const out = new Map<string, Uint8Array>();
    for (const raw of entries) {
      if (raw.facts.name.endsWith('/')) continue;
      out.set(raw.facts.name, await readEntry(zf, buf, raw));
    }
    return out;
  } finally {
    zf.close();
  }
}
