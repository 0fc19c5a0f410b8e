/**
 * The seam through which the daemon starts what lives beside the actor system: the Director's
 * Source Authority, the Director itself, later the convention link. The composition root
 * (runtime/src/daemon/services.ts) lists them; each starts before the admin port answers, so a
 * client that reaches the daemon finds them ready. They stop in reverse order, before the actor
 * system shuts down.
 */
import type { DirectorConfig } from '../config/read-config';
import type { ActorSystemCore } from '../system/system-core';
import type { PrivatePaths } from './private-paths';

export type DaemonLogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface DaemonServiceContext {
  readonly system: ActorSystemCore;
  readonly config: DirectorConfig;
  readonly paths: PrivatePaths;
  readonly env: { readonly [name: string]: string | undefined };
  /** Push an event to subscribed admin clients, e.g. `publish('director/activated', {...})`. */
  publish(kind: string, data: unknown): void;
  log(level: DaemonLogLevel, text: string): void;
}

export interface DaemonServiceHandle {
  stop?(): Promise<void>;
}

export interface DaemonService {
  /** For log lines: `source authority`, `director`. */
  readonly name: string;
  start(ctx: DaemonServiceContext): Promise<DaemonServiceHandle | void>;
}
