/**
 * Problems in a user's file (TLI, othercaps.cfg, thesplog.cfg) are diagnostics with a stable code
 * and an exact 0-based range, not exceptions. The daemon turns error diagnostics into a
 * ConfigError/TLI error naming file:line:column; the language server publishes them as they are.
 */
export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 code unit offset in the line (as LSP). */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly range: Range;
  readonly message: string;
  /** Machine-readable extras, e.g. `{ suggestion: 'OnLoad' }` for a quick fix. */
  readonly data?: unknown;
}

/** `file:line:column` (1-based, as editors and compilers print it) for a diagnostic in a file. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
}
