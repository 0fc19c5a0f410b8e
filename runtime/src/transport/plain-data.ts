import { jsonProblem } from '../protocol/value-checks';
import { TransportError } from './transport-error';

/**
 * Throws TRANSPORT_NOT_PLAIN_DATA unless `value` is plain JSON data (null, booleans, finite
 * numbers, strings, arrays and plain objects of those). JSON.stringify would silently drop or
 * mangle the rest (undefined, Uint8Array, Map, class instances), so the sender hears about it.
 * The walk is the wire schemas' own (jsonProblem), so the sender and the receiver name the same place.
 */
export function assertPlainData(value: unknown, what: string): void {
  const problem = jsonProblem(value);
  if (problem !== undefined) {
    throw new TransportError(
      'TRANSPORT_NOT_PLAIN_DATA',
      `${what} must be plain JSON data (null, boolean, number, string, arrays and plain objects): ${problem}; convert it before sending`,
      { data: { what } },
    );
  }
}
