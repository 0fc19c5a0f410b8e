/**
 * The group's TLI at gensrc time: `tli:FILE` (resolved against the working folder), or
 * SOURCES_DIR/GROUP.tli when present. Validated with the one TLI schema before anything is
 * written, then copied to DIR/GROUP.tli.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic } from '../../../config-lang/src/diagnostics';
import { validateTli, type TliDocument } from '../../../config-lang/src/tli';
import { PackagerError } from '../errors';
import { messageOf } from '../../../runtime/src/protocol/caught';

export interface TliInput {
  readonly file: string;
  readonly text: string;
  readonly tli: TliDocument;
}

/** Validate TLI text; throws TLI_INVALID listing every error as file:line:column. */
export function checkTliText(text: string, file: string): TliDocument {
  const r = validateTli(text);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (r.tli === undefined || errors.length > 0) {
    const shown = errors.length > 0 ? errors : r.diagnostics;
    throw new PackagerError(
      'TLI_INVALID',
      `The TLI file ${file} is not valid:\n  ${shown.map((d) => formatDiagnostic(file, d)).join('\n  ')}`,
      {
        data: { file, diagnostics: shown },
      },
    );
  }
  return r.tli;
}

/** The TLI to install, or undefined when none was given and SOURCES_DIR has none. */
export async function readTliInput(
  group: string,
  sourcesDirAbs: string,
  tliArg: string | undefined,
  cwd: string,
): Promise<TliInput | undefined> {
  const file = tliArg !== undefined ? path.resolve(cwd, tliArg) : path.join(sourcesDirAbs, `${group}.tli`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (tliArg === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PackagerError('TLI_UNREADABLE', `Cannot read the TLI file ${file}: ${messageOf(e)}.`, {
      data: { file },
      cause: e,
    });
  }
  return { file, text, tli: checkTliText(text, file) };
}

/** TLS_Keep_Limit of the TLI text, or 0 (no pruning) when absent, invalid or not a positive integer. */
export function keepLimitOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const r = validateTli(text);
  const n = r.tli?.TLS_Keep_Limit;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}
