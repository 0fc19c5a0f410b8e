/**
 * Reach the daemon of a director dir: its address from the cfg files, its token from the private
 * folder, then the hello. Turns transport failures into the errors a user can act on.
 */
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { readAdminAddress } from '../config/admin-address';
import { DaemonError } from '../daemon/daemon-error';
import { readToken } from '../daemon/private-folder';
import { privatePaths } from '../daemon/private-paths';
import { RemoteError, TransportError } from '../transport/transport-error';
import { AdminClient, type AdminClientOptions } from './admin-client';

export interface DaemonAddress {
  readonly host: string;
  readonly port: number;
}

/** Where the daemon of `directorDir` listens: adminhost.cfg / adminport.cfg, or `adminPort` given. */
export async function daemonAddress(directorDir: string, adminPort?: number): Promise<DaemonAddress> {
  // Only the files that say where the daemon is matter to a client.
  const config = await readAdminAddress(directorDir);
  const relevant = config.problems;
  const [first, ...rest] = relevant;
  if (
    first !== undefined &&
    !(adminPort !== undefined && relevant.every((p) => path.basename(p.file) === 'adminport.cfg'))
  ) {
    throw new ConfigError([first, ...rest]);
  }
  // A daemon bound to every interface is reached on loopback.
  const host = config.adminHost === '0.0.0.0' ? '127.0.0.1' : config.adminHost === '::' ? '::1' : config.adminHost;
  return { host, port: adminPort ?? config.adminPort };
}

export interface ConnectDaemonOptions extends Partial<Omit<AdminClientOptions, 'host' | 'port' | 'token'>> {
  readonly directorDir: string;
  readonly adminPort?: number;
}

/**
 * Connect to the daemon of a director dir. Rejects with DAEMON_NOT_RUNNING when nothing answers,
 * DAEMON_PORT_FOREIGN when something answers that does not accept this dir's token,
 * DAEMON_TOKEN_UNREADABLE when the token cannot be read.
 */
export async function connectDaemon(options: ConnectDaemonOptions): Promise<AdminClient> {
  const paths = privatePaths(options.directorDir);
  // Read while the address is read; a bad address is still the error reported first.
  const reading = readToken(paths);
  reading.catch(() => undefined);
  const { host, port } = await daemonAddress(options.directorDir, options.adminPort);
  const where = `${host}:${port}`;
  let token: string;
  try {
    token = await reading;
  } catch (e) {
    // Without a token file there can be no daemon of this dir: say that, not "no token".
    if (e instanceof DaemonError && (e.data as { errno?: string } | undefined)?.errno === 'ENOENT') {
      throw notRunning(where, options.directorDir);
    }
    throw e;
  }
  try {
    return await AdminClient.connect({ ...options, host, port, token });
  } catch (e) {
    if (e instanceof TransportError && e.code === 'TRANSPORT_CONNECT_FAILED') {
      const errno = (e.data as { errno?: string } | undefined)?.errno;
      if ((e.data as { status?: number } | undefined)?.status === 503) {
        // The daemon's connection gate: it runs, but its connection caps are reached.
        throw new DaemonError(
          'DAEMON_REFUSING',
          `a daemon runs on ${where} but refuses connections now: too many are open (an attack, or too many clients); try again shortly, and see its log`,
          {
            cause: e,
            data: { host, port },
          },
        );
      }
      if (errno === 'ECONNREFUSED' || errno === 'ECONNRESET' || errno === 'EHOSTUNREACH' || errno === 'ENETUNREACH')
        throw notRunning(where, options.directorDir);
      throw new DaemonError(
        'DAEMON_PORT_FOREIGN',
        `something answers on ${where} but it is not a thespian-director daemon (${e.message}); stop that program, or write another port to adminport.cfg`,
        { cause: e, data: { host, port } },
      );
    }
    if (
      (e instanceof RemoteError && e.code === 'ADMIN_UNAUTHORIZED') ||
      (e instanceof TransportError && e.code === 'TRANSPORT_UNAUTHORIZED')
    ) {
      throw new DaemonError(
        'DAEMON_PORT_FOREIGN',
        `the daemon on ${where} refuses the token of ${options.directorDir}: it belongs to another director dir (check THESPIAN_DIRECTOR_DIR), or its token changed; stop it or use another port in adminport.cfg`,
        { cause: e, data: { host, port } },
      );
    }
    throw e;
  }
}

function notRunning(where: string, directorDir: string): DaemonError {
  return new DaemonError(
    'DAEMON_NOT_RUNNING',
    `no daemon answers on ${where}; run \`director start\` (director dir ${directorDir})`,
    {
      data: { address: where, directorDir },
    },
  );
}
