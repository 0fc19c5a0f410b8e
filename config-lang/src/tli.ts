/**
 * The TLI (group information) file: JSON5, declarative, never evaluated. One schema
 * (tli-schema.ts), one checker (tli-check.ts), used by gensrc, the daemon's loader and the
 * language server, so they never disagree. Reference for users: docs/tli.md; codes:
 * docs/errors/tli.md.
 */
import type { Diagnostic } from './diagnostics';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { analyzeTli } from './tli-check';
import { ENV_REFERENCE } from './tli-schema';
import { mapStrings, readTliDocument, type TliDocument } from './tli-document';

export { analyzeTli } from './tli-check';
export type { TliAnalysis, TliActorEntry, TliCode, TliDiagnosticData } from './tli-check';
export * from './tli-schema';
export type { TliDocument } from './tli-document';
export type { TliActor, TliMessageSection, TliOnLoad } from '../../runtime/src/protocol/actor-lifecycle';

export interface TliResult {
  /** Present when there are no error diagnostics. */
  readonly tli?: TliDocument;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parse and validate TLI text. Never throws on bad input: problems are diagnostics with exact
 * ranges (format them with `formatDiagnostic(file, d)`). `${env:...}` references are checked but
 * left in place: call {@link expandEnv} on the document (or on each message) at load time.
 */
export function validateTli(text: string): TliResult {
  const analysis = analyzeTli(text);
  if (analysis.diagnostics.some((d) => d.severity === 'error') || analysis.parsed.value === undefined) {
    return { diagnostics: analysis.diagnostics };
  }
  const tli = readTliDocument(analysis.parsed.value);
  if (tli === undefined) {
    // The checker and the typed reader walk the same schema; reaching here means they disagree.
    const message =
      'the TLI passed its checks but does not read as a TLI document (a defect of tli-check.ts or tli-document.ts)';
    return {
      diagnostics: [
        ...analysis.diagnostics,
        { code: 'TLI_TYPE', severity: 'error', range: analysis.parsed.lines.range(0, 0), message },
      ],
    };
  }
  return { tli, diagnostics: analysis.diagnostics };
}

function expandString(value: string, env: { readonly [name: string]: string | undefined }): string {
  return value.replace(ENV_REFERENCE, (_m, name: string, def?: string) => {
    const v = env[name];
    return v !== undefined && v !== '' ? v : (def ?? '');
  });
}

/**
 * Replace `${env:NAME}` and `${env:NAME:-default}` in every string value inside `value` (keys
 * are left alone). An unset or empty NAME takes the default; without one it becomes "".
 */
export function expandEnv(value: JsonValue, env: { readonly [name: string]: string | undefined }): JsonValue {
  return mapStrings(value, (s) => expandString(s, env));
}

/**
 * The document with `${env:...}` references of every string value replaced (what the loader
 * sends). Keys, actor paths included, are left as written.
 */
export function expandTliEnv(tli: TliDocument, env: { readonly [name: string]: string | undefined }): TliDocument {
  // Read again through the typed readers, every string value expanded on the way: a TliDocument
  // always reads as one, so `undefined` means the document was not made by validateTli.
  const expanded = readTliDocument(tli, (s) => expandString(s, env));
  if (expanded === undefined)
    throw new TypeError('expandTliEnv: the document does not read as a TLI document; pass what validateTli returned');
  return expanded;
}
