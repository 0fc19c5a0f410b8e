/**
 * The TLI (group information) file: JSON5, declarative, never evaluated. One schema
 * (tli-schema.ts), one checker (tli-check.ts), used by gensrc, the daemon's loader and the
 * language server, so they never disagree. Reference for users: docs/tli.md; codes:
 * docs/errors/tli.md.
 */
import type { Diagnostic } from './diagnostics';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import type { TliActor } from '../../runtime/src/protocol/actor-lifecycle';
import { analyzeTli } from './tli-check';
import { ENV_REFERENCE } from './tli-schema';

export { analyzeTli } from './tli-check';
export type { TliAnalysis, TliActorEntry, TliCode, TliDiagnosticData } from './tli-check';
export * from './tli-schema';
export type { TliActor, TliMessageSection, TliOnLoad } from '../../runtime/src/protocol/actor-lifecycle';

export interface TliDocument {
  /** Actor path (`foo.fooactor` or `foo.fooactor.FooActor`) → lifecycle sections, in file order. */
  readonly Actors: { readonly [actorPath: string]: TliActor };
  /** true: unload every older source after a load; n: keep n loaded sources, the new one included. */
  readonly AutoUnload?: boolean | number;
  /** Keep at most this many .tls files of the group in the director dir (pruned after a load). */
  readonly TLS_Keep_Limit?: number;
  /** Memory budget of each loaded source of the group (heap + Buffers/ArrayBuffers), MiB; 0: the daemon default. */
  readonly TLS_Memory_MiB?: number;
}

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
  // The checker has proven the shape: an object with an Actors object and known keys only.
  return { tli: analysis.parsed.value as unknown as TliDocument, diagnostics: analysis.diagnostics };
}

/**
 * Replace `${env:NAME}` and `${env:NAME:-default}` in every string value inside `value` (keys
 * are left alone). An unset or empty NAME takes the default; without one it becomes "".
 */
export function expandEnv(value: JsonValue, env: { readonly [name: string]: string | undefined }): JsonValue {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_m, name: string, def?: string) => {
      const v = env[name];
      return v !== undefined && v !== '' ? v : (def ?? '');
    });
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: expandEnv(v, env), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/**
 * The document with `${env:...}` references of every string value replaced (what the loader
 * sends). Keys, actor paths included, are left as written.
 */
export function expandTliEnv(tli: TliDocument, env: { readonly [name: string]: string | undefined }): TliDocument {
  // A TliDocument is plain JSON5 data (validateTli built it from a JsonValue).
  return expandEnv(tli as unknown as JsonValue, env) as unknown as TliDocument;
}
