/**
 * The schema of `thesplog.cfg`, the director dir's logging configuration in the shape of Python's
 * `logging.config.dictConfig` that the guide shows: its validated form (every reference resolved,
 * every level a number) and the validator, which reports each problem at its key or value.
 *
 * Over 400 lines on purpose: one validator for one file, whose checks (formatters, handlers,
 * loggers and the references between them) resolve against each other, read best together.
 */
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { isPlainObject } from '../../runtime/src/protocol/plain-object';
import { describe, parseCfg, Reporter, where, type PathItem, type ValidationResult } from './cfg-report';
import { LOG_RECORD_FIELDS, parsePercentFormat } from './log-format';

export const LEVELS: { readonly [name: string]: number } = {
  CRITICAL: 50,
  FATAL: 50,
  ERROR: 40,
  WARNING: 30,
  WARN: 30,
  INFO: 20,
  DEBUG: 10,
  NOTSET: 0,
};

export interface ThesplogFormatter {
  readonly format: string;
  /** strftime-style; absent means `%Y-%m-%d %H:%M:%S,mmm` as Python's default. */
  readonly datefmt?: string;
}

/** `thespian.director.ActorAddressLogFilter`, or Python's logging.Filter by logger-name prefix. */
export type ThesplogFilter = { readonly kind: 'actorAddress' } | { readonly kind: 'name'; readonly name: string };

interface HandlerCommon {
  /** Records below this level are dropped by this handler; 0 (NOTSET) lets all through. */
  readonly level: number;
  readonly formatter?: string;
  readonly filters: readonly string[];
}

export type ThesplogHandler =
  | (HandlerCommon & { readonly kind: 'stream'; readonly stream: 'stdout' | 'stderr' })
  | (HandlerCommon & { readonly kind: 'file'; readonly filename: string; readonly mode: 'a' | 'w' })
  | (HandlerCommon & {
      readonly kind: 'rotating';
      readonly filename: string;
      readonly maxBytes: number;
      readonly backupCount: number;
    })
  | (HandlerCommon & {
      readonly kind: 'timed';
      readonly filename: string;
      /** Normalised: `midnight`, `S`, `M`, `H` or `D`. */
      readonly when: 'midnight' | 'S' | 'M' | 'H' | 'D';
      readonly interval: number;
      readonly backupCount: number;
      readonly utc: boolean;
    })
  | (HandlerCommon & { readonly kind: 'null' });

export interface ThesplogLogger {
  /** Absent: inherit from the parent logger (root defaults to WARNING). */
  readonly level?: number;
  readonly handlers: readonly string[];
  readonly propagate: boolean;
  readonly filters: readonly string[];
}

/** thesplog.cfg after validation: every reference resolved, every level a number. */
export interface ThesplogConfig {
  readonly formatters: { readonly [name: string]: ThesplogFormatter };
  readonly filters: { readonly [name: string]: ThesplogFilter };
  readonly handlers: { readonly [name: string]: ThesplogHandler };
  readonly root: ThesplogLogger;
  readonly loggers: { readonly [name: string]: ThesplogLogger };
}

export type ThesplogCode =
  | 'THESPLOG_SYNTAX'
  | 'THESPLOG_EMPTY'
  | 'THESPLOG_NOT_OBJECT'
  | 'THESPLOG_UNKNOWN_KEY'
  | 'THESPLOG_BAD_VERSION'
  | 'THESPLOG_BAD_TYPE'
  | 'THESPLOG_BAD_LEVEL'
  | 'THESPLOG_BAD_FORMAT'
  | 'THESPLOG_UNKNOWN_HANDLER_CLASS'
  | 'THESPLOG_UNKNOWN_FILTER_FACTORY'
  | 'THESPLOG_MISSING_KEY'
  | 'THESPLOG_UNDEFINED_REFERENCE'
  | 'THESPLOG_UNSUPPORTED';

/** The filter factory of the original, and the short aliases we also accept. */
export const ACTOR_ADDRESS_FILTER_NAMES: readonly string[] = [
  'thespian.director.ActorAddressLogFilter',
  'ActorAddressLogFilter',
  'actorAddress',
];

const HANDLER_CLASSES: { readonly [cls: string]: ThesplogHandler['kind'] } = {
  'logging.StreamHandler': 'stream',
  StreamHandler: 'stream',
  'logging.FileHandler': 'file',
  FileHandler: 'file',
  'logging.handlers.RotatingFileHandler': 'rotating',
  RotatingFileHandler: 'rotating',
  'logging.handlers.TimedRotatingFileHandler': 'timed',
  TimedRotatingFileHandler: 'timed',
  'logging.NullHandler': 'null',
  NullHandler: 'null',
};

const HANDLER_KEYS: { readonly [kind: string]: readonly string[] } = {
  common: ['class', 'level', 'formatter', 'filters'],
  stream: ['stream'],
  file: ['filename', 'mode', 'encoding', 'delay'],
  rotating: ['filename', 'mode', 'encoding', 'delay', 'maxBytes', 'backupCount'],
  timed: ['filename', 'encoding', 'delay', 'when', 'interval', 'backupCount', 'utc'],
  null: [],
};

/** `thesplog.cfg`: a dictConfig-shaped logging configuration (see docs/config.md). */
export function validateThesplog(text: string): ValidationResult<ThesplogConfig> {
  const p = parseCfg(text, 'THESPLOG');
  if (p.value === undefined) return { diagnostics: p.diagnostics };
  const rep = new Reporter(text, p.node);
  rep.diagnostics.push(...p.diagnostics);
  const v = p.value;
  if (!isPlainObject(v)) {
    rep.error(
      'THESPLOG_NOT_OBJECT',
      [],
      `thesplog.cfg must hold one object in the shape of the guide's example ({ version: 1, formatters, handlers, root, ... }); found ${describe(v)}`,
    );
    return { diagnostics: rep.diagnostics };
  }
  unknownKeys(
    rep,
    v,
    [],
    ['version', 'formatters', 'filters', 'handlers', 'root', 'loggers', 'disable_existing_loggers', 'incremental'],
  );
  if (v['version'] !== 1) {
    rep.error(
      'THESPLOG_BAD_VERSION',
      v['version'] === undefined ? [] : ['version'],
      v['version'] === undefined ? 'the "version" key is missing: write version: 1' : 'only "version: 1" is supported',
    );
  }
  if (v['incremental'] === true)
    rep.error(
      'THESPLOG_UNSUPPORTED',
      ['incremental'],
      '"incremental: true" is not supported: give the whole configuration',
    );
  if (v['disable_existing_loggers'] !== undefined && !isBool(v['disable_existing_loggers'])) {
    rep.error('THESPLOG_BAD_TYPE', ['disable_existing_loggers'], '"disable_existing_loggers" must be true or false');
  }

  // References are checked against every declared name, so one bad definition is reported once.
  const declared = (key: string): string[] => (isPlainObject(v[key]) ? Object.keys(v[key]) : []);
  const formatterNames = declared('formatters');
  const filterNames = declared('filters');
  const handlerNames = declared('handlers');
  const formatters = section(rep, v, 'formatters', (name, f, path) => readFormatter(rep, name, f, path));
  const filters = section(rep, v, 'filters', (name, f, path) => readFilter(rep, name, f, path));
  const handlers = section(rep, v, 'handlers', (name, h, path) =>
    readHandler(rep, name, h, path, formatterNames, filterNames),
  );
  const loggers = section(rep, v, 'loggers', (_name, l, path) => readLogger(rep, l, path, handlerNames, filterNames));
  let root: ThesplogLogger = { handlers: [], propagate: true, filters: [] };
  if (v['root'] !== undefined) root = readLogger(rep, v['root'], ['root'], handlerNames, filterNames) ?? root;
  // dictConfig also accepts the root logger as loggers[''].
  const emptyName = loggers[''];
  if (emptyName !== undefined) {
    root = { ...root, ...emptyName, handlers: [...new Set([...root.handlers, ...emptyName.handlers])] };
    delete loggers[''];
  }
  if (rep.failed) return { diagnostics: rep.diagnostics };
  return { value: { formatters, filters, handlers, root, loggers }, diagnostics: rep.diagnostics };
}

function isBool(v: JsonValue | undefined): boolean {
  return typeof v === 'boolean' || v === 0 || v === 1;
}

function unknownKeys(
  rep: Reporter,
  obj: { [key: string]: JsonValue },
  path: readonly PathItem[],
  known: readonly string[],
): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      rep.error(
        'THESPLOG_UNKNOWN_KEY',
        [...path, key],
        `unknown key "${key}" in ${where(path)}; expected one of: ${known.join(', ')}`,
        true,
      );
    }
  }
}

function section<T>(
  rep: Reporter,
  v: { [key: string]: JsonValue },
  key: string,
  read: (name: string, item: JsonValue, path: PathItem[]) => T | undefined,
): { [name: string]: T } {
  const out: { [name: string]: T } = {};
  const s = v[key];
  if (s === undefined) return out;
  if (!isPlainObject(s)) {
    rep.error('THESPLOG_BAD_TYPE', [key], `"${key}" must be an object of name → definition`);
    return out;
  }
  for (const [name, item] of Object.entries(s)) {
    const r = read(name, item, [key, name]);
    if (r !== undefined) out[name] = r;
  }
  return out;
}

function readLevel(rep: Reporter, v: JsonValue | undefined, path: readonly PathItem[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 50) return v;
  if (typeof v === 'string' && LEVELS[v.toUpperCase()] !== undefined) return LEVELS[v.toUpperCase()];
  rep.error(
    'THESPLOG_BAD_LEVEL',
    path,
    `${describe(v)} is not a level: use DEBUG, INFO, WARNING, ERROR, CRITICAL or a number 0..50 (10, 20, 30, 40, 50)`,
  );
  return undefined;
}

function readString(
  rep: Reporter,
  obj: { [key: string]: JsonValue },
  key: string,
  path: readonly PathItem[],
  required: boolean,
): string | undefined {
  const v = obj[key];
  if (v === undefined) {
    if (required) rep.error('THESPLOG_MISSING_KEY', path, `${where(path)} needs a "${key}" string`, true);
    return undefined;
  }
  if (typeof v !== 'string') {
    rep.error('THESPLOG_BAD_TYPE', [...path, key], `"${key}" must be a string; found ${describe(v)}`);
    return undefined;
  }
  return v;
}

function readCount(
  rep: Reporter,
  obj: { [key: string]: JsonValue },
  key: string,
  path: readonly PathItem[],
  dflt: number,
  min: number,
): number {
  const v = obj[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    rep.error('THESPLOG_BAD_TYPE', [...path, key], `"${key}" must be a whole number ≥ ${min}; found ${describe(v)}`);
    return dflt;
  }
  return v;
}

/** Names listed under `key`, each checked against the names declared (valid or not) in the `what`s section. */
function readNames(
  rep: Reporter,
  obj: { [key: string]: JsonValue },
  key: string,
  path: readonly PathItem[],
  declared: readonly string[],
  what: string,
): string[] {
  const v = obj[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    rep.error('THESPLOG_BAD_TYPE', [...path, key], `"${key}" must be a list of ${what} names`);
    return [];
  }
  const names: string[] = v;
  names.forEach((n, i) => {
    if (!declared.includes(n)) {
      const known = declared;
      rep.error(
        'THESPLOG_UNDEFINED_REFERENCE',
        [...path, key, i],
        `${what} "${n}" is not defined in "${what}s"${known.length ? ` (defined: ${known.join(', ')})` : ''}`,
      );
    }
  });
  return names;
}

function readFormatter(rep: Reporter, name: string, f: JsonValue, path: PathItem[]): ThesplogFormatter | undefined {
  if (!isPlainObject(f)) {
    rep.error(
      'THESPLOG_BAD_TYPE',
      path,
      `formatter "${name}" must be an object such as { format: '%(asctime)s %(message)s' }`,
    );
    return undefined;
  }
  unknownKeys(rep, f, path, ['format', 'datefmt', 'style', 'validate']);
  if (f['style'] !== undefined && f['style'] !== '%') {
    rep.error('THESPLOG_UNSUPPORTED', [...path, 'style'], 'only the "%" style is supported: write fields as %(name)s');
  }
  const format = readString(rep, f, 'format', path, false) ?? '%(message)s';
  const parsed = parsePercentFormat(format);
  if (parsed.error !== undefined) {
    rep.error('THESPLOG_BAD_FORMAT', [...path, 'format'], parsed.error);
  }
  for (const t of parsed.tokens ?? []) {
    if (t.kind === 'field' && !LOG_RECORD_FIELDS.includes(t.name)) {
      rep.error(
        'THESPLOG_BAD_FORMAT',
        [...path, 'format'],
        `unknown field %(${t.name})${t.conversion}; known fields: ${LOG_RECORD_FIELDS.join(', ')}`,
      );
    }
  }
  const datefmt = readString(rep, f, 'datefmt', path, false);
  return datefmt === undefined ? { format } : { format, datefmt };
}

function readFilter(rep: Reporter, name: string, f: JsonValue, path: PathItem[]): ThesplogFilter | undefined {
  if (!isPlainObject(f)) {
    rep.error(
      'THESPLOG_BAD_TYPE',
      path,
      `filter "${name}" must be an object such as { '()': 'thespian.director.ActorAddressLogFilter' }`,
    );
    return undefined;
  }
  unknownKeys(rep, f, path, ['()', 'name']);
  const factory = f['()'];
  if (factory !== undefined) {
    if (typeof factory === 'string' && ACTOR_ADDRESS_FILTER_NAMES.includes(factory)) return { kind: 'actorAddress' };
    rep.error(
      'THESPLOG_UNKNOWN_FILTER_FACTORY',
      [...path, '()'],
      `unknown filter factory ${describe(factory)}: the one available is 'thespian.director.ActorAddressLogFilter' (alias 'ActorAddressLogFilter'); callables cannot be loaded from a cfg file`,
    );
    return undefined;
  }
  return { kind: 'name', name: readString(rep, f, 'name', path, false) ?? '' };
}

function readHandler(
  rep: Reporter,
  name: string,
  h: JsonValue,
  path: PathItem[],
  formatters: readonly string[],
  filters: readonly string[],
): ThesplogHandler | undefined {
  if (!isPlainObject(h)) {
    rep.error('THESPLOG_BAD_TYPE', path, `handler "${name}" must be an object with a "class"`);
    return undefined;
  }
  const cls = readString(rep, h, 'class', path, true);
  if (cls === undefined) return undefined;
  const kind = HANDLER_CLASSES[cls];
  if (kind === undefined) {
    rep.error(
      'THESPLOG_UNKNOWN_HANDLER_CLASS',
      [...path, 'class'],
      `unknown handler class "${cls}"; available: ${Object.keys(HANDLER_CLASSES)
        .filter((c) => c.includes('.'))
        .join(', ')}`,
    );
    return undefined;
  }
  unknownKeys(rep, h, path, [...(HANDLER_KEYS['common'] ?? []), ...(HANDLER_KEYS[kind] ?? [])]);
  const level = readLevel(rep, h['level'], [...path, 'level']) ?? 0;
  const formatter = readString(rep, h, 'formatter', path, false);
  if (formatter !== undefined && !formatters.includes(formatter)) {
    rep.error(
      'THESPLOG_UNDEFINED_REFERENCE',
      [...path, 'formatter'],
      `formatter "${formatter}" is not defined in "formatters"`,
    );
  }
  const common: HandlerCommon = {
    level,
    filters: readNames(rep, h, 'filters', path, filters, 'filter'),
    ...(formatter !== undefined ? { formatter } : {}),
  };
  switch (kind) {
    case 'stream': {
      const s = h['stream'];
      if (s === undefined || s === 'ext://sys.stderr') return { ...common, kind, stream: 'stderr' };
      if (s === 'ext://sys.stdout') return { ...common, kind, stream: 'stdout' };
      rep.error(
        'THESPLOG_BAD_TYPE',
        [...path, 'stream'],
        `"stream" must be 'ext://sys.stdout' or 'ext://sys.stderr'; found ${describe(s)}`,
      );
      return undefined;
    }
    case 'null':
      return { ...common, kind };
    case 'file': {
      const filename = readString(rep, h, 'filename', path, true);
      const mode = readString(rep, h, 'mode', path, false) ?? 'a';
      if (mode !== 'a' && mode !== 'w')
        rep.error('THESPLOG_BAD_TYPE', [...path, 'mode'], '"mode" must be "a" (append) or "w" (truncate)');
      return filename === undefined ? undefined : { ...common, kind, filename, mode: mode === 'w' ? 'w' : 'a' };
    }
    case 'rotating': {
      const filename = readString(rep, h, 'filename', path, true);
      const maxBytes = readCount(rep, h, 'maxBytes', path, 0, 0);
      const backupCount = readCount(rep, h, 'backupCount', path, 0, 0);
      return filename === undefined ? undefined : { ...common, kind, filename, maxBytes, backupCount };
    }
    case 'timed': {
      const filename = readString(rep, h, 'filename', path, true);
      const whenText = (readString(rep, h, 'when', path, false) ?? 'H').toUpperCase();
      const interval = readCount(rep, h, 'interval', path, 1, 1);
      const backupCount = readCount(rep, h, 'backupCount', path, 0, 0);
      const utc = h['utc'] === true || h['utc'] === 1;
      let when: 'midnight' | 'S' | 'M' | 'H' | 'D' | undefined;
      if (whenText === 'MIDNIGHT') when = 'midnight';
      else if (whenText === 'S' || whenText === 'M' || whenText === 'H' || whenText === 'D') when = whenText;
      else if (/^W[0-6]$/.test(whenText)) {
        rep.error(
          'THESPLOG_UNSUPPORTED',
          [...path, 'when'],
          `weekly rotation ("${whenText}") is not supported: use "midnight", or "D" with interval: 7`,
        );
      } else {
        rep.error(
          'THESPLOG_BAD_TYPE',
          [...path, 'when'],
          `"when" must be "midnight", "S", "M", "H" or "D"; found ${describe(h['when'] ?? null)}`,
        );
      }
      // Rotation boundaries must divide the next unit (rotating-file-stream computes them so).
      if (when === 'S' || when === 'M') {
        if (60 % interval !== 0)
          rep.error(
            'THESPLOG_UNSUPPORTED',
            [...path, 'interval'],
            `with when "${when}" the interval must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)`,
          );
      } else if (when === 'H' && 24 % interval !== 0) {
        rep.error(
          'THESPLOG_UNSUPPORTED',
          [...path, 'interval'],
          'with when "H" the interval must divide 24 (1, 2, 3, 4, 6, 8, 12, 24)',
        );
      } else if (when === 'midnight' && interval !== 1) {
        rep.error(
          'THESPLOG_UNSUPPORTED',
          [...path, 'interval'],
          'with when "midnight" the interval must be 1; use "D" for several days',
        );
      }
      return filename === undefined || when === undefined
        ? undefined
        : { ...common, kind, filename, when, interval, backupCount, utc };
    }
  }
}

function readLogger(
  rep: Reporter,
  l: JsonValue,
  path: PathItem[],
  handlers: readonly string[],
  filters: readonly string[],
): ThesplogLogger | undefined {
  if (!isPlainObject(l)) {
    rep.error('THESPLOG_BAD_TYPE', path, `${where(path)} must be an object such as { level: 20, handlers: ['h'] }`);
    return undefined;
  }
  unknownKeys(rep, l, path, ['level', 'handlers', 'propagate', 'filters']);
  const level = readLevel(rep, l['level'], [...path, 'level']);
  const p = l['propagate'];
  if (p !== undefined && !isBool(p))
    rep.error('THESPLOG_BAD_TYPE', [...path, 'propagate'], '"propagate" must be true or false (or 1 or 0)');
  return {
    ...(level !== undefined ? { level } : {}),
    handlers: readNames(rep, l, 'handlers', path, handlers, 'handler'),
    propagate: p === undefined ? true : p === true || p === 1,
    filters: readNames(rep, l, 'filters', path, filters, 'filter'),
  };
}
