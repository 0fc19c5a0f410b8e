import { DirectorError } from '../protocol/errors';

/** Codes of the health and metrics endpoint. Documented in docs/errors/metrics.md; tests pin them. */
export type MetricsErrorCode =
  /** metricsport.cfg is not `PORT` or `HOST:PORT` (port 1..65535). */
  | 'METRICS_PORT_INVALID'
  /** The metrics port is taken by another program: the daemon does not start. */
  | 'METRICS_PORT_IN_USE';

export class MetricsError extends DirectorError<MetricsErrorCode> {}

export const METRICS_ERROR_CODES: readonly MetricsErrorCode[] = ['METRICS_PORT_INVALID', 'METRICS_PORT_IN_USE'];
