/**
 * Checks of plain values that need no schema library: what a value is, in words, and whether it is
 * plain JSON data. wire-schema.ts builds its messages on them; the source worker's bundle uses them
 * without valibot (worker-guards.ts), since every loaded source pays for what that bundle holds.
 */
import type { JsonValue } from './json-value';

/** What came, briefly: `"abc"`, `3`, `true`, `null`, `an array`, `an object`, `a Date instance`, `nothing`. */
export function describe(x: unknown): string {
  switch (typeof x) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return x.length > 40 ? `${JSON.stringify(x.slice(0, 40))}… (${x.length} characters)` : JSON.stringify(x);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(x);
    case 'object': {
      if (x === null) return 'null';
      if (Array.isArray(x)) return `an array of ${x.length}`;
      const proto = Object.getPrototypeOf(x) as unknown;
      if (proto === Object.prototype || proto === null) return 'an object';
      const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
      return typeof name === 'string' && name !== '' ? `a ${name} instance` : 'an object with a prototype';
    }
    default:
      return `a ${typeof x}`;
  }
}

/** True when `x` is plain JSON data: null, booleans, finite numbers, strings, arrays and plain objects of those, at most 200 deep. */
export function isJsonValue(x: unknown): x is JsonValue {
  return jsonProblem(x, '', 0) === undefined;
}

/** Where `x` stops being plain JSON data (`when is a Date instance`), or undefined. */
export function jsonProblem(x: unknown, path = '', depth = 0): string | undefined {
  if (depth > 200) return `nesting deeper than 200 levels at ${path || 'the top'}`;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(x) ? undefined : `${path || 'the value'} is ${x}, which JSON cannot carry`;
    case 'object': {
      if (x === null) return undefined;
      if (Array.isArray(x)) {
        for (let i = 0; i < x.length; i++) {
          const p = jsonProblem(x[i], `${path}[${i}]`, depth + 1);
          if (p !== undefined) return p;
        }
        return undefined;
      }
      const proto = Object.getPrototypeOf(x) as unknown;
      if (proto !== Object.prototype && proto !== null) return `${path || 'the value'} is ${describe(x)}`;
      for (const k of Object.keys(x)) {
        const p = jsonProblem(
          (x as { readonly [key: string]: unknown })[k],
          path === '' ? k : `${path}.${k}`,
          depth + 1,
        );
        if (p !== undefined) return p;
      }
      return undefined;
    }
    default:
      return `${path || 'the value'} is ${describe(x)}`;
  }
}
