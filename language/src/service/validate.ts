/**
 * Full validation of a TLI text: config-lang's schema checks (the same `analyzeTli` the daemon
 * and gensrc run through `validateTli`), plus the one check only an editor can make: does each
 * actor path name an exported actor class of the workspace?
 */
import type { Diagnostic } from '../../../config-lang/src/diagnostics';
import { analyzeTli, type TliAnalysis, type TliDiagnosticData } from '../../../config-lang/src/tli';
import { ActorIndex } from './actor-index';
import type { TliContext } from './types';

export function validate(text: string, context?: TliContext): Diagnostic[] {
  return validateAnalysis(analyzeTli(text), context);
}

export function validateAnalysis(analysis: TliAnalysis, context?: TliContext): Diagnostic[] {
  const out = [...analysis.diagnostics];
  const index = ActorIndex.of(context);
  if (!index) return out;
  for (const actor of analysis.actors) {
    if (!actor.wellFormed) continue;
    const r = index.resolve(actor.path);
    if (r.kind === 'class') continue;
    const data: TliDiagnosticData =
      r.candidates.length > 0 ? { suggestion: r.candidates[0], candidates: r.candidates } : {};
    // Warnings, not errors: the workspace scan is a light one and may miss a class that the
    // loader will find (a re-export, generated code); the daemon's load is the final word.
    if (r.kind === 'ambiguous') {
      out.push({
        code: 'TLI_ACTOR_AMBIGUOUS',
        severity: 'warning',
        range: actor.keyRange,
        message: `'${actor.path}' names a module with several actor classes: name one of ${r.candidates.map((c) => `'${c}'`).join(', ')}`,
        data,
      });
    } else {
      const hint = r.candidates.length > 0 ? `: did you mean ${r.candidates.map((c) => `'${c}'`).join(' or ')}?` : '';
      out.push({
        code: 'TLI_ACTOR_UNKNOWN',
        severity: 'warning',
        range: actor.keyRange,
        message: `'${actor.path}' names no actor class: ${r.reason}${hint}`,
        data,
      });
    }
  }
  return out.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
