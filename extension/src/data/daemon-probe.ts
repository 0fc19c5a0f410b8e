/**
 * Is a daemon listening for this director dir? A TCP connect to the admin address from the
 * dir's cfg files (the same reader the daemon uses), bounded by a short deadline. Answers
 * "port open" or "nothing there"; whether it is really our daemon is for `list` to find out.
 */
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { loadHost } from '../host-loader';

export interface AdminAddress {
  readonly host: string;
  readonly port: number;
  /** Set when adminport.cfg came from the dir. */
  readonly fromDir: boolean;
}

export async function adminAddress(directorDir: string, fallbackPort: number | undefined): Promise<AdminAddress> {
  const fromDir = existsSync(path.join(directorDir, 'adminport.cfg'));
  const { readConfig, DEFAULT_ADMIN_HOST, DEFAULT_ADMIN_PORT } = loadHost();
  try {
    const { config } = await readConfig(directorDir);
    const host = config.adminHost === '0.0.0.0' ? DEFAULT_ADMIN_HOST : config.adminHost;
    return { host, port: fromDir ? config.adminPort : (fallbackPort ?? config.adminPort), fromDir };
  } catch {
    return { host: DEFAULT_ADMIN_HOST, port: fallbackPort ?? DEFAULT_ADMIN_PORT, fromDir: false };
  }
}

/** Resolves true when something accepts a connection at `addr` within `timeoutMs`. */
export function portOpen(addr: { host: string; port: number }, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: addr.host, port: addr.port });
    const done = (open: boolean): void => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
