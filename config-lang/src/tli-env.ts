/**
 * Checks `${...}` references inside TLI strings. `${env:NAME}` and `${env:NAME:-default}` are
 * expanded (see `expandEnv`); any other `${` is a mistake the user should see, since it would
 * otherwise reach the actor as literal text.
 */
import { ENV_REFERENCE } from './tli-schema';

export interface EnvProblem {
  /** Index range in the string's value (not in the source text). */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

const ONE_REFERENCE = new RegExp(`^${ENV_REFERENCE.source}`);
const FORMS = 'write ${env:NAME} or ${env:NAME:-default}';

export function envProblems(value: string): EnvProblem[] {
  const out: EnvProblem[] = [];
  let i = value.indexOf('${');
  while (i >= 0) {
    const rest = value.slice(i);
    const ok = ONE_REFERENCE.exec(rest);
    if (ok) {
      i = value.indexOf('${', i + ok[0].length);
      continue;
    }
    const close = value.indexOf('}', i + 2);
    const end = close < 0 ? value.length : close + 1;
    const inner = value.slice(i + 2, close < 0 ? value.length : close);
    let why: string;
    if (close < 0) why = `'\${' is never closed: ${FORMS}`;
    else if (!inner.startsWith('env:'))
      why = `only environment references are expanded, '\${${inner}}' is not one: ${FORMS}`;
    else {
      const m = /^env:([^:]*)(.*)$/s.exec(inner) as RegExpExecArray;
      const name = m[1];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        why =
          name === ''
            ? `the variable name is missing: ${FORMS}`
            : `'${name}' is not a variable name (letters, digits and _, not starting with a digit)`;
      } else {
        why = `after the name, only ':-default' may follow (found '${m[2]}'): ${FORMS}`;
      }
    }
    out.push({ start: i, end, message: why });
    i = value.indexOf('${', end);
  }
  return out;
}
