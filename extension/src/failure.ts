/**
 * One actionable message per failure: it says what failed with the first detail line, and its
 * buttons act on it (Open TLI at the line, Show Problems, Replace, Change Port, Show Log). The
 * log channel keeps the call's full account.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  describeError,
  hashesToVersions,
  type FailureAction,
  type FailureView,
  type ProblemLine,
} from './model/failure-message';
import { openAt, workspaceCopyOf } from './tli-files';

export const OPEN_OUTPUT = 'Show Log';

export async function showFailure(
  log: vscode.LogOutputChannel,
  message: string,
  ...actions: string[]
): Promise<string | undefined> {
  log.error(message);
  const picked = await vscode.window.showErrorMessage(message, ...actions, OPEN_OUTPUT);
  if (picked === OPEN_OUTPUT) log.show(true);
  return picked;
}

/** The text of anything thrown, for a message. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface CommandFailure {
  readonly log: vscode.LogOutputChannel;
  readonly problems: vscode.DiagnosticCollection;
  /** Where relative file names in the output start. */
  readonly baseDir: string;
  readonly directorDir: string;
  /** What to do for Replace (rerun with --force) and Restart Daemon, when they apply. */
  readonly onReplace?: () => Thenable<unknown>;
  readonly onRestart?: () => Thenable<unknown>;
  readonly severity?: 'error' | 'warning';
  /** Source hashes the views know: the message names their group and version instead. */
  readonly known?: ReadonlyMap<string, { group: string; version: string | null }>;
}

/**
 * Shows a toolchain call's coded error (gensrc(), load(), refresh(), start(), …) as one
 * notification (see describeError) and puts `problems`, the places its data names (problemsOf,
 * absolute), in the Problems view, mapped to the workspace's copy of a TLI when the director
 * dir's copy is the same text, so a fix lands in the file the user edits.
 */
export async function showErrorFailure(
  f: CommandFailure,
  title: string,
  /** What was thrown, or a coded error kept as data (a start report's group failure). */
  error: unknown,
  problems: readonly ProblemLine[],
): Promise<void> {
  const e =
    typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { code?: unknown; message: string })
      : new Error(String(error));
  await showView(f, title, describeError(e, problems));
}

async function showView(f: CommandFailure, title: string, view: FailureView): Promise<void> {
  const located = await Promise.all(
    view.problems.map(async (p) => ({
      p,
      file: await workspaceCopyOf(path.resolve(f.baseDir, p.file), f.directorDir),
    })),
  );
  setProblems(f.problems, located, 'director');
  const actions: FailureAction[] = view.actions.filter((a) => (a === 'Replace' ? f.onReplace !== undefined : true));
  if (f.onRestart !== undefined && !actions.includes('Restart Daemon')) actions.push('Restart Daemon');
  const text = `${title}: ${f.known === undefined ? view.text : hashesToVersions(view.text, f.known)}`;
  if (f.severity === 'warning') f.log.warn(text);
  else f.log.error(text);
  const show = f.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const picked = await show(text, ...actions, OPEN_OUTPUT);
  const first = located.find((l) => l.file.endsWith('.tli')) ?? located[0];
  switch (picked) {
    case 'Open TLI':
      if (first !== undefined) await openAt(first.file, first.p.line, first.p.column);
      break;
    case 'Show Problems':
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      break;
    case 'Replace':
      await f.onReplace?.();
      break;
    case 'Change Port':
      await vscode.commands.executeCommand('thespianDirector.changePort');
      break;
    case 'Restart Daemon':
      await f.onRestart?.();
      break;
    case OPEN_OUTPUT:
      f.log.show(true);
      break;
  }
}

/** Replaces the collection's entries with these problems (an empty list clears them). */
export function setProblems(
  problems: vscode.DiagnosticCollection,
  found: readonly { p: ProblemLine; file: string }[],
  source: string,
  severity = vscode.DiagnosticSeverity.Error,
): void {
  problems.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const { p, file } of found) {
    const d = new vscode.Diagnostic(
      new vscode.Range(p.line - 1, Math.max(0, p.column - 1), p.line - 1, Math.max(0, p.column - 1) + 1),
      p.message,
      severity,
    );
    d.source = source;
    if (p.code !== undefined) d.code = p.code;
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  for (const [file, ds] of byFile) problems.set(vscode.Uri.file(file), ds);
}
