/**
 * Apply a logging configuration (thesplog.cfg or the built-in default): loggers by dotted name
 * with levels and `propagate`, handlers with their own level, formatter and filters, and the
 * actor-address filter. `createLogging(config.logging, config.logDir)`.
 */
import type { ThesplogConfig, ThesplogFilter, ThesplogLogger } from '../../../config-lang/src/thesplog-schema';
import { formatAddress, type ActorAddress } from '../protocol/actor-address';
import { compileFormatter, needsCaller, type Formatter } from './formatter';
import { openHandler, type HandlerOutput, type OutputStreams } from './handlers';
import { makeLogger, type LogRecord, type LogSink, type Logger } from './logger';

/** What records that do not come from an actor carry as `actorAddress` (the original's value). */
export const NOT_ACTOR = '-not-actor-';

/** Root's level when the config gives none, as Python's. */
const ROOT_DEFAULT_LEVEL = 30;

export interface Logging {
  /** A logger; records carry `actorAddress` when given (actors get theirs as `this.logger`). */
  getLogger(name: string, actorAddress?: string | ActorAddress): Logger;
  /** Route a record made elsewhere (e.g. posted by a source worker) as if logged here. */
  handle(record: LogRecord): void;
  /** Whether `name` would emit at `level`: workers ask before posting records. */
  isEnabledFor(name: string, level: number): boolean;
  /** Flush and close every file; loggers stay callable and drop records afterwards. */
  close(): Promise<void>;
}

interface Handler {
  readonly level: number;
  readonly filters: readonly ThesplogFilter[];
  readonly format: Formatter;
  readonly out: HandlerOutput;
}

function passes(filters: readonly ThesplogFilter[], record: LogRecord): boolean {
  for (const f of filters) {
    if (f.kind === 'actorAddress') {
      // Always lets the record through; fills the placeholder so formats never miss the field.
      if (record.actorAddress === undefined) record.actorAddress = NOT_ACTOR;
    } else if (f.name !== '' && record.name !== f.name && !record.name.startsWith(`${f.name}.`)) {
      return false;
    }
  }
  return true;
}

function parentName(name: string): string | undefined {
  if (name === '') return undefined;
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(0, i);
}

export function createLogging(
  config: ThesplogConfig,
  logDir: string,
  io: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
): Logging {
  const startedAt = Date.now();
  const handlers = new Map<string, Handler>();
  // One compiled formatter per formatter name: handlers sharing one (the default's two files)
  // format each record once (see `emit`).
  const formatters = new Map<string | undefined, Formatter>();
  const formatterOf = (name: string | undefined): Formatter => {
    let f = formatters.get(name);
    if (f === undefined) {
      f = compileFormatter(name !== undefined ? config.formatters[name] : undefined, startedAt);
      formatters.set(name, f);
    }
    return f;
  };
  for (const [name, h] of Object.entries(config.handlers)) {
    handlers.set(name, {
      level: h.level,
      filters: h.filters.map((f) => config.filters[f]).filter((f): f is ThesplogFilter => f !== undefined),
      format: formatterOf(h.formatter),
      out: openHandler(h, logDir, io),
    });
  }
  const loggerConfig = (name: string): ThesplogLogger | undefined => (name === '' ? config.root : config.loggers[name]);
  const levelCache = new Map<string, number>();
  const effectiveLevel = (name: string): number => {
    let level = levelCache.get(name);
    if (level !== undefined) return level;
    for (let n: string | undefined = name; n !== undefined; n = parentName(n)) {
      level = loggerConfig(n)?.level;
      if (level !== undefined && level !== 0) break;
    }
    level = level === undefined || level === 0 ? ROOT_DEFAULT_LEVEL : level;
    levelCache.set(name, level);
    return level;
  };
  const wantsCaller = needsCaller(Object.values(config.formatters));
  let closed = false;

  const sink: LogSink = {
    wantsCaller,
    isEnabledFor: (name, level) => !closed && level >= effectiveLevel(name),
    // Levels come from the config, which is fixed for this Logging's life.
    levelFor: (name) => effectiveLevel(name),
    emit(record) {
      if (closed) return;
      const own = loggerConfig(record.name);
      if (
        own !== undefined &&
        !passes(
          own.filters.map((f) => config.filters[f]).filter((f): f is ThesplogFilter => f !== undefined),
          record,
        )
      )
        return;
      // Python: handlers of the logger, then of each ancestor while `propagate` holds.
      let lastFormat: Formatter | undefined;
      let lastAddress: string | undefined;
      let line = '';
      for (let n: string | undefined = record.name; n !== undefined; n = parentName(n)) {
        const lc = loggerConfig(n);
        for (const hn of lc?.handlers ?? []) {
          const h = handlers.get(hn);
          if (h === undefined || record.levelno < h.level || !passes(h.filters, record)) continue;
          // A filter may fill the address in between: then the line is formatted again.
          if (h.format !== lastFormat || record.actorAddress !== lastAddress) {
            lastFormat = h.format;
            lastAddress = record.actorAddress;
            line = `${h.format(record)}\n`;
          }
          h.out.write(line);
        }
        if (lc !== undefined && !lc.propagate) break;
      }
    },
  };

  return {
    getLogger: (name, actorAddress) =>
      makeLogger(
        name === 'root' ? '' : name,
        sink,
        typeof actorAddress === 'object' ? formatAddress(actorAddress) : actorAddress,
      ),
    handle: (record) => {
      if (sink.isEnabledFor(record.name, record.levelno)) sink.emit(record);
    },
    isEnabledFor: (name, level) => sink.isEnabledFor(name, level),
    async close() {
      closed = true;
      await Promise.all([...handlers.values()].map((h) => h.out.close()));
    },
  };
}
