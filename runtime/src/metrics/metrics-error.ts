import { DirectorError } from '../protocol/errors';

/**
 * Codes of the health and metrics endpoint. Documented in docs/errors/metrics.md; tests pin them.
 * Every code is in the runtime list below; the code type is derived from it, and
 * test/docs/error-codes.test.ts checks the list against the docs both ways.
 */
export const METRICS_ERROR_CODES = [
  /** metricsport.cfg is not `PORT` or `HOST:PORT` (port 1..65535). */
  'METRICS_PORT_INVALID',
  /** The metrics port is taken by another program: the daemon does not start. */
  'METRICS_PORT_IN_USE',
] as const;

export type MetricsErrorCode = (typeof METRICS_ERROR_CODES)[number];

export class MetricsError extends DirectorError<MetricsErrorCode> {}
