/**
 * Character classes of the JSON5 grammar (https://spec.json5.org/#lexical-grammar), by code
 * point. ASCII is decided by comparison; only other characters pay for a Unicode regex.
 */

const ZS = /\p{Zs}/u;
const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

/** LF, CR, LS, PS: what ends a `//` comment and what a string may not hold unescaped (LF, CR). */
export function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** JSON5 white space: tab, VT, FF, space, NBSP, BOM, line terminators and any Zs character. */
export function isWhitespace(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0x80) return false;
  return c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || ZS.test(String.fromCodePoint(c));
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** ECMAScript IdentifierStart: `$`, `_` or a Unicode ID_Start letter. */
export function isIdStart(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x24 || c === 0x5f;
  return ID_START.test(String.fromCodePoint(c));
}

/** ECMAScript IdentifierPart: IdentifierStart, digits, ZWNJ, ZWJ and ID_Continue marks. */
export function isIdContinue(c: number): boolean {
  if (c < 0x80) return isIdStart(c) || isDigit(c);
  return c === 0x200c || c === 0x200d || ID_CONTINUE.test(String.fromCodePoint(c));
}

/** How a character is shown in a message: printable as itself, the rest as `\uXXXX`. */
export function showChar(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
