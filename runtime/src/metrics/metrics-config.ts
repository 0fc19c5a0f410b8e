/**
 * metricsport.cfg: `PORT` or `HOST:PORT`. Without the file there is no metrics endpoint (off by
 * default). The host defaults to the admin host, as the admin port is bound: loopback unless
 * adminhost.cfg says otherwise. A container gives `0.0.0.0:9464` so that the platform's probes
 * reach it.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { MetricsError } from './metrics-error';

export const METRICS_PORT_FILE = 'metricsport.cfg';

export interface MetricsAddress {
  readonly host: string;
  readonly port: number;
}

export function parseMetricsPort(text: string, defaultHost: string): MetricsAddress {
  const t = text.trim();
  const m = /^(?:(\[[^\]]+\]|[^:\s]+):)?(\d{1,5})$/.exec(t);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new MetricsError(
      'METRICS_PORT_INVALID',
      `${METRICS_PORT_FILE}: "${t}" is not a port; write PORT or HOST:PORT (port 1..65535), or delete the file to turn metrics off`,
      { exitCode: 78 },
    );
  }
  const host = m[1] === undefined ? defaultHost : m[1].replace(/^\[(.*)\]$/, '$1');
  if (m[1] !== undefined && isIP(host) === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) {
    throw new MetricsError('METRICS_PORT_INVALID', `${METRICS_PORT_FILE}: "${host}" is not a host name or address`, {
      exitCode: 78,
    });
  }
  return { host, port };
}

/** The configured metrics address, or undefined when metricsport.cfg is absent (metrics off). */
export async function readMetricsPort(directorDir: string, defaultHost: string): Promise<MetricsAddress | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(directorDir, METRICS_PORT_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseMetricsPort(text, defaultHost);
}
