/** Text edits: how a key is written back, and applying edits (for tests and simple clients). */
import { LineIndex } from '../../../config-lang/src/json5';
import type { TextEdit } from './types';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `name` as a JSON5 key: bare when it is an identifier, else in `quote` (default '). */
export function keyText(name: string, quote?: string): string {
  if (quote === undefined && IDENTIFIER.test(name)) return name;
  const q = quote ?? "'";
  return q + name.replace(/\\/g, '\\\\').split(q).join(`\\${q}`) + q;
}

/** The quote a key or string was written with, if any. */
export function quoteOf(raw: string): string | undefined {
  const c = raw.charAt(0);
  return c === '"' || c === "'" ? c : undefined;
}

/** Apply non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}
