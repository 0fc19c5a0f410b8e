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

/**
 * Deepest nesting a decoded message may have: what actors may send at all (plain data, 200
 * levels). A peer's frame is parsed without recursion, but decoding recurses: a message a million
 * deep overflowed the stack inside the socket's handler and ended the daemon.
 */
export const MAX_WIRE_DEPTH = 200;

/** Throws (a plain Error naming the depth) for a value nested deeper than {@link MAX_WIRE_DEPTH}. */
export function decodeWireValue(v: JsonValue, depth = 0): unknown {
  if (depth > MAX_WIRE_DEPTH) throw new Error(`the message has nesting deeper than ${MAX_WIRE_DEPTH} levels`);
  if (Array.isArray(v)) return v.map((x) => decodeWireValue(x, depth + 1));
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
      for (const [k, x] of Object.entries(inner)) put(out, k, decodeWireValue(x, depth + 1));
      return out;
    }
    const out: { [k: string]: unknown } = {};
    for (const [k, x] of Object.entries(v)) put(out, k, decodeWireValue(x, depth + 1));
    return out;
  }
  return v;
}

/**
 * `out[k] = x`, except that a key `__proto__` (an own key of what JSON.parse made) stays an own
 * key: assigned, it would set the object's prototype and the key would vanish from the message.
 */
function put(out: { [k: string]: unknown }, k: string, x: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  else out[k] = x;
}
