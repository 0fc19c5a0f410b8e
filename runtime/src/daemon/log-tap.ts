/**
 * A tap on the daemon's log path: every record of the daemon's own log and of the actor system's
 * loggers (actors, realms, source workers) is passed on unchanged to the logger it was meant for
 * and, while someone listens, handed to the listener too, which publishes it as a `log/record`
 * admin event. That is how a client (the VS Code extension) reads the logs live over the admin
 * link, with no file tailing. Records are cut at MAX_TEXT characters so one huge record cannot
 * flood the links.
 */
import type { LogRecordEvent } from '../protocol/admin-protocol';
import type { DaemonLogLevel } from './daemon-services';

type Level = LogRecordEvent['level'];
type AnyLogger = {
  debug(text: string): void;
  info(text: string): void;
  warning(text: string): void;
  error(text: string): void;
};
type Factory = (name: string) => AnyLogger;

const MAX_TEXT = 16_384;
/** The name on the daemon's own records. */
export const DAEMON_LOGGER = 'daemon';

/** `Class ActorAddr-(system|id)`: the realm's name for an actor's logger. */
const ACTOR_NAME = / (ActorAddr-\(.+\))$/;

export class LogTap {
  private listener: ((r: LogRecordEvent) => void) | undefined;

  /** Start (or stop, with undefined) handing records to `listener`. */
  listen(listener: ((r: LogRecordEvent) => void) | undefined): void {
    this.listener = listener;
  }

  record(level: Level, name: string, text: string): void {
    const l = this.listener;
    if (l === undefined) return;
    const address = ACTOR_NAME.exec(name)?.[1];
    l({
      level,
      name,
      ...(address !== undefined ? { address } : {}),
      text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text,
      created: new Date().toISOString(),
    });
  }

  /** The daemon's log function, tapped. */
  daemonLog(inner: (level: DaemonLogLevel, text: string) => void): (level: DaemonLogLevel, text: string) => void {
    return (level, text) => {
      inner(level, text);
      this.record(level, DAEMON_LOGGER, text);
    };
  }

  /** A logger factory for the actor system, tapped: each logger writes to `inner`'s and to the tap. */
  loggerFactory(inner: Factory): Factory {
    return (name) => {
      const to = inner(name);
      return {
        debug: (t) => (to.debug(t), this.record('debug', name, t)),
        info: (t) => (to.info(t), this.record('info', name, t)),
        warning: (t) => (to.warning(t), this.record('warning', name, t)),
        error: (t) => (to.error(t), this.record('error', name, t)),
      };
    };
  }
}
