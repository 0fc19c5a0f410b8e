/**
 * The TLI language service: pure functions from text (and what is known of the workspace) to
 * diagnostics, completions, hovers and quick fixes. No LSP, no vscode, no Node: the LSP server
 * (../server) and any other host adapt it. The checks are config-lang's, so the editor and the
 * daemon agree on every code.
 */
export { validate } from './validate';
export { complete } from './complete';
export { hover } from './hover';
export { codeActions, type CodeActionRequest } from './code-actions';
export { applyEdits } from './edits';
export { ActorIndex, type Resolution } from './actor-index';
export type {
  ActorModule,
  CodeAction,
  CompletionItem,
  CompletionKind,
  Diagnostic,
  Hover,
  Position,
  Range,
  TextEdit,
  TliContext,
} from './types';
