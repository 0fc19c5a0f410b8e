/**
 * Byte helpers for the protocol module, which has no TextEncoder or Buffer (no DOM or Node
 * types). The package header and statement are ASCII by construction, so ASCII is all we need.
 */

/** ASCII text to bytes; throws on a character above 0x7f, which the callers never produce. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) throw new RangeError(`not ASCII at ${i}`);
    out[i] = c;
  }
  return out;
}

/** Bytes to text when every byte is ASCII; undefined otherwise. */
export function asciiText(bytes: Uint8Array): string | undefined {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b > 0x7f) return undefined;
    s += String.fromCharCode(b);
  }
  return s;
}

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    s += HEX[b >> 4] + HEX[b & 15];
  }
  return s;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Index of `needle` in `hay` searching backwards from `from` (inclusive), or -1. */
export function lastIndexOfBytes(hay: Uint8Array, needle: Uint8Array, from = hay.length - needle.length): number {
  outer: for (let i = Math.min(from, hay.length - needle.length); i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
