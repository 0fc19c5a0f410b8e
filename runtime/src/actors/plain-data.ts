/**
 * Only plain data crosses a source boundary: primitives, arrays, objects whose prototype is
 * Object.prototype or null, Uint8Array (and other typed arrays / ArrayBuffer), Date, Map and Set
 * of plain data. A class instance would arrive as a bare object without its methods (structured
 * clone drops prototypes), so it is refused at the sender instead, with the path of the offender.
 */

/** Returns null when `value` is plain data, else a description of the first offending part. */
export function findNonPlainData(value: unknown): string | null {
  if (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol') return null; // the common case, without allocating
  return check(value, 'message', 0, new Set());
}

function check(v: unknown, where: string, depth: number, seen: Set<object>): string | null {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return null;
    case 'function':
      return `${where} is a function`;
    case 'symbol':
      return `${where} is a symbol`;
  }
  if (v === null) return null;
  const o = v as object;
  if (depth > 200) return `${where} is nested more than 200 levels deep`;
  if (seen.has(o)) return null; // structured clone keeps shared and cyclic references
  seen.add(o);
  if (Array.isArray(o)) {
    if (Object.getPrototypeOf(o) !== Array.prototype) return `${where} is an instance of an Array subclass`;
    for (let i = 0; i < o.length; i++) {
      const r = check(o[i], `${where}[${i}]`, depth + 1, seen);
      if (r !== null) return r;
    }
    return null;
  }
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
    const proto: unknown = Object.getPrototypeOf(o);
    // Buffer is a Uint8Array subclass; it arrives as a Uint8Array, which is what we promise.
    return proto === Buffer.prototype || isBuiltinProto(proto)
      ? null
      : `${where} is an instance of a typed-array subclass`;
  }
  if (o instanceof Date && Object.getPrototypeOf(o) === Date.prototype) return null;
  if (o instanceof Map && Object.getPrototypeOf(o) === Map.prototype) {
    for (const [k, val] of o) {
      const r =
        check(k, `${where} (a Map key)`, depth + 1, seen) ?? check(val, `${where}.get(${String(k)})`, depth + 1, seen);
      if (r !== null) return r;
    }
    return null;
  }
  if (o instanceof Set && Object.getPrototypeOf(o) === Set.prototype) {
    for (const val of o) {
      const r = check(val, `${where} (a Set member)`, depth + 1, seen);
      if (r !== null) return r;
    }
    return null;
  }
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'an unnamed class';
    return `${where} is an instance of class ${name}`;
  }
  for (const key of Object.keys(o)) {
    const r = check((o as Record<string, unknown>)[key], `${where}.${key}`, depth + 1, seen);
    if (r !== null) return r;
  }
  return null;
}

const TYPED_PROTOS: ReadonlySet<unknown> = new Set([
  ArrayBuffer.prototype,
  Uint8Array.prototype,
  Uint8ClampedArray.prototype,
  Int8Array.prototype,
  Uint16Array.prototype,
  Int16Array.prototype,
  Uint32Array.prototype,
  Int32Array.prototype,
  Float32Array.prototype,
  Float64Array.prototype,
  BigInt64Array.prototype,
  BigUint64Array.prototype,
  DataView.prototype,
]);

function isBuiltinProto(p: unknown): boolean {
  return TYPED_PROTOS.has(p);
}
