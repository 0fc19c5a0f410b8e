/**
 * Where each character of a string's value stands in the source, for diagnostics that point
 * inside a string (a bad `${...}`). Escapes make the two differ: `'a\x41b'` has value `aAb`.
 */

/**
 * Offsets in the text of value indices `from` and `to` (exclusive) of the string literal that
 * spans `[start, end)` (quotes included).
 */
export function stringValueSpan(text: string, start: number, end: number, from: number, to: number): [number, number] {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return [start + 1 + from, start + 1 + to];
  let v = 0;
  let s = start + 1;
  let a = from === 0 ? s : -1;
  let b = -1;
  while (s < end - 1) {
    if (v === from && a < 0) a = s;
    if (v >= to) {
      b = s;
      break;
    }
    let width = 1;
    let produced = 1;
    if (text.charCodeAt(s) === 0x5c) {
      const c = text.charCodeAt(s + 1);
      if (c === 0x78) width = 4;
      else if (c === 0x75) width = 6;
      else if (c === 0x0d && text.charCodeAt(s + 2) === 0x0a) {
        width = 3;
        produced = 0;
      } else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
        width = 2;
        produced = 0;
      } else width = 2;
    }
    // An escape's value unit(s) all map to the escape's start; a marker inside it stays on it.
    v += produced;
    s += width;
  }
  if (a < 0) a = s;
  if (b < 0) b = s;
  return [a, b];
}
