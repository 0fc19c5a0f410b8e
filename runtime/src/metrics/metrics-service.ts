/**
 * The health and metrics endpoint (off unless metricsport.cfg exists): an HTTP server of its own,
 * bound like the admin port, answering
 * - `/healthz`: 200 while the daemon's event loop answers (this very handler running is the proof);
 * - `/readyz`: 200 once every daemon service has started (the Director has restored its record)
 *   and, on a convention member, the link to the leader is up; 503 otherwise;
 * - `/metrics`: the Prometheus text format, made by prom-client. Per-source figures are pulled
 *   from each source's worker when scraped (see thread-stats.ts); labels are the source's group,
 *   version and hash only, never actor addresses, so the number of series is bounded by the
 *   number of loaded sources.
 * Two DaemonServices: `service` goes first (so probes see "not ready" during the restore) and
 * `ready` last (it flips readiness once everything before it has started).
 * The registry behind /metrics is metrics-registry.ts, required only when the endpoint is on.
 */
import http from 'node:http';
import type { DaemonService } from '../daemon/daemon-services';
import { MetricsError } from './metrics-error';
import { readMetricsPort } from './metrics-config';

/** Connections open at once on the metrics port; more are dropped at accept. */
export const METRICS_MAX_CONNECTIONS = 64;
/** From accept to a complete request, and idle keep-alive. */
export const METRICS_REQUEST_TIMEOUT_MS = 5_000;

export interface ConventionStatus {
  readonly role: 'alone' | 'leader' | 'member';
  readonly members: readonly unknown[];
  readonly leader?: string;
}

export interface MetricsParts {
  readonly service: DaemonService;
  readonly ready: DaemonService;
  /** What /readyz answers (also when the endpoint is off: the rollout's health check asks it). */
  isReady(): boolean;
}

export function metricsParts(conventionStatus: () => ConventionStatus): MetricsParts {
  let servicesStarted = false;
  const readiness = (): { ready: boolean; why: string } => {
    if (!servicesStarted) return { ready: false, why: 'starting: the Director is restoring its record' };
    const c = conventionStatus();
    if (c.role === 'member' && c.leader === undefined)
      return { ready: false, why: 'the convention link to the leader is down' };
    return { ready: true, why: 'ready' };
  };

  const service: DaemonService = {
    name: 'metrics',
    async start(ctx) {
      const address = await readMetricsPort(ctx.config.directorDir, ctx.config.adminHost);
      if (address === undefined) return;
      // Required here, not imported: a daemon without metricsport.cfg never loads prom-client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildRegistry } = require('./metrics-registry') as typeof import('./metrics-registry');
      const registry = buildRegistry(ctx.system, conventionStatus, () => readiness().ready);
      // Deadlines checked every second (Node's default check runs every 30 s).
      const server = http.createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
        const url = (req.url ?? '/').split('?')[0];
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET, HEAD' }).end();
          return;
        }
        if (url === '/healthz') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        } else if (url === '/readyz') {
          const r = readiness();
          res.writeHead(r.ready ? 200 : 503, { 'content-type': 'text/plain' }).end(`${r.why}\n`);
        } else if (url === '/metrics') {
          registry.metrics().then(
            (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
            (e: unknown) =>
              res
                .writeHead(500, { 'content-type': 'text/plain' })
                .end(`${e instanceof Error ? e.message : String(e)}\n`),
          );
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: /healthz, /readyz, /metrics\n');
        }
      });
      // The network reaches this port without a token (0.0.0.0 in containers): a cap on
      // connections and a short request deadline, so idle sockets cannot use up the daemon's file
      // descriptors (the admin port shares them). A scraper or a probe needs one or two.
      server.maxConnections = METRICS_MAX_CONNECTIONS;
      server.headersTimeout = METRICS_REQUEST_TIMEOUT_MS;
      server.requestTimeout = METRICS_REQUEST_TIMEOUT_MS;
      server.keepAliveTimeout = METRICS_REQUEST_TIMEOUT_MS;
      // A socket that sends nothing at all is not in the request timers' view: an idle timeout.
      server.timeout = METRICS_REQUEST_TIMEOUT_MS;
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'EADDRINUSE') {
            reject(
              new MetricsError(
                'METRICS_PORT_IN_USE',
                `the metrics port ${address.host}:${address.port} (metricsport.cfg) is already in use by another program; stop it, or write a free port to metricsport.cfg`,
                { data: address },
              ),
            );
          } else {
            reject(
              new MetricsError(
                'METRICS_PORT_IN_USE',
                `cannot listen on ${address.host}:${address.port} (metricsport.cfg): ${e.message}`,
                { cause: e, data: address },
              ),
            );
          }
        });
        server.listen(address.port, address.host, () => resolve());
      });
      const bound = server.address();
      ctx.log(
        'info',
        `metrics: /healthz, /readyz and /metrics on http://${address.host}:${typeof bound === 'object' && bound !== null ? bound.port : address.port}`,
      );
      return {
        stop: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  };

  const ready: DaemonService = {
    name: 'readiness',
    start() {
      servicesStarted = true;
      return Promise.resolve({
        stop: () => {
          servicesStarted = false;
          return Promise.resolve();
        },
      });
    },
  };
  return { service, ready, isReady: () => readiness().ready };
}
