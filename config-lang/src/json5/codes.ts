/**
 * The codes of JSON5 reader diagnostics (documented in docs/errors/tli.md, "JSON5 syntax").
 * Every file the project reads as JSON5 (TLI, othercaps.cfg, thesplog.cfg) reports these.
 */
export type Json5Code =
  /** A token where the grammar wants another: a stray character, a missing comma or colon. */
  | 'JSON5_SYNTAX'
  /** The text ends inside an object, an array or before any value. */
  | 'JSON5_UNEXPECTED_END'
  /** A string not closed before the end of its line. */
  | 'JSON5_UNTERMINATED_STRING'
  /** A block comment not closed before the end of the text. */
  | 'JSON5_UNTERMINATED_COMMENT'
  /** `\1`..`\9`, `\0` before a digit, `\x` without 2 hex digits, `\u` without 4. */
  | 'JSON5_BAD_ESCAPE'
  /** A malformed number: `0x` without digits, `1e`, a lone `.`, a leading zero. */
  | 'JSON5_BAD_NUMBER'
  /** The same key twice in one object. JSON5 keeps the last; the reader reports it. */
  | 'JSON5_DUPLICATE_KEY'
  /** Objects and arrays nested deeper than {@link MAX_DEPTH}. */
  | 'JSON5_TOO_DEEP';

/** Nesting limit: a recursive reader must not overflow the stack on hostile input. */
export const MAX_DEPTH = 500;
