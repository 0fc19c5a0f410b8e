/**
 * The extension's one error class (one class per area), with a closed set of codes documented in
 * docs/errors/extension.md. Problems in the user's files are diagnostics, not these.
 */
import { DirectorError } from '../../../runtime/src/protocol/errors';

/**
 * Every code of this area, in one runtime list; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const EXTENSION_ERROR_CODES = [
  /** The Director's RetrieveAll reply holds something the Loaded view cannot read. */
  'EXTENSION_LIST_OUTPUT',
  /** A context-menu command was given an item it does not apply to. */
  'EXTENSION_NOT_APPLICABLE',
  /** gensrc needs esbuild and none was found next to the extension or in the workspace. */
  'EXTENSION_ESBUILD_MISSING',
] as const;

export type ExtensionErrorCode = (typeof EXTENSION_ERROR_CODES)[number];

export class ExtensionError extends DirectorError<ExtensionErrorCode> {
  /** Where in the input the problem is (`groups.foo.packages[0]`), when it is about an input. */
  readonly where: string | undefined;

  constructor(code: ExtensionErrorCode, message: string, where?: string) {
    super(code, message, where === undefined ? {} : { data: { where } });
    this.where = where;
  }
}
