/**
 * Show Config's document, made from the typed `config()` report. When the dir has no
 * `adminport.cfg` the extension uses its `thespianDirector.adminPort` setting instead, so the
 * listing would show the built-in default (1900) while the daemon runs elsewhere: the port in
 * force is shown instead, saying where it comes from.
 */

/** Where the port in force comes from when the dir has no adminport.cfg. */
export const PORT_FROM_SETTING = 'the thespianDirector.adminPort setting; the dir has no adminport.cfg';

/** The port to show instead of the dir's: only when it comes from the setting. */
export function portShown(
  port: number | undefined,
  fromDir: boolean,
): { readonly port: number; readonly from: string } | undefined {
  return port === undefined || fromDir ? undefined : { port, from: PORT_FROM_SETTING };
}

/** One cfg problem as the report carries it. */
export interface ConfigProblemView {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

/** The listing, then each problem with its place and code (bad values read `<invalid …: see below>`). */
export function configDocument(listing: string, problems: readonly ConfigProblemView[]): string {
  if (problems.length === 0) return listing;
  const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message} [${p.code}]`);
  return `${listing}\nProblems:\n${lines.join('\n')}\n`;
}
