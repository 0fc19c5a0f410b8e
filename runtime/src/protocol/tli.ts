/**
 * The TLI (group information) file: JSON5, declarative, never evaluated. One schema, used by
 * gensrc, the daemon's loader and the language server, so they never disagree.
 *
 * OWNER: the language-service work (issue 7) replaces the bodies below with the position-keeping
 * JSON5 reader and the full schema; the exported names and shapes stay.
 */
import type { Diagnostic } from './diagnostics';
import type { JsonValue } from './json-value';
import JSON5 from 'json5';

export interface TliOnLoad {
  readonly Role?: string;
  /** Present means sent, whatever its value (0, "", false included). Absent means never sent. */
  readonly Message?: JsonValue;
  readonly GlobalName?: string;
}

export interface TliMessageSection {
  readonly Message?: JsonValue;
}

export interface TliActor {
  readonly OnLoad?: TliOnLoad;
  readonly OnReactivate?: TliMessageSection;
  readonly OnDeactivate?: TliMessageSection;
}

export interface TliDocument {
  /** Actor path (`foo.fooactor` or `foo.fooactor.FooActor`) → lifecycle sections, in file order. */
  readonly Actors: { readonly [actorPath: string]: TliActor };
  /** true: unload every older source after a load; n: keep n loaded sources, the new one included. */
  readonly AutoUnload?: boolean | number;
  /** Keep at most this many .tls files of the group in the director dir (pruned after a load). */
  readonly TLS_Keep_Limit?: number;
}

export interface TliResult {
  /** Present when there are no error diagnostics. */
  readonly tli?: TliDocument;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse and validate TLI text. Never throws on bad input: problems are diagnostics. */
export function validateTli(text: string): TliResult {
  // STUB (to be replaced by issue 7): no positions, minimal checks.
  let value: unknown;
  try {
    value = JSON5.parse(text);
  } catch (e) {
    const err = e as { lineNumber?: number; columnNumber?: number; message: string };
    const line = Math.max(0, (err.lineNumber ?? 1) - 1);
    const character = Math.max(0, (err.columnNumber ?? 1) - 1);
    return {
      diagnostics: [
        {
          code: 'TLI_SYNTAX',
          severity: 'error',
          range: { start: { line, character }, end: { line, character: character + 1 } },
          message: err.message,
        },
      ],
    };
  }
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { diagnostics: [{ code: 'TLI_NOT_OBJECT', severity: 'error', range: zero, message: 'a TLI file must hold one object' }] };
  }
  const actors = (value as { Actors?: unknown }).Actors;
  if (typeof actors !== 'object' || actors === null || Array.isArray(actors)) {
    return { diagnostics: [{ code: 'TLI_MISSING_ACTORS', severity: 'error', range: zero, message: 'a TLI file needs an "Actors" object' }] };
  }
  return { tli: value as TliDocument, diagnostics: [] };
}

/**
 * Replace `${env:NAME}` and `${env:NAME:-default}` in every string inside `value`.
 * An unset NAME without a default becomes the empty string.
 */
export function expandEnv(value: JsonValue, env: { readonly [name: string]: string | undefined }): JsonValue {
  if (typeof value === 'string') {
    return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, def?: string) => {
      const v = env[name];
      return v !== undefined && v !== '' ? v : (def ?? '');
    });
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandEnv(v, env);
    return out;
  }
  return value;
}
