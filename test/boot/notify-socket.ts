// A real unix datagram socket for NOTIFY_SOCKET. Node cannot bind AF_UNIX datagram sockets, so a
// tiny python3 helper binds it and prints each datagram it receives as one JSON line. Given a
// port, the helper also tries a TCP connection to 127.0.0.1:PORT the moment each datagram
// arrives, so a test can tell whether the admin port answered when READY=1 came.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const HELPER = [
  'import json, socket, sys',
  'port = int(sys.argv[2])',
  'def answers():',
  '    if port == 0: return None',
  '    try:',
  '        socket.create_connection(("127.0.0.1", port), timeout=2).close()',
  '        return True',
  '    except OSError:',
  '        return False',
  's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)',
  's.bind(sys.argv[1])',
  'print("BOUND", flush=True)',
  'while True:',
  '    data = s.recv(65536)',
  '    print(json.dumps({"text": data.decode("utf-8", "replace"), "portAnswered": answers()}), flush=True)',
].join('\n');

export interface NotifySocket {
  readonly path: string;
  /** Every datagram so far, in order; `portAnswered` is null when no port was given. */
  readonly messages: NotifyMessage[];
  /** Resolves with the first message matching, or rejects after `timeoutMs`. */
  waitFor(pred: (text: string) => boolean, timeoutMs: number): Promise<NotifyMessage>;
  close(): Promise<void>;
}

export interface NotifyMessage {
  readonly text: string;
  readonly portAnswered: boolean | null;
}

export async function openNotifySocket(
  dir: string,
  options: { port?: number; timeoutMs?: number; name?: string } = {},
): Promise<NotifySocket> {
  const socketPath = path.join(dir, options.name ?? 'notify.sock');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const child: ChildProcess = spawn('python3', ['-c', HELPER, socketPath, String(options.port ?? 0)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: NotifyMessage[] = [];
  const waiters = new Set<() => void>();
  let bound = false;
  let stderr = '';
  let buffer = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line === 'BOUND') bound = true;
      else messages.push(JSON.parse(line) as NotifyMessage);
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const until = <T>(probe: () => T | undefined, ms: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const v = probe();
        if (v !== undefined) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} within ${ms} ms; helper stderr: ${stderr}`));
      }, ms);
      waiters.add(check);
      child.once('exit', () => check());
      check();
    });

  try {
    await until(
      () => (bound ? true : child.exitCode !== null ? false : undefined),
      timeoutMs,
      'python3 helper did not bind the socket',
    ).then((ok) => {
      if (!ok) throw new Error(`python3 helper could not bind ${socketPath}: ${stderr}`);
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    path: socketPath,
    messages,
    waitFor: (pred, ms) => until(() => messages.find((m) => pred(m.text)), ms, 'no matching notify message'),
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
