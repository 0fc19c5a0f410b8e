/**
 * What a daemon process is made of: the services (Source Authority, Director, convention) and the
 * actor system with the convention's hooks. One place, used by dist/daemon.js (spawned by
 * `director start`) and by `director start --foreground` (service managers), so both run the
 * same daemon.
 */
import { conventionParts } from '../convention/convention-service';
import { metricsParts } from '../metrics/metrics-service';
import { rolloutService } from '../rollout/rollout-agent';
import { createLocalSystem } from '../system/local-system';
import type { DaemonProcessOptions } from './daemon-process';
import { daemonServices } from './services';

export function composeDaemon(options: {
  readonly directorDir: string;
  readonly env: { readonly [name: string]: string | undefined };
  readonly foreground: boolean;
  readonly reportToParent: boolean;
}): DaemonProcessOptions {
  // The convention: messages for other systems' addresses, placement, and its service (last, so
  // it starts after the Source Authority and the Director and stops before them).
  const convention = conventionParts();
  // Health and metrics (metricsport.cfg): first, so probes answer "not ready" during the restore; `ready` last.
  const metrics = metricsParts(() => convention.status());
  return {
    directorDir: options.directorDir,
    env: options.env,
    foreground: options.foreground,
    reportToParent: options.reportToParent,
    services: [
      metrics.service,
      ...daemonServices(),
      convention.service,
      rolloutService(convention, () => metrics.isReady()),
      metrics.ready,
    ],
    conventionStatus: () => convention.status(),
    createSystem: async (o) =>
      convention.wrapSystem(
        await createLocalSystem({
          ...o,
          remoteForward: convention.remoteForward,
          placeElsewhere: convention.placeElsewhere,
        }),
        options.directorDir,
      ),
  };
}
