import type { ThesplogConfig } from '../../../config-lang/src/thesplog-schema';

/**
 * The logging configuration used when thesplog.cfg is absent, after the original's built-in
 * dict: one formatter, thespian.log (INFO and up) and thespian_debug.log
 * (everything), each rotated at 5 MB keeping 3 backups, in the log dir.
 */
export const DEFAULT_THESPLOG: ThesplogConfig = {
  formatters: {
    def: { format: '%(asctime)s %(levelname)-7s %(actorAddress)s  %(message)s [%(filename)s:%(lineno)s]' },
  },
  filters: { isActorLog: { kind: 'actorAddress' } },
  handlers: {
    main: {
      kind: 'rotating',
      filename: 'thespian.log',
      maxBytes: 5 * 1024 * 1024,
      backupCount: 3,
      level: 20,
      formatter: 'def',
      filters: ['isActorLog'],
    },
    debug: {
      kind: 'rotating',
      filename: 'thespian_debug.log',
      maxBytes: 5 * 1024 * 1024,
      backupCount: 3,
      level: 10,
      formatter: 'def',
      filters: ['isActorLog'],
    },
  },
  root: { level: 10, handlers: ['main', 'debug'], propagate: true, filters: [] },
  loggers: {},
};
