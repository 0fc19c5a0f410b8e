/**
 * The convention area's error: what links, membership, placement and source transfer can refuse.
 * Codes are explained in docs/errors/convention.md.
 */
import { DirectorError } from '../protocol/errors';

/**
 * Every code of this area, in one runtime list; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const CONVENTION_ERROR_CODES = [
  /** `convention.secret` is missing, unreadable, too short or too open (mode). */
  'CONVENTION_SECRET_MISSING',
  'CONVENTION_SECRET_INVALID',
  /** `director convsecret` would overwrite an existing secret without `--force`. */
  'CONVENTION_SECRET_EXISTS',
  /** The peer's proof does not match: the two hosts hold different secrets. */
  'CONVENTION_BAD_SECRET',
  /** The first frame was not a well-formed hello / prove. */
  'CONVENTION_BAD_HELLO',
  /** More bytes than the pre-proof cap arrived before the peer proved the convention secret (log only). */
  'CONVENTION_PRE_PROOF_TOO_LARGE',
  /** The convention port's connection caps (total, or not yet proved) refused a connection (log / HTTP 503). */
  'CONVENTION_TOO_MANY_CONNECTIONS',
  /** A request on an authenticated link had malformed params. */
  'CONVENTION_BAD_REQUEST',
  /** A `convention/deliver-batch` frame was malformed: refused whole, none of its messages delivered. */
  'CONVENTION_BAD_BATCH',
  /** Another member already uses this system name. */
  'CONVENTION_DUPLICATE_NAME',
  /** `systemname.cfg` does not hold one usable system name. */
  'CONVENTION_SYSTEM_NAME_INVALID',
  /** convca.crt / convhost.crt / convhost.key incomplete or unreadable. */
  'CONVENTION_TLS_FILES',
  /** `director convcert` usage or file problems. */
  'CONVENTION_CERT_USAGE',
  /** No member (nor this system) satisfies the actor's requirements. */
  'NO_COMPATIBLE_SYSTEM_FOR_ACTOR',
  /** AllowRemoteActorSources forbids fetching this source from that system. */
  'CONVENTION_REMOTE_SOURCES_REFUSED',
  /** The system that asked does not hold the original bytes of the source. */
  'CONVENTION_SOURCE_UNAVAILABLE',
  /** This system's own keys (or its authority) refused the transferred package. */
  'CONVENTION_SOURCE_REJECTED',
  /** The peer is not (or no longer) connected. */
  'CONVENTION_NO_LINK',
] as const;

export type ConventionErrorCode = (typeof CONVENTION_ERROR_CODES)[number];

export class ConventionError extends DirectorError<ConventionErrorCode> {}
