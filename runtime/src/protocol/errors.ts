/**
 * Errors that a user can meet. One class per area, each with a closed union of string codes
 * (documented in docs/errors.md, pinned by tests). On the wire every error is
 * `{ code, message, data }` (see {@link WireError}).
 *
 * A message says what was wrong, where, and what to do.
 */

/** The shape of an error on every wire: admin protocol, worker channel, convention link. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
}

/** Base of every area's error. `exitCode` is what the CLI exits with when this error ends a command. */
export class DirectorError<C extends string = string> extends Error {
  readonly code: C;
  readonly data?: unknown;
  readonly exitCode: number;

  constructor(code: C, message: string, options: { data?: unknown; exitCode?: number; cause?: unknown } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.data = options.data;
    this.exitCode = options.exitCode ?? 1;
    if (options.cause !== undefined) {
      (this as { cause?: unknown }).cause = options.cause;
    }
  }

  toWire(): WireError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** True when `value` looks like a {@link WireError} (for decoding replies). */
export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
