/**
 * The one way tests wait: poll a condition until it holds or a deadline passes, and say what was
 * awaited when it does not. Polling starts fast (in-process conditions usually hold within a few
 * milliseconds) and backs off to 20 ms so that conditions reading files or sockets stay cheap.
 */

/** Resolve once `cond` holds; reject after `ms` with an error naming `what`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  let delay = 2;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 20);
  }
}
