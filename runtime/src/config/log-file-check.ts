/**
 * thesplog.cfg file handlers are checked when the config is read: a FileHandler whose path can
 * never be written (under a regular file, a folder where a file is expected, no write permission)
 * is a config problem with its own detail code, not a log that silently stays empty.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ThesplogConfig } from '../../../config-lang/src/thesplog-schema';

/** Why `file` cannot be written, or undefined when it can (or could be created). */
export async function logFileProblem(file: string): Promise<string | undefined> {
  const st = await stat(file).catch(() => undefined);
  if (st !== undefined) {
    if (st.isDirectory()) return 'is a folder';
    return (await access(file, constants.W_OK).then(
      () => true,
      () => false,
    ))
      ? undefined
      : 'is not writable by this user';
  }
  // The nearest existing ancestor decides whether the file (and the folders above it) can be made.
  let dir = path.dirname(file);
  for (;;) {
    const d = await stat(dir).catch(() => undefined);
    if (d !== undefined) {
      if (!d.isDirectory()) return `cannot be created: ${dir} is not a folder`;
      return (await access(dir, constants.W_OK | constants.X_OK).then(
        () => true,
        () => false,
      ))
        ? undefined
        : `cannot be created: ${dir} is not writable by this user`;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** `handler name → problem` for the file handlers of `logging` that cannot write. */
export async function unwritableLogFiles(
  logging: ThesplogConfig,
  logDir: string,
): Promise<Array<{ handler: string; file: string; problem: string }>> {
  const out: Array<{ handler: string; file: string; problem: string }> = [];
  for (const [name, h] of Object.entries(logging.handlers)) {
    if (h.kind !== 'file' && h.kind !== 'rotating' && h.kind !== 'timed') continue;
    // As logging/handlers.ts resolveLogFile (not imported: it pulls the rotating stream into every CLI start).
    const file = path.resolve(logDir, h.filename.replace(/\$\{logdir\}/g, logDir));
    const problem = await logFileProblem(file);
    if (problem !== undefined) out.push({ handler: name, file, problem });
  }
  return out;
}
