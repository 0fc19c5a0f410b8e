/**
 * Runs an async job so that calls during a run lead to exactly one more run afterwards: bursts
 * of file events or daemon events cost at most two reads, and the last state always wins. A
 * caller waits for a run that started after its call, never longer, so a steady stream of events
 * cannot keep a waiting command from going on.
 */
export function coalesce(job: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (): Promise<void> => {
    running = job().finally(() => (running = undefined));
    return running;
  };
  return () => {
    if (running === undefined) return start();
    next ??= running
      .catch(() => {})
      .then(() => {
        next = undefined;
        return running ?? start();
      });
    return next;
  };
}
