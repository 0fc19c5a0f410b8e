/**
 * Python logging's %-format strings (`%(asctime)s %(levelname)-7s %(message)s`): the record fields
 * a format may name and the tokenizer. Its own file because both the thesplog.cfg check and the
 * log formatter at run time use it, and neither needs the other.
 */

/** Record attributes a format may name: Python's, plus the director's `actorAddress`. */
export const LOG_RECORD_FIELDS: readonly string[] = [
  'asctime',
  'msecs',
  'actorAddress',
  'levelname',
  'levelno',
  'name',
  'process',
  'processName',
  'message',
  'filename',
  'lineno',
  'module',
  'funcName',
  'pathname',
  'created',
  'relativeCreated',
  'thread',
  'threadName',
];

export type FormatToken =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'field';
      readonly name: string;
      /** `-` left-aligns, `0` pads numbers with zeros. */
      readonly flags: string;
      readonly width?: number;
      readonly precision?: number;
      /** `s`, `d`, `f`, `r`, ... */
      readonly conversion: string;
    };

/**
 * Split a `%(name)-7s` format into tokens. Returns an error text for a `%` that starts no field
 * (write `%%` for a percent sign).
 */
export function parsePercentFormat(format: string): { tokens?: FormatToken[]; error?: string } {
  const tokens: FormatToken[] = [];
  const re = /%(?:\(([A-Za-z_][A-Za-z0-9_]*)\)([#0\- +]*)(\d*)(?:\.(\d+))?([diouxXeEfFgGcrsa])|(%))/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    if (m.index > last) tokens.push({ kind: 'text', text: format.slice(last, m.index) });
    if (m[6] === '%') {
      tokens.push({ kind: 'text', text: '%' });
    } else {
      tokens.push({
        kind: 'field',
        name: m[1] ?? '',
        flags: m[2] ?? '',
        ...(m[3] ? { width: Number(m[3]) } : {}),
        ...(m[4] ? { precision: Number(m[4]) } : {}),
        conversion: m[5] ?? 's',
      });
    }
    last = re.lastIndex;
  }
  if (last < format.length) tokens.push({ kind: 'text', text: format.slice(last) });
  // Any '%' left in text did not start a valid field.
  let pos = 0;
  for (const t of tokens) {
    if (t.kind === 'text' && t.text !== '%' && t.text.includes('%')) {
      const at = format.indexOf('%', pos);
      return {
        error: `a "%" at character ${at + 1} starts no field: write fields as %(name)s and a percent sign as %%`,
      };
    }
    pos += t.kind === 'text' ? t.text.length : 0;
  }
  return { tokens };
}
