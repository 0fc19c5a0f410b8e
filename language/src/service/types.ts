/**
 * The language service's own shapes: plain data, close to LSP's so the server maps them 1:1,
 * but with no LSP or vscode import (this folder compiles with `"types": []`).
 */
import type { Diagnostic, Position, Range } from '../../../config-lang/src/diagnostics';

export type { Diagnostic, Position, Range };

/** One module of the workspace and the actor classes it exports. */
export interface ActorModule {
  /** Dotted module path relative to the TLI's folder: `foo.subdir2.barn.cowactor`. */
  readonly module: string;
  /** Exported classes extending Actor (directly or through other scanned classes). */
  readonly classes: readonly string[];
  /** Where it was found, for hovers (any form the caller likes: a relative path, a URI). */
  readonly file?: string;
}

/** What the service knows of the workspace around a TLI. */
export interface TliContext {
  /** The scanned modules. Empty or absent: actor paths are not checked against sources. */
  readonly modules?: readonly ActorModule[];
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export type CompletionKind = 'property' | 'actor' | 'value';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line beside the label. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Replaces `edit.range` with `edit.newText`. */
  readonly edit: TextEdit;
}

export interface Hover {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

export interface CodeAction {
  readonly title: string;
  readonly kind: 'quickfix';
  readonly diagnostic: Diagnostic;
  readonly edits: readonly TextEdit[];
  /** The fix an editor may apply on its own ("Fix all", auto-fix on save). */
  readonly isPreferred: boolean;
}
