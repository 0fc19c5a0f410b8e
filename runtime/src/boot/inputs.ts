/** Everything a generator needs, gathered once by the command (gather-inputs.ts) and passed in. */
export interface BootInputs {
  /** NAME as given (default `thespian.director`); each generator adapts it to its manager. */
  readonly name: string;
  /** `nostart`: configure, but do not start the service now. */
  readonly nostart: boolean;
  /** The director dir in force, absolute: the service uses exactly this one (the original's Windows service ignored a non-default dir). */
  readonly directorDir: string;
  /** The daemon's private folder inside it (token, pid, loaded-source record). */
  readonly privateDir: string;
  /** The log folder the service writes to. */
  readonly logDir: string;
  /** Absolute path of the node binary that runs the service. */
  readonly nodePath: string;
  /** Absolute path of dist/director.js. */
  readonly directorScript: string;
}

/** The original's default service name. */
export const DEFAULT_SERVICE_NAME = 'thespian.director';

/** The unprivileged account the systemd service runs as; created by systemd-sysusers. */
export const SERVICE_USER = 'thespian';
