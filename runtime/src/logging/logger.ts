/**
 * The Logger every part uses (actors get one as `this.logger`), and the record it produces.
 * Python-style: `logger.info('loaded %s in %d ms', group, ms)`; an Error as the last argument
 * appends its stack, as Python's exc_info does.
 */
import { format } from 'node:util';
import { LEVELS } from '../../../config-lang/src/thesplog-schema';

export interface LogRecord {
  /** Logger name, dotted: `thespian.director`, `foo.fooactor`. */
  readonly name: string;
  readonly levelno: number;
  /** The formatted message, with any stack appended. */
  readonly message: string;
  /** ms since the epoch. */
  readonly created: number;
  /** Set for records of actors; the address filter fills `-not-actor-` for the rest. */
  actorAddress?: string;
  readonly process: number;
  /** Where the log call was made, when a format asks for it. */
  readonly pathname?: string;
  readonly lineno?: number;
  readonly funcName?: string;
}

export interface Logger {
  readonly name: string;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warning(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
  /** At ERROR; pass the caught error last to get its stack in the log. */
  exception(message: string, ...args: unknown[]): void;
  critical(message: string, ...args: unknown[]): void;
  log(level: number, message: string, ...args: unknown[]): void;
  isEnabledFor(level: number): boolean;
}

/** Where a logger sends its records. `wantsCaller`: capture file and line (costs a stack trace). */
export interface LogSink {
  isEnabledFor(name: string, level: number): boolean;
  /**
   * The lowest level `name` can ever emit, when fixed for the sink's life: loggers then drop
   * calls below it with one comparison, before any argument is looked at.
   */
  levelFor?(name: string): number;
  readonly wantsCaller: boolean;
  emit(record: LogRecord): void;
}

export function levelName(level: number): string {
  switch (level) {
    case 50:
      return 'CRITICAL';
    case 40:
      return 'ERROR';
    case 30:
      return 'WARNING';
    case 20:
      return 'INFO';
    case 10:
      return 'DEBUG';
    case 0:
      return 'NOTSET';
    default:
      return `Level ${level}`;
  }
}

const DEBUG = LEVELS['DEBUG'];
const INFO = LEVELS['INFO'];
const WARNING = LEVELS['WARNING'];
const ERROR = LEVELS['ERROR'];
const CRITICAL = LEVELS['CRITICAL'];

interface Caller {
  pathname?: string;
  lineno?: number;
  funcName?: string;
}

const takeFirstSite = (_e: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite | undefined => sites[0];

/**
 * The frame that called `above` (a Logger method). V8 hands over the frame as a structured call
 * site through `prepareStackTrace`, which skips formatting and parsing a stack string (about 3x
 * cheaper). With source maps enabled, Node maps frames only in its own formatting, so the frame
 * is then read from the formatted text, as a user would see it.
 */
function captureCaller(above: (...args: never[]) => unknown): Caller {
  const holder: { stack?: unknown } = {};
  // One frame is all we need; a full trace costs several times more.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  if (process.sourceMapsEnabled) {
    Error.captureStackTrace(holder, above);
    Error.stackTraceLimit = limit;
    const frame = typeof holder.stack === 'string' ? (holder.stack.split('\n')[1] ?? '') : '';
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(frame);
    if (m === null) return {};
    return { pathname: (m[2] ?? '').replace(/^file:\/\//, ''), lineno: Number(m[3]), funcName: m[1] ?? '<module>' };
  }
  // Plain assignments both ways: redefining or deleting the property on every record would push
  // the Error constructor's shape into slow mode. The hook is a plain function taking no `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = takeFirstSite;
  let site: NodeJS.CallSite | undefined;
  try {
    Error.captureStackTrace(holder, above);
    site = holder.stack as NodeJS.CallSite | undefined;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
  if (site === undefined) return {};
  const file = site.getFileName() ?? undefined;
  const fn = site.getFunctionName();
  const type = fn !== null && !site.isToplevel() ? site.getTypeName() : null;
  const caller: Caller = { funcName: fn === null ? '<module>' : type !== null ? `${type}.${fn}` : fn };
  if (file !== undefined) caller.pathname = file.replace(/^file:\/\//, '');
  const line = site.getLineNumber();
  if (line !== null) caller.lineno = line;
  return caller;
}

function render(message: string, args: readonly unknown[]): string {
  const last = args[args.length - 1];
  const err = last instanceof Error ? last : undefined;
  const rest = err !== undefined ? args.slice(0, -1) : args;
  const text = rest.length > 0 ? format(message, ...rest) : message;
  return err !== undefined ? `${text}\n${err.stack ?? `${err.name}: ${err.message}`}` : text;
}

/**
 * A Logger named `name` sending to `sink`, its records carrying `actorAddress` when given.
 * Source workers use this with a sink that posts records to the daemon.
 */
export function makeLogger(name: string, sink: LogSink, actorAddress?: string): Logger {
  const emit = (level: number, message: string, args: readonly unknown[], method: (...a: never[]) => unknown): void => {
    if (!sink.isEnabledFor(name, level)) return;
    const caller = sink.wantsCaller ? captureCaller(method) : {};
    sink.emit({
      name,
      levelno: level,
      message: render(message, args),
      created: Date.now(),
      ...(actorAddress !== undefined ? { actorAddress } : {}),
      process: process.pid,
      ...caller,
    });
  };
  const min = sink.levelFor?.(name) ?? 0;
  const logger: Logger = {
    name,
    debug: function debug(m, ...a) {
      if (DEBUG >= min) emit(DEBUG, m, a, debug);
    },
    info: function info(m, ...a) {
      if (INFO >= min) emit(INFO, m, a, info);
    },
    warning: function warning(m, ...a) {
      if (WARNING >= min) emit(WARNING, m, a, warning);
    },
    error: function error(m, ...a) {
      if (ERROR >= min) emit(ERROR, m, a, error);
    },
    exception: function exception(m, ...a) {
      if (ERROR >= min) emit(ERROR, m, a, exception);
    },
    critical: function critical(m, ...a) {
      if (CRITICAL >= min) emit(CRITICAL, m, a, critical);
    },
    log: function log(level, m, ...a) {
      emit(level, m, a, log);
    },
    isEnabledFor: (level) => sink.isEnabledFor(name, level),
  };
  return logger;
}
