/**
 * One actionable message per failure, with "Open Output" for the details (STYLE §10): the
 * message says what failed and what to do; the channel holds the command's full output.
 */
import * as vscode from 'vscode';

export const OPEN_OUTPUT = 'Open Output';

export async function showFailure(log: vscode.LogOutputChannel, message: string, ...actions: string[]): Promise<string | undefined> {
  log.error(message);
  const picked = await vscode.window.showErrorMessage(message, ...actions, OPEN_OUTPUT);
  if (picked === OPEN_OUTPUT) log.show(true);
  return picked;
}

/** The text of anything thrown, for a message. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
