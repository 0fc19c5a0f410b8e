/**
 * Process-wide calls a loaded source must not make. A worker thread has its own `process` object,
 * but some of its methods act on the whole daemon: `process.kill(process.pid, ...)` signals the
 * daemon itself, `process.abort()` ends it with a core dump. Node already refuses `chdir`,
 * `setuid`/`setgid`/`setgroups`/`umask(mask)` in workers (ERR_WORKER_UNSUPPORTED_OPERATION), and
 * `process.exit` ends only the worker. What is left is replaced here, in the worker only, before
 * any code of the source runs: such a call throws SOURCE_CALL_REFUSED at the caller.
 *
 * This confines mistakes and casual attacks through `process`; it is not an OS sandbox (a source
 * may still spawn a program that signals the daemon): docs/security.md says what a per-source
 * process would add.
 */
import { ActorSystemError } from '../actors/actor-system-error';

function refused(call: string, sourceHash: string): ActorSystemError {
  return new ActorSystemError(
    'SOURCE_CALL_REFUSED',
    `${call} is refused to loaded source ${sourceHash}: it would act on the whole daemon, not only on this source's worker.`,
    { data: { call, sourceHash } },
  );
}

/** Replace the daemon-wide `process` methods of this worker. Call once, in the worker thread only. */
export function confineProcess(proc: NodeJS.Process, sourceHash: string): void {
  const kill = proc.kill.bind(proc);
  const daemonPid = proc.pid;
  const guardedKill = (pid: number, signal?: string | number): true => {
    // 0 and negative pids signal process groups, which hold the daemon too.
    if (typeof pid !== 'number' || pid === daemonPid || pid <= 0 || pid === proc.ppid)
      throw refused(`process.kill(${String(pid)})`, sourceHash);
    return kill(pid, signal);
  };
  const replace = (name: string, value: unknown): void => {
    Object.defineProperty(proc, name, { value, writable: false, configurable: false, enumerable: false });
  };
  replace('kill', guardedKill);
  replace('abort', () => {
    throw refused('process.abort()', sourceHash);
  });
  // The raw bindings under process.kill and friends.
  // (Not reallyExit: in a worker it ends the thread only, and process.exit goes through it.)
  for (const name of ['_kill', 'binding', '_linkedBinding', 'dlopen']) {
    if (name in proc) {
      replace(name, () => {
        throw refused(`process.${name}()`, sourceHash);
      });
    }
  }
}
