/**
 * The daemon's logging: thesplog.cfg (or the built-in default) applied with createLogging into the
 * folder of thesplogd.cfg. Actors (in the main thread and in every source worker, whose records
 * the worker link forwards to the system's logger factory) log under their class name with their
 * address as `actorAddress`; the daemon's own lines log under `thespian.daemon`.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type { Logger as ActorLogger, LoggerFactory } from '../actors/logger';
import type { DirectorConfig } from '../config/read-config';
import { createLogging, type Logging } from '../logging/create-logging';
import { resolveLogFile } from '../logging/handlers';
import type { ThesplogConfig } from '../../../config-lang/src/thesplog-schema';
import type { DaemonLogLevel } from './daemon-services';
import { codeOf, messageOf } from '../protocol/caught';

export interface DaemonLogging {
  readonly logging: Logging;
  /** For the actor system: one logger per actor (`<class> ActorAddr-(...)`) or part. */
  readonly loggerFactory: LoggerFactory;
  /** The daemon's own lines. */
  readonly log: (level: DaemonLogLevel, text: string) => void;
  readonly close: () => Promise<void>;
}

/** `foo.app.Main ActorAddr-(host:1900|w1.2)` → the class as logger name and the address. */
function splitName(name: string): { logger: string; address?: string } {
  const i = name.indexOf(' ActorAddr-(');
  return i > 0 ? { logger: name.slice(0, i), address: name.slice(i + 1) } : { logger: name };
}

/**
 * The file handlers that cannot open their file: each is a problem at start, named with the
 * handler and the file, and where its records go instead (nowhere: the daemon log has the rest).
 */
export function unopenableHandlers(config: ThesplogConfig, logDir: string): { name: string; problem: string }[] {
  const problems: { name: string; problem: string }[] = [];
  for (const [name, h] of Object.entries(config.handlers)) {
    if (h.kind !== 'file' && h.kind !== 'rotating' && h.kind !== 'timed') continue;
    const file = resolveLogFile(h.filename, logDir);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      closeSync(openSync(file, 'a'));
    } catch (e) {
      problems.push({
        name,
        problem: `thesplog.cfg handler "${name}" cannot open ${file} (${codeOf(e) ?? messageOf(e)}); its records are dropped, the daemon's own lines still go to its log`,
      });
    }
  }
  return problems;
}

export function daemonLogging(
  config: DirectorConfig,
  fallback: (level: DaemonLogLevel, text: string) => void,
): DaemonLogging {
  // A handler whose file cannot be opened becomes a null handler (said once, at start): the
  // daemon runs, its other handlers work.
  const broken = unopenableHandlers(config.logging, config.logDir);
  const handlers = { ...config.logging.handlers };
  for (const b of broken) {
    fallback('warning', b.problem);
    const h = handlers[b.name];
    if (h) handlers[b.name] = { ...h, kind: 'null' };
  }
  const logging = createLogging({ ...config.logging, handlers }, config.logDir);
  const cache = new Map<string, ActorLogger>();
  const loggerFactory: LoggerFactory = (name) => {
    let l = cache.get(name);
    if (l === undefined) {
      const { logger, address } = splitName(name);
      const real = logging.getLogger(logger, address);
      // '%s': a text with % in it is logged as it is.
      l = {
        debug: (t) => real.debug('%s', t),
        info: (t) => real.info('%s', t),
        warning: (t) => real.warning('%s', t),
        error: (t) => real.error('%s', t),
      };
      // Actor names are per address: do not keep loggers of ended actors forever.
      if (cache.size > 10_000) cache.clear();
      cache.set(name, l);
    }
    return l;
  };
  const own = logging.getLogger('thespian.daemon');
  return {
    logging,
    loggerFactory,
    log: (level, text) => {
      fallback(level, text);
      own[level]('%s', text);
    },
    close: () => logging.close(),
  };
}
