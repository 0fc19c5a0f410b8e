/** The service's plain shapes → LSP types. Nothing else crosses between the two. */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction as LspCodeAction,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import type { CodeAction, CompletionItem, Diagnostic } from '../service';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'thespian-director',
    message: d.message,
  };
  if (d.data !== undefined) out.data = d.data;
  return out;
}

const KIND = {
  property: CompletionItemKind.Property,
  actor: CompletionItemKind.Class,
  value: CompletionItemKind.Value,
} as const;

export function toLspCompletion(c: CompletionItem, i: number): LspCompletionItem {
  return {
    label: c.label,
    kind: KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    textEdit: { range: c.edit.range, newText: c.edit.newText },
    // Keep the service's order (schema order for keys), not the client's alphabetical one.
    sortText: String(i).padStart(4, '0'),
    filterText: c.label,
  };
}

export function toLspCodeAction(uri: string, a: CodeAction): LspCodeAction {
  return {
    title: a.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toLspDiagnostic(a.diagnostic)],
    isPreferred: a.isPreferred,
    edit: { changes: { [uri]: a.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
  };
}
