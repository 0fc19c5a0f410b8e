/**
 * The one JSON5 reader of the project (TLI, othercaps.cfg, thesplog.cfg), keeping positions so
 * that every diagnostic lands on its key or value.
 *
 * OWNER: the language-service work (issue 7) replaces the STUB body with a position-keeping
 * reader; the exported names and shapes stay.
 */
import type { Diagnostic, Range } from './diagnostics';
import type { JsonValue } from './json-value';
import JSON5 from 'json5';

/** A parsed value with where it stands in the text. */
export type Json5Node =
  | { readonly kind: 'object'; readonly range: Range; readonly members: readonly Json5Member[] }
  | { readonly kind: 'array'; readonly range: Range; readonly items: readonly Json5Node[] }
  | { readonly kind: 'string'; readonly range: Range; readonly value: string }
  | { readonly kind: 'number'; readonly range: Range; readonly value: number }
  | { readonly kind: 'boolean'; readonly range: Range; readonly value: boolean }
  | { readonly kind: 'null'; readonly range: Range };

export interface Json5Member {
  readonly key: string;
  readonly keyRange: Range;
  readonly value: Json5Node;
}

export interface Json5Result {
  /** Absent when the text has a syntax error. */
  readonly node?: Json5Node;
  readonly value?: JsonValue;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse JSON5 text. Never throws: a syntax error is a `JSON5_SYNTAX` diagnostic at its position. */
export function parseJson5(text: string): Json5Result {
  // STUB (to be replaced by issue 7): values only, no node positions.
  try {
    return { value: JSON5.parse(text) as JsonValue, diagnostics: [] };
  } catch (e) {
    const err = e as { lineNumber?: number; columnNumber?: number; message: string };
    const line = Math.max(0, (err.lineNumber ?? 1) - 1);
    const character = Math.max(0, (err.columnNumber ?? 1) - 1);
    return {
      diagnostics: [
        {
          code: 'JSON5_SYNTAX',
          severity: 'error',
          range: { start: { line, character }, end: { line, character: character + 1 } },
          message: err.message,
        },
      ],
    };
  }
}
