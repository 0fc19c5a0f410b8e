/**
 * The packager's errors (gensrc, tlsinfo, avail, keygen). Problems with keys and package bytes
 * are AuthorityErrors (runtime/src/protocol/package-codes.ts), shared with the runtime's verifier.
 * Documented in docs/errors/packager.md.
 */
import { DirectorError } from '../../runtime/src/protocol/errors';

export const PACKAGER_ERROR_CODES = [
  'GENSRC_NO_SOURCES',
  'GENSRC_BAD_OPTION',
  'GROUP_NAME_INVALID',
  'VERSION_INVALID',
  'SOURCES_DIR_MISSING',
  'SOURCE_NOT_FOUND',
  'SOURCE_OUTSIDE_DIR',
  'SOURCE_NOTHING_MATCHED',
  'SOURCE_SYNTAX',
  'SOURCE_UNREADABLE',
  'OUTPUT_COLLISION',
  'PACKAGE_UNSAFE',
  'DEPS_UNREADABLE',
  'DEPS_BAD_LINE',
  'DEP_NOT_FOUND',
  'DEP_NATIVE_ADDON',
  'DEP_BAD_PACKAGE_JSON',
  'DEP_CONFLICT',
  'TLI_UNREADABLE',
  'TLI_INVALID',
  'OUTPUT_WRITE_FAILED',
  'TLSINFO_FILE_MISSING',
  'TLSINFO_NO_SUCH_MEMBER',
  'KEY_EXISTS',
  'KEYGEN_BAD_TYPE',
  'KEYGEN_BAD_NAME',
] as const;

export type PackagerErrorCode = (typeof PACKAGER_ERROR_CODES)[number];

const EXIT: { readonly [C in PackagerErrorCode]?: number } = {
  GENSRC_NO_SOURCES: 3,
  TLSINFO_FILE_MISSING: 4,
  TLSINFO_NO_SUCH_MEMBER: 13,
};

export class PackagerError extends DirectorError<PackagerErrorCode> {
  constructor(code: PackagerErrorCode, message: string, options: { data?: unknown; cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: EXIT[code] ?? 1 });
  }
}
