/**
 * Every cfg file of the director dir: its meaning and default, as `director help` and
 * docs/config.md list them. One value per file (the original's names), read afresh by every
 * command. A bad value is an error, never a silent default.
 */
export interface CfgFileInfo {
  readonly file: string;
  readonly meaning: string;
  /** The default when the file is absent, as text for help. */
  readonly default: string;
}

export const DEFAULT_ADMIN_PORT = 1900;
export const DEFAULT_ADMIN_HOST = '127.0.0.1';
/** Port of the convention leader when convleader.cfg names only a host. */
export const DEFAULT_CONVENTION_PORT = 1900;

export const CFG_FILES: readonly CfgFileInfo[] = [
  {
    file: 'thespbase.cfg',
    meaning:
      'actor system base: "daemon" (a background daemon, shared by every command) or "simple" (in-process, for tests); ' +
      'the original names multiprocTCPBase, multiprocUDPBase and multiprocQueueBase mean "daemon", simpleSystemBase means "simple"',
    default: 'daemon',
  },
  {
    file: 'oldthespbase.cfg',
    meaning: 'a previous base that "shutdown" also stops (same names as thespbase.cfg)',
    default: 'none',
  },
  {
    file: 'adminport.cfg',
    meaning: 'admin port of the daemon: a whole number 1..65535',
    default: String(DEFAULT_ADMIN_PORT),
  },
  {
    file: 'adminhost.cfg',
    meaning: 'address the daemon binds its admin port to; 0.0.0.0 accepts other hosts (needs convention security)',
    default: DEFAULT_ADMIN_HOST,
  },
  {
    file: 'convleader.cfg',
    meaning: `convention leader to join, as host or host:port (port default ${DEFAULT_CONVENTION_PORT})`,
    default: 'none: this daemon leads or runs alone',
  },
  {
    file: 'systemname.cfg',
    meaning:
      'name of this actor system in addresses and in a convention (must be unique there): letters, digits and . _ - : @ [ ]',
    default: 'adminhost:adminport, e.g. 127.0.0.1:1900',
  },
  {
    file: 'metricsport.cfg',
    meaning:
      'health and metrics endpoint (/healthz, /readyz, /metrics): PORT or HOST:PORT; HOST defaults to the admin host',
    default: 'none: no metrics endpoint',
  },
  {
    file: 'othercaps.cfg',
    meaning: 'extra capabilities of this actor system: one JSON5 object, e.g. { Worker: true, Slot: 19 }',
    default: '{}',
  },
  {
    file: 'thesplog.cfg',
    meaning:
      "logging configuration: JSON5 in the shape of Python's dictConfig (formatters, filters, handlers, root, loggers)",
    default: 'built in: thespian.log and thespian_debug.log in the log dir, 5 MB x 3 backups',
  },
  {
    file: 'thesplogd.cfg',
    meaning: 'log directory; a relative path is taken from the director dir',
    default: '/var/log/thespian when it exists and is writable, else DIR/log',
  },
];
