import { DirectorError } from '../protocol/errors';

/**
 * Codes of problems in the director dir's cfg files. Each is documented in
 * docs/errors/config.md; tests pin them.
 */
export const CONFIG_ERROR_CODES = [
  'CONFIG_UNREADABLE',
  'CONFIG_EMPTY',
  'CONFIG_THESPBASE_UNKNOWN',
  'CONFIG_ADMINPORT_INVALID',
  'CONFIG_ADMINHOST_INVALID',
  'CONFIG_CONVLEADER_INVALID',
  'CONFIG_OTHERCAPS_INVALID',
  'CONFIG_THESPLOG_INVALID',
  'CONFIG_LOGDIR_INVALID',
] as const;

export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/**
 * `detail` codes the config reader adds itself (the others come from the othercaps and thesplog
 * schemas): documented in docs/errors/config.md beside the schema codes.
 */
export const CONFIG_DETAIL_CODES = [
  /** A thesplog.cfg file handler's path can never be written (checked when the config is read). */
  'THESPLOG_FILE_UNWRITABLE',
] as const;

/**
 * Exit code of a command that stops on a bad cfg file (new; the original silently used defaults):
 * 78 is EX_CONFIG of sysexits.h, clear of the 1..13 the original and the packager use.
 */
export const CONFIG_EXIT_CODE = 78;

/** One problem in one cfg file, with where it is (1-based line and column, as editors print). */
export interface ConfigProblem {
  readonly code: ConfigErrorCode;
  /** Full path of the cfg file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** What is wrong and what to do, without the location. */
  readonly message: string;
  /** For othercaps.cfg and thesplog.cfg: the schema's own diagnostic code (e.g. THESPLOG_BAD_LEVEL). */
  readonly detail?: string;
}

/** `file:line:column: message [detail]` */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}${p.detail !== undefined ? ` [${p.detail}]` : ''}`;
}

/** A bad cfg file. `data.problems` holds every problem found, the message names them all. */
export class ConfigError extends DirectorError<ConfigErrorCode> {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly [ConfigProblem, ...ConfigProblem[]]) {
    const first = problems[0];
    const text =
      problems.length === 1
        ? formatProblem(first)
        : `${problems.length} problems in the cfg files:\n  ${problems.map(formatProblem).join('\n  ')}`;
    super(first.code, text, { exitCode: CONFIG_EXIT_CODE, data: { problems } });
    this.problems = problems;
  }
}
