/**
 * The runtime area's error: everything the actor system itself can refuse. Codes are listed and
 * explained in docs/errors/runtime.md. A Source Authority's rejection is NOT one of these: it is
 * re-raised with the authority's own code (see `errorFromWire`).
 */
import { DirectorError, type WireError } from '../protocol/errors';

/**
 * Every code of this area, in one runtime list: the code type is derived from it, and the codes
 * test (test/docs/error-codes.test.ts) checks it against docs/errors/runtime.md both ways.
 */
export const ACTOR_SYSTEM_ERROR_CODES = [
  /** No loaded (or pending) source has this hash, or it was unloaded or rejected. */
  'INVALID_ACTOR_SOURCE_HASH',
  /** The spec is not `module.path.Class` / `module.path`, the class is missing, not an Actor, or its constructor threw. */
  'INVALID_ACTOR_SPECIFICATION',
  /** The module named by the spec is not in the source (or a module it requires is missing or throws). */
  'IMPORT_ERROR',
  /** The actor class's capability check refuses this system. */
  'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  /** loadActorSource with no Source Authority registered: nothing unsigned runs. */
  'NO_SOURCE_AUTHORITY',
  /** The Source Authority did not answer within the validation deadline. */
  'SOURCE_VALIDATION_TIMEOUT',
  /** The authority accepted the source but its ZIP does not open. */
  'CORRUPT_SOURCE_ZIP',
  /** A message that is not plain data was sent across a source boundary. */
  'NOT_PLAIN_DATA',
  /** The worker hosting the source ended while a request to it was pending. */
  'SOURCE_WORKER_EXITED',
  /** The actor system is shut down (or shutting down). */
  'ACTOR_SYSTEM_SHUT_DOWN',
  /** `send`/`tell` to something that is not an actor address (a string, null, a partial object). */
  'INVALID_ACTOR_ADDRESS',
  /** A troupe's settings (`static troupe` of an actor class) are not valid. */
  'INVALID_TROUPE_SETTINGS',
  /** `static transient` of an actor class is not a positive number of milliseconds. */
  'INVALID_TRANSIENT_PERIOD',
  /** A loaded source (or, in a pinned system, any second actor) tried to become the Source Authority. */
  'SOURCE_AUTHORITY_PINNED',
  /** A loaded source tried a process-wide call (kill of the daemon, abort, chdir, setuid...) that only its own worker may feel. */
  'SOURCE_CALL_REFUSED',
] as const;

export type ActorSystemErrorCode = (typeof ACTOR_SYSTEM_ERROR_CODES)[number];

export class ActorSystemError extends DirectorError<ActorSystemErrorCode> {}

/** A coded error that crossed a worker boundary, restored with its code. */
export function errorFromWire(w: WireError & { exitCode?: number }): DirectorError {
  if (isActorSystemErrorCode(w.code)) return new ActorSystemError(w.code, w.message, { data: w.data });
  return new DirectorError(w.code, w.message, { data: w.data, exitCode: w.exitCode ?? 1 });
}

/**
 * The code a worker channel gives an error that has none of its own (a bug, or a plain Error from
 * code that should have thrown a coded one). Documented in docs/errors/README.md.
 */
export const UNCODED_WORKER_ERROR_CODE = 'ACTOR_ERROR';

/** The wire form of any thrown value (non-coded errors get `fallbackCode`, by default {@link UNCODED_WORKER_ERROR_CODE}). */
export function errorToWire(
  e: unknown,
  fallbackCode: string = UNCODED_WORKER_ERROR_CODE,
): WireError & { exitCode?: number } {
  if (e instanceof DirectorError) {
    const w = e.toWire();
    return e.exitCode === 1 ? w : { ...w, exitCode: e.exitCode };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: fallbackCode, message };
}

const CODES: ReadonlySet<string> = new Set<string>(ACTOR_SYSTEM_ERROR_CODES);

export function isActorSystemErrorCode(code: string): code is ActorSystemErrorCode {
  return CODES.has(code);
}

export const invalidSourceHash = (hash: string): ActorSystemError =>
  new ActorSystemError('INVALID_ACTOR_SOURCE_HASH', `Source hash ${hash} does not match any loaded sources.`, {
    data: { sourceHash: hash },
  });

/** Throws INVALID_ACTOR_ADDRESS unless `to` is an actor address (`{ system, id }`, both strings). */
export function assertActorAddress(to: unknown, what = 'send'): void {
  if (
    typeof to === 'object' &&
    to !== null &&
    typeof (to as { system?: unknown }).system === 'string' &&
    typeof (to as { id?: unknown }).id === 'string'
  )
    return;
  const shown =
    typeof to === 'string'
      ? JSON.stringify(to)
      : to === null
        ? 'null'
        : to === undefined
          ? 'undefined'
          : typeof to === 'object'
            ? `an object with keys ${JSON.stringify(Object.keys(to))}`
            : typeof to;
  throw new ActorSystemError(
    'INVALID_ACTOR_ADDRESS',
    `${what}: ${shown} is not an actor address. Send to an address that createActor or a message gave you ({ system, id }); names are not addresses (use createActor with globalName to find a named actor).`,
    { data: { to: typeof to === 'string' || to === null ? to : typeof to } },
  );
}
