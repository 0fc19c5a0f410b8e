/** The tree the JSON5 reader returns: every value and key with its range in the text. */
import type { Diagnostic, Range } from '../diagnostics';
import type { JsonValue } from '../../../runtime/src/protocol/json-value';
import type { LineIndex } from './line-index';

interface Located {
  /** LSP range (0-based line, UTF-16 character). */
  readonly range: Range;
  /** UTF-16 offsets `[start, end)` in the text, the same span as `range`. */
  readonly start: number;
  readonly end: number;
}

/** A parsed value with where it stands in the text. */
export type Json5Node =
  | (Located & { readonly kind: 'object'; readonly members: readonly Json5Member[] })
  | (Located & { readonly kind: 'array'; readonly items: readonly Json5Node[] })
  | (Located & { readonly kind: 'string'; readonly value: string })
  | (Located & { readonly kind: 'number'; readonly value: number })
  | (Located & { readonly kind: 'boolean'; readonly value: boolean })
  | (Located & { readonly kind: 'null' });

export interface Json5Member {
  readonly key: string;
  /** The key as written, quotes included. */
  readonly keyRange: Range;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: Json5Node;
}

export interface Json5Result {
  /** Absent when the text has a syntax error. */
  readonly node?: Json5Node;
  /** The value json5's `parse` returns for the same text; absent on a syntax error. */
  readonly value?: JsonValue;
  /** The syntax error (at most one: reading stops there) and duplicate keys. */
  readonly diagnostics: readonly Diagnostic[];
  /** Offset ↔ position conversion for this text. */
  readonly lines: LineIndex;
}
