/**
 * What the cfg validators (othercaps-schema.ts, thesplog-schema.ts) share: reading a cfg file's
 * JSON5 into a value and a position tree, and a reporter that places each diagnostic on the exact
 * key or value it is about. Text in, `{ value?, diagnostics }` out, never a throw: the config
 * reader turns error diagnostics into a ConfigError naming file:line:column, and the language
 * server publishes them as they are.
 *
 * Ranges are exact when the JSON5 reader returns its `node` tree; otherwise they cover the
 * whole document.
 */
import type { Diagnostic, Range } from './diagnostics';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { parseJson5, type Json5Node } from './json5';

export interface ValidationResult<T> {
  /** Present when there is no error diagnostic. */
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
}

export type PathItem = string | number;

/** The node at `path` inside `root`, or undefined when the reader gave no positions. */
function nodeAt(root: Json5Node | undefined, path: readonly PathItem[]): Json5Node | undefined {
  let n = root;
  for (const p of path) {
    if (n === undefined) return undefined;
    if (n.kind === 'object' && typeof p === 'string') {
      // The last duplicate wins, as in the parsed value.
      n = [...n.members].reverse().find((m) => m.key === p)?.value;
    } else if (n.kind === 'array' && typeof p === 'number') {
      n = n.items[p];
    } else {
      return undefined;
    }
  }
  return n;
}

function keyRangeAt(root: Json5Node | undefined, path: readonly PathItem[]): Range | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent?.kind !== 'object') return undefined;
  return [...parent.members].reverse().find((m) => m.key === last)?.keyRange;
}

/** The range of the whole text: the fallback when the reader keeps no positions. */
export function wholeDocumentRange(text: string): Range {
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines.length - 1;
  return { start: { line: 0, character: 0 }, end: { line: last, character: lines[last]?.length ?? 0 } };
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly whole: Range;
  constructor(
    text: string,
    private readonly root: Json5Node | undefined,
  ) {
    this.whole = wholeDocumentRange(text);
  }
  /** A problem with the value at `path` (or with its key, when `onKey`). */
  error(code: string, path: readonly PathItem[], message: string, onKey = false): void {
    const range = (onKey ? keyRangeAt(this.root, path) : undefined) ?? nodeAt(this.root, path)?.range ?? this.whole;
    this.diagnostics.push({ code, severity: 'error', range, message });
  }
  warning(code: string, path: readonly PathItem[], message: string, onKey = false): void {
    const range = (onKey ? keyRangeAt(this.root, path) : undefined) ?? nodeAt(this.root, path)?.range ?? this.whole;
    this.diagnostics.push({ code, severity: 'warning', range, message });
  }
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

export function where(path: readonly PathItem[]): string {
  return path.length === 0 ? 'the top level' : `"${path.join('.')}"`;
}

/** Python literals are the commonest mistake in files copied from the original. */
function syntaxHint(text: string, d: Diagnostic): string {
  const line = text.split(/\r\n|\r|\n/)[d.range.start.line] ?? '';
  const rest = line.slice(d.range.start.character);
  if (/^(True|False|None)\b/.test(rest)) {
    return ' (this file is JSON5, not Python: write true, false and null in lower case)';
  }
  return '';
}

/** Parse `text`, mapping a JSON5 syntax error to `<prefix>_SYNTAX`. */
export function parseCfg(
  text: string,
  prefix: string,
): { value?: JsonValue; node?: Json5Node; diagnostics: Diagnostic[] } {
  const r = parseJson5(text);
  const diagnostics = r.diagnostics.map((d) =>
    d.code === 'JSON5_SYNTAX'
      ? { ...d, code: `${prefix}_SYNTAX`, message: `JSON5 syntax error: ${d.message}${syntaxHint(text, d)}` }
      : d,
  );
  if (text.trim() === '') {
    return {
      diagnostics: [
        {
          code: `${prefix}_EMPTY`,
          severity: 'error',
          range: wholeDocumentRange(text),
          message: 'the file is empty: write a JSON5 object, or delete the file to use the default',
        },
      ],
    };
  }
  return { value: diagnostics.some((d) => d.severity === 'error') ? undefined : r.value, node: r.node, diagnostics };
}

/** A found value in words, for "expected ..., found ..." messages. */
export function describe(v: JsonValue | undefined): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
