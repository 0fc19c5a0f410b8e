/**
 * A convention on network namespaces for fleet tests and the scale bench: one namespace for the
 * leader and one per member, each member joined to the leader's namespace by its own veth pair
 * (10.240.i.0/24: member i is 10.240.i.2, the leader's end 10.240.i.1). Every name starts with
 * `fl-` / `fl` so that nothing clashes with other users of the machine; traffic never leaves the
 * namespaces. `teardown()` removes every namespace (and so every veth) even after a failure.
 * The daemons are the real daemon entry (out/runtime/src/daemon/main.js: the composition that
 * `director start` runs), started with `ip netns exec`.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processAlive, readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { ensurePrivateDir } from '../../runtime/src/daemon/private-folder';
import { newSecretBytes, secretFileText, SECRET_FILE } from '../../runtime/src/convention/secret';

const root = path.resolve(__dirname, '..', '..', '..');
export const daemonMain = path.join(root, 'out', 'runtime', 'src', 'daemon', 'main.js');
/** The CLI: the bundle when built, else tsc's output. */
export const directorCli = existsSync(path.join(root, 'dist', 'director.js'))
  ? path.join(root, 'dist', 'director.js')
  : path.join(root, 'out', 'cli', 'src', 'director.js');

/** null when namespaces can be used here, else why not. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  try {
    execFileSync('ip', ['netns', 'add', `fl-probe-${process.pid}`], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', `fl-probe-${process.pid}`], { stdio: 'ignore' });
    return null;
  } catch {
    return '`ip netns add` is not allowed on this machine';
  }
}

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'ignore' });

export interface NsHost {
  readonly ns: string;
  readonly dir: string;
  /** Actor system name (its address and port). */
  readonly name: string;
  /** Member only: the veth inside its namespace (cut with linkDown). */
  readonly veth?: string;
  log(): Promise<string>;
}

export interface Fleet {
  readonly leader: NsHost;
  readonly members: NsHost[];
  readonly tmp: string;
  readonly secret: Uint8Array;
  /** Start the daemon of `h` in its namespace; resolves when it reports ready (ms it took). */
  start(h: NsHost): Promise<number>;
  /** SIGKILL the daemon of `h` (its pid file). */
  kill(h: NsHost): Promise<void>;
  /** SIGTERM and wait for the daemon of `h` to end. */
  stop(h: NsHost): Promise<void>;
  linkDown(h: NsHost): void;
  linkUp(h: NsHost): void;
  /** Run the CLI inside `h`'s namespace with its director dir; never throws. */
  cli(h: NsHost, ...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Run a node script inside `h`'s namespace with its director dir; never throws. */
  node(h: NsHost, script: string, ...args: string[]): Promise<{ code: number; out: string; err: string }>;
  teardown(): Promise<void>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (e, out, err) => {
      resolve({
        code: e === null ? 0 : typeof e.code === 'number' ? e.code : 1,
        out,
        err: err || (e === null ? '' : e.message),
      });
    });
  });
}

/**
 * Make `n` member namespaces and the leader's, director dirs with the secret, and `files` in each
 * (a function of the host for per-host files). Nothing is started.
 */
export async function makeFleet(
  n: number,
  files: (h: { ns: string; dir: string; index: number }) => Record<string, string> = () => ({}),
): Promise<Fleet> {
  const tag = `${process.pid % 10000}`;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'fl-fleet-'));
  const secret = newSecretBytes();
  const made: string[] = [];
  const teardown = async (): Promise<void> => {
    for (const d of [leader, ...members]) {
      const pid = (await readPid(privatePaths(d.dir)).catch(() => undefined)) ?? null;
      if (pid !== null && processAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    for (const ns of made.splice(0)) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    await rm(tmp, { recursive: true, force: true });
  };
  const hostDir = async (ns: string, index: number, extra: Record<string, string>): Promise<string> => {
    const dir = path.join(tmp, ns);
    await (await import('node:fs/promises')).mkdir(dir);
    await writeFile(path.join(dir, SECRET_FILE), secretFileText(secret), { mode: 0o600 });
    await writeFile(path.join(dir, 'thesplogd.cfg'), path.join(dir, 'log') + '\n');
    for (const [f, text] of Object.entries({ ...files({ ns, dir, index }), ...extra }))
      await writeFile(path.join(dir, f), text);
    return dir;
  };
  const logOf = (dir: string) => () => readFile(privatePaths(dir).startLog, 'utf8').catch(() => '');
  const L = `fl-${tag}-l`;
  let leader!: NsHost;
  const members: NsHost[] = [];
  try {
    ip('netns', 'add', L);
    made.push(L);
    ip('netns', 'exec', L, 'ip', 'link', 'set', 'lo', 'up');
    const ldir = await hostDir(L, 0, {});
    leader = { ns: L, dir: ldir, name: '127.0.0.1:1900', log: logOf(ldir) };
    for (let i = 1; i <= n; i++) {
      const ns = `fl-${tag}-m${i}`;
      const veth = `fl${tag}m${i}`;
      const peer = `fl${tag}l${i}`;
      ip('netns', 'add', ns);
      made.push(ns);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
      ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', peer);
      ip('link', 'set', veth, 'netns', ns);
      ip('link', 'set', peer, 'netns', L);
      ip('netns', 'exec', ns, 'ip', 'addr', 'add', `10.240.${i}.2/24`, 'dev', veth);
      ip('netns', 'exec', L, 'ip', 'addr', 'add', `10.240.${i}.1/24`, 'dev', peer);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', veth, 'up');
      ip('netns', 'exec', L, 'ip', 'link', 'set', peer, 'up');
      const dir = await hostDir(ns, i, { 'convleader.cfg': `10.240.${i}.1\n`, 'adminhost.cfg': `10.240.${i}.2\n` });
      members.push({ ns, dir, name: `10.240.${i}.2:1900`, veth, log: logOf(dir) });
    }
  } catch (e) {
    await teardown();
    throw e;
  }
  const envOf = (h: NsHost): NodeJS.ProcessEnv => ({ ...process.env, THESPIAN_DIRECTOR_DIR: h.dir });
  return {
    leader,
    members,
    tmp,
    secret,
    async start(h) {
      const t0 = Date.now();
      const paths = privatePaths(h.dir);
      await ensurePrivateDir(paths);
      const log = await open(paths.startLog, 'a', 0o600);
      try {
        const child = spawn('ip', ['netns', 'exec', h.ns, process.execPath, daemonMain, '--spawned'], {
          detached: true,
          stdio: ['ignore', log.fd, log.fd, 'ipc'],
          env: envOf(h),
          cwd: h.dir,
        });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`daemon in ${h.ns} did not report ready`)), 60_000);
          child.once('message', (m: { type: string }) => {
            clearTimeout(timer);
            if (child.connected) child.disconnect();
            child.unref();
            if (m.type === 'ready') resolve();
            else reject(new Error(`daemon in ${h.ns} failed: ${JSON.stringify(m)}`));
          });
          child.once('exit', (code) => reject(new Error(`daemon in ${h.ns} exited with ${code}`)));
        });
      } finally {
        await log.close();
      }
      return Date.now() - t0;
    },
    async kill(h) {
      const pid = (await readPid(privatePaths(h.dir)).catch(() => undefined)) ?? null;
      if (pid !== null) process.kill(pid, 'SIGKILL');
    },
    async stop(h) {
      const pid = (await readPid(privatePaths(h.dir)).catch(() => undefined)) ?? null;
      if (pid === null) return;
      process.kill(pid, 'SIGTERM');
      const until = Date.now() + 15_000;
      while (processAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    },
    linkDown: (h) => ip('netns', 'exec', h.ns, 'ip', 'link', 'set', h.veth!, 'down'),
    linkUp: (h) => ip('netns', 'exec', h.ns, 'ip', 'link', 'set', h.veth!, 'up'),
    cli: (h, ...args) => run('ip', ['netns', 'exec', h.ns, process.execPath, directorCli, ...args], envOf(h)),
    node: (h, script, ...args) => run('ip', ['netns', 'exec', h.ns, process.execPath, script, ...args], envOf(h)),
    teardown,
  };
}
