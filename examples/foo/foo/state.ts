/** Plain data about FooActor, and how it reads (a module of its own, to show relative imports). */
export interface FooState {
  readonly started: boolean;
  readonly startedWith?: string;
  readonly restarts: number;
  readonly shutdown: boolean;
}

export function describeState(s: FooState): string {
  if (s.shutdown) return 'shut down';
  if (!s.started) return 'waiting for StartFoo';
  return `running (${s.startedWith ?? ''}), reactivated ${s.restarts} time(s)`;
}
