/**
 * The schema of `othercaps.cfg`, the director dir's extra actor-system capabilities: one JSON5
 * object of capability name → plain value, with the names the director sets itself refused.
 */
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { isPlainObject } from '../../runtime/src/protocol/plain-object';
import { describe, parseCfg, Reporter, type ValidationResult } from './cfg-report';

/**
 * Capabilities the director sets itself from other files; writing them in othercaps.cfg would be
 * silently overwritten, so it is an error that names the file to use instead.
 */
export const RESERVED_CAPABILITIES: { readonly [key: string]: string } = {
  'Admin Port': 'adminport.cfg',
  'Convention Address.IPv4': 'convleader.cfg',
  DirectorFmt: 'nothing: the director sets it',
};

export type OthercapsCode = 'OTHERCAPS_SYNTAX' | 'OTHERCAPS_EMPTY' | 'OTHERCAPS_NOT_OBJECT' | 'OTHERCAPS_RESERVED_KEY';

/** `othercaps.cfg`: one JSON5 object of capability name → plain value. */
export function validateOthercaps(text: string): ValidationResult<{ readonly [key: string]: JsonValue }> {
  const p = parseCfg(text, 'OTHERCAPS');
  if (p.value === undefined) return { diagnostics: p.diagnostics };
  const rep = new Reporter(text, p.node);
  rep.diagnostics.push(...p.diagnostics);
  if (!isPlainObject(p.value)) {
    rep.error(
      'OTHERCAPS_NOT_OBJECT',
      [],
      `othercaps.cfg must hold one object of capabilities, such as { Worker: true, Slot: 19 }; found ${describe(p.value)}`,
    );
    return { diagnostics: rep.diagnostics };
  }
  for (const key of Object.keys(p.value)) {
    // Own keys only: `toString` or `constructor` are capability names like any other, not reserved.
    const instead = Object.prototype.hasOwnProperty.call(RESERVED_CAPABILITIES, key)
      ? RESERVED_CAPABILITIES[key]
      : undefined;
    if (instead !== undefined) {
      rep.error(
        'OTHERCAPS_RESERVED_KEY',
        [key],
        `capability "${key}" is set by ${instead}; remove it from othercaps.cfg`,
        true,
      );
    }
  }
  return rep.failed ? { diagnostics: rep.diagnostics } : { value: p.value, diagnostics: rep.diagnostics };
}
