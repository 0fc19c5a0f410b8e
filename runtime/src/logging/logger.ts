/**
 * The Logger every part uses (actors get one as `this.logger`), and the record it produces.
 * Python-style: `logger.info('loaded %s in %d ms', group, ms)`; an Error as the last argument
 * appends its stack, as Python's exc_info does.
 */
import { format } from 'node:util';
import { LEVELS } from '../protocol/config-schema';

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
  readonly wantsCaller: boolean;
  emit(record: LogRecord): void;
}

export function levelName(level: number): string {
  switch (level) {
    case 50: return 'CRITICAL';
    case 40: return 'ERROR';
    case 30: return 'WARNING';
    case 20: return 'INFO';
    case 10: return 'DEBUG';
    case 0: return 'NOTSET';
    default: return `Level ${level}`;
  }
}

interface Caller {
  pathname?: string;
  lineno?: number;
  funcName?: string;
}

/** The frame that called `above` (a Logger method), parsed from a V8 stack trace. */
function captureCaller(above: (...args: never[]) => unknown): Caller {
  const holder: { stack?: string } = {};
  // One frame is all we need; a full trace costs several times more.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, above);
  Error.stackTraceLimit = limit;
  const frame = holder.stack?.split('\n')[1] ?? '';
  const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(frame);
  if (m === null) return {};
  return { pathname: (m[2] ?? '').replace(/^file:\/\//, ''), lineno: Number(m[3]), funcName: m[1] ?? '<module>' };
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
  const logger: Logger = {
    name,
    debug: function debug(m, ...a) { emit(LEVELS['DEBUG'], m, a, debug); },
    info: function info(m, ...a) { emit(LEVELS['INFO'], m, a, info); },
    warning: function warning(m, ...a) { emit(LEVELS['WARNING'], m, a, warning); },
    error: function error(m, ...a) { emit(LEVELS['ERROR'], m, a, error); },
    exception: function exception(m, ...a) { emit(LEVELS['ERROR'], m, a, exception); },
    critical: function critical(m, ...a) { emit(LEVELS['CRITICAL'], m, a, critical); },
    log: function log(level, m, ...a) { emit(level, m, a, log); },
    isEnabledFor: (level) => sink.isEnabledFor(name, level),
  };
  return logger;
}
