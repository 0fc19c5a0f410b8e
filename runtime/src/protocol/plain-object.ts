/**
 * The one plain-object test of the repo. It lives in a file of its own, with no import, so every
 * layer may use it: the wire schemas (wire-schema.ts re-exports it), the TLI/config language
 * (config-lang imports only this leaf) and the extension's pure models.
 */

/**
 * A JSON-like object: not null, not an array (class instances pass; plain-data checks refuse them
 * where it matters). Narrowing a `JsonValue` gives its object member, `{ [key: string]: JsonValue }`.
 */
export function isPlainObject(x: unknown): x is { readonly [key: string]: unknown } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
