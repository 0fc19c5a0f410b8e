/**
 * What a caught value says, read without a cast. `catch (e)` gives `unknown`: the value may be an
 * Error of this realm or of another (a source's vm context, a worker), an object with a message
 * (a wire error), or anything at all. Asserting it to be an Error reads `undefined` from most of
 * those and throws on null; test/smoke/casts.test.ts keeps such casts out. A leaf with no import, as plain-object.ts, so every layer may use it.
 */

/** The message of a caught value: an Error's or any object's string `message`, else the value as text. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}

/** The string `code` a caught value carries (a DirectorError's, Node's `ENOENT`), if any. */
export function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
