/**
 * Quick fixes: every unknown-key and wrong-case diagnostic that carries a suggestion, and every
 * unknown or ambiguous actor path with candidates, becomes an edit of the key, quotes kept.
 */
import type { Diagnostic, Range } from '../../../config-lang/src/diagnostics';
import { LineIndex } from '../../../config-lang/src/json5';
import type { TliDiagnosticData } from '../../../config-lang/src/tli';
import { keyText, quoteOf } from './edits';
import type { CodeAction, TliContext } from './types';
import { validate } from './validate';

const KEY_FIXES = new Set(['TLI_UNKNOWN_KEY', 'TLI_KEY_CASE']);
const ACTOR_FIXES = new Set(['TLI_ACTOR_UNKNOWN', 'TLI_ACTOR_AMBIGUOUS']);

export interface CodeActionRequest {
  /** The diagnostics to fix (an editor passes those in the cursor's range). Default: all of `validate`. */
  readonly diagnostics?: readonly Diagnostic[];
  /** Only diagnostics overlapping this range. */
  readonly range?: Range;
  readonly context?: TliContext;
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function dataOf(d: Diagnostic): TliDiagnosticData {
  // data is `unknown` on the shared Diagnostic; the TLI checker and validate() put TliDiagnosticData there.
  return typeof d.data === 'object' && d.data !== null ? d.data : {};
}

export function codeActions(text: string, request: CodeActionRequest = {}): CodeAction[] {
  const lines = new LineIndex(text);
  const all = request.diagnostics ?? validate(text, request.context);
  const range = request.range;
  const wanted = range ? all.filter((d) => overlaps(d.range, range)) : all;
  const out: CodeAction[] = [];
  for (const d of wanted) {
    const data = dataOf(d);
    const raw = text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end));
    const quote = quoteOf(raw);
    if (KEY_FIXES.has(d.code) && data.suggestion) {
      out.push({
        title: `Change '${raw.replace(/^['"]|['"]$/g, '')}' to '${data.suggestion}'`,
        kind: 'quickfix',
        diagnostic: d,
        edits: [{ range: d.range, newText: keyText(data.suggestion, quote) }],
        isPreferred: true,
      });
    } else if (ACTOR_FIXES.has(d.code)) {
      const candidates = data.candidates ?? (data.suggestion ? [data.suggestion] : []);
      candidates.forEach((c, i) => {
        out.push({
          title: `Change actor path to '${c}'`,
          kind: 'quickfix',
          diagnostic: d,
          edits: [{ range: d.range, newText: keyText(c, quote) }],
          isPreferred: i === 0 && candidates.length === 1,
        });
      });
    }
  }
  return out;
}
