/**
 * The logger an actor sees as `this.logger`. Real logging (files, levels, rotation) is built
 * elsewhere and handed in as a {@link LoggerFactory}; without one, warnings and errors go to
 * stderr and the rest is dropped.
 */
export interface Logger {
  debug(text: string): void;
  info(text: string): void;
  warning(text: string): void;
  error(text: string): void;
}

/** Gives the logger for one actor (name: its class and address) or part of the system. */
export type LoggerFactory = (name: string) => Logger;

const noop = (): void => {};

export const stderrLoggerFactory: LoggerFactory = (name) => ({
  debug: noop,
  info: noop,
  warning: (t) => process.stderr.write(`[warning] ${name}: ${t}\n`),
  error: (t) => process.stderr.write(`[error] ${name}: ${t}\n`),
});

export const silentLoggerFactory: LoggerFactory = () => ({ debug: noop, info: noop, warning: noop, error: noop });
