/**
 * Which older sources of a group an AutoUnload pass unloads after a new load (the last step of a
 * load, as in the original). Walks the older entries newest-loaded first, counting the new one as kept; each entry
 * uses its OWN AutoUnload value from its load time: true → unload; false → keep; an integer k →
 * unload once k sources are kept (so k counts the new one; 0 and 1 act like true).
 */
export interface AutoUnloadEntry {
  readonly hash: string;
  readonly autoUnload: boolean | number;
}

/** `older` in load order, oldest first, without the new source. Returns the hashes to unload. */
export function chooseAutoUnloads(older: readonly AutoUnloadEntry[]): string[] {
  const out: string[] = [];
  let kept = 1;
  for (let i = older.length - 1; i >= 0; i--) {
    const e = older[i];
    if (e.autoUnload === true) {
      out.push(e.hash);
    } else if (typeof e.autoUnload === 'number') {
      if (kept >= e.autoUnload) out.push(e.hash);
      else kept++;
    }
  }
  return out;
}
