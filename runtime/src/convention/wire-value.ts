/**
 * Actor messages on a convention link are JSON; byte arrays (allowed in plain data) travel as
 * `{ "$bytes": base64 }`, and a plain object whose only key is `$bytes` or `$plain` is escaped
 * as `{ "$plain": obj }` so that decoding is exact.
 */
import type { JsonValue } from '../protocol/json-value';

export function encodeWireValue(v: unknown): JsonValue {
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map(encodeWireValue);
  if (typeof v === 'object' && v !== null) {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeWireValue(x);
    const keys = Object.keys(out);
    if (keys.length === 1 && (keys[0] === '$bytes' || keys[0] === '$plain')) return { $plain: out };
    return out;
  }
  return v as JsonValue;
}

export function decodeWireValue(v: JsonValue): unknown {
  if (Array.isArray(v)) return v.map(decodeWireValue);
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$bytes' && typeof v['$bytes'] === 'string')
      return new Uint8Array(Buffer.from(v['$bytes'], 'base64'));
    if (
      keys.length === 1 &&
      keys[0] === '$plain' &&
      typeof v['$plain'] === 'object' &&
      v['$plain'] !== null &&
      !Array.isArray(v['$plain'])
    ) {
      const inner = v['$plain'];
      const out: { [k: string]: unknown } = {};
      for (const [k, x] of Object.entries(inner)) out[k] = decodeWireValue(x);
      return out;
    }
    const out: { [k: string]: unknown } = {};
    for (const [k, x] of Object.entries(v)) out[k] = decodeWireValue(x);
    return out;
  }
  return v;
}
