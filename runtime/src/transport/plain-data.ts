import { TransportError } from './transport-error';

/**
 * Throws TRANSPORT_NOT_PLAIN_DATA unless `value` is plain JSON data (null, booleans, finite
 * numbers, strings, arrays and plain objects of those). JSON.stringify would silently drop or
 * mangle the rest (undefined, Uint8Array, Map, class instances), so the sender hears about it.
 */
export function assertPlainData(value: unknown, what: string): void {
  const problem = findProblem(value, '', 0);
  if (problem !== undefined) {
    throw new TransportError(
      'TRANSPORT_NOT_PLAIN_DATA',
      `${what} must be plain JSON data (null, boolean, number, string, arrays and plain objects): ${problem}; convert it before sending`,
      { data: { what } },
    );
  }
}

function findProblem(v: unknown, path: string, depth: number): string | undefined {
  if (depth > 200) return `nesting deeper than 200 levels at ${path || 'the top'}`;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(v) ? undefined : `${path || 'the value'} is ${v}, which JSON cannot carry`;
    case 'object': {
      if (v === null) return undefined;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const p = findProblem(v[i], `${path}[${i}]`, depth + 1);
          if (p !== undefined) return p;
        }
        return undefined;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'an object with a prototype';
        return `${path || 'the value'} is a ${name} instance`;
      }
      for (const k of Object.keys(v)) {
        const p = findProblem((v as { [k: string]: unknown })[k], path === '' ? k : `${path}.${k}`, depth + 1);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    default:
      return `${path || 'the value'} is ${typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`}`;
  }
}
