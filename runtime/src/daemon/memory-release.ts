/**
 * Gives memory back after a source goes. A package's bytes live in ArrayBuffers outside the JS
 * heap (the file read, the restored ZIP, the copy handed to the worker); V8 frees them only when
 * a collection runs, and an idle daemon with a small heap runs none: after unloading a 200 MB
 * package the daemon still held ~600 MB of dead buffers, and gave all of it back (to 60 MiB)
 * once a full collection ran. So a full collection is run shortly after sources load, fail or
 * unload (debounced: one per burst), which costs a few ms on the daemon's small heap.
 */
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * The engine's full collection, without exposing `gc` anywhere else: the flag is on only while
 * one private context is made, so worker threads (actor code) started later do not get it.
 */
function fullCollection(): (() => void) | null {
  if (collect !== undefined) return collect;
  // Required at the first collection, not imported: an idle daemon that never loaded a source does not load them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { setFlagsFromString } = require('node:v8') as typeof V8;
  const { runInNewContext } = require('node:vm') as typeof Vm;
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/** Calls `schedule()` after events that drop large buffers; collects once, `delayMs` after the last one. */
export function memoryReleaser(delayMs = 250): { schedule(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    schedule() {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fullCollection()?.();
      }, delayMs);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
