/**
 * Stands in for the npm package `buffer-crc32` inside the bundles (scripts/build.mjs aliases it
 * here). yazl computes every member's CRC-32 with it, in JavaScript, a byte at a time: ~10 ms per
 * MiB on the bench machine, the largest single cost of gensrc's zip step. Node's zlib.crc32 is
 * native and gives the same numbers. Same API and results as buffer-crc32 1.0 (test/cli checks
 * them against the real package).
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

type Input = Buffer | string | number;

function ensureBuffer(input: Input): Buffer {
  if (Buffer.isBuffer(input)) return input;
  if (typeof input === 'number') return Buffer.alloc(input);
  if (typeof input === 'string') return Buffer.from(input);
  throw new Error(`input must be buffer, number, or string, received ${typeof input}`);
}

function signed(input: Input, previous?: Buffer | number): number {
  const prev = Buffer.isBuffer(previous) ? previous.readUInt32BE(0) : ~~(previous ?? 0);
  return zlibCrc32(ensureBuffer(input), prev >>> 0) | 0;
}

function unsigned(input: Input, previous?: Buffer | number): number {
  return signed(input, previous) >>> 0;
}

/** The CRC as a 4-byte big-endian Buffer, as buffer-crc32's default export. */
function bufferCrc32(input: Input, previous?: Buffer | number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32BE(signed(input, previous), 0);
  return out;
}

const crc32 = Object.assign(bufferCrc32, { signed, unsigned });
export = crc32;
