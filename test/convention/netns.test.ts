// Leader and members in separate network namespaces with their own addresses (needs root and
// `ip netns`; the test says so and skips otherwise). Member i reaches the leader over its own
// veth pair (10.231.i.0/24); members never talk to each other directly (the leader relays).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { killDaemonOf } from '../support/daemon';
import { privatePaths } from '../../runtime/src/daemon/private-paths';
import { ensurePrivateDir } from '../../runtime/src/daemon/private-folder';
import { conventionDaemon, logCount, newSecret, waitFor, waitForLog, writeSecret, type Host } from './helpers';

function canUseNetns(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  try {
    execFileSync('ip', ['netns', 'add', 'thespconv-probe'], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', 'thespconv-probe'], { stdio: 'ignore' });
    return null;
  } catch {
    return '`ip netns add` is not allowed on this machine';
  }
}

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'ignore' });
const inNs = (ns: string, ...args: string[]): void => ip('netns', 'exec', ns, 'ip', ...args);

/** Start the convention daemon for `dir` inside namespace `ns`; resolves once it reports ready. */
async function startIn(ns: string, dir: string): Promise<void> {
  const paths = privatePaths(dir);
  await ensurePrivateDir(paths);
  const log = await open(paths.startLog, 'a', 0o600);
  try {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, conventionDaemon, '--spawned'], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd, 'ipc'],
      env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
      cwd: dir,
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`daemon in ${ns} did not report ready`)), 15_000);
      child.once('message', (m: { type: string }) => {
        clearTimeout(timer);
        if (child.connected) child.disconnect();
        child.unref();
        if (m.type === 'ready') resolve();
        else reject(new Error(`daemon in ${ns} failed: ${JSON.stringify(m)}`));
      });
      child.once('exit', (code) => reject(new Error(`daemon in ${ns} exited with ${code}`)));
    });
  } finally {
    await log.close();
  }
}

async function nsHost(t: TestContext, name: string, files: Record<string, string>): Promise<Host> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `director-conv-ns-${name}-`));
  for (const [f, text] of Object.entries(files)) await writeFile(path.join(dir, f), text);
  await writeFile(path.join(dir, 'thesplogd.cfg'), path.join(dir, 'log') + '\n');
  t.after(async () => {
    await killDaemonOf(dir);
    await rm(dir, { recursive: true, force: true });
  });
  const { readFile } = await import('node:fs/promises');
  return { dir, port: 1900, name, log: () => readFile(privatePaths(dir).startLog, 'utf8').catch(() => '') };
}

const why = canUseNetns();

test(
  'leader and members in separate network namespaces join over their own addresses; a cut link is noticed and healed',
  { skip: why ?? false },
  async (t) => {
    const tag = `${process.pid % 10000}`;
    const L = `thespconv-l-${tag}`;
    const members = [1, 2].map((i) => ({
      i,
      ns: `thespconv-m${i}-${tag}`,
      veth: `tcv${tag}m${i}`,
      peer: `tcv${tag}l${i}`,
    }));
    t.after(() => {
      for (const ns of [L, ...members.map((m) => m.ns)]) {
        try {
          ip('netns', 'del', ns);
        } catch {
          // not made
        }
      }
    });
    ip('netns', 'add', L);
    inNs(L, 'link', 'set', 'lo', 'up');
    for (const m of members) {
      ip('netns', 'add', m.ns);
      inNs(m.ns, 'link', 'set', 'lo', 'up');
      ip('link', 'add', m.veth, 'type', 'veth', 'peer', 'name', m.peer);
      ip('link', 'set', m.veth, 'netns', m.ns);
      ip('link', 'set', m.peer, 'netns', L);
      inNs(m.ns, 'addr', 'add', `10.231.${m.i}.2/24`, 'dev', m.veth);
      inNs(L, 'addr', 'add', `10.231.${m.i}.1/24`, 'dev', m.peer);
      inNs(m.ns, 'link', 'set', m.veth, 'up');
      inNs(L, 'link', 'set', m.peer, 'up');
    }
    const secret = newSecret();
    const leader = await nsHost(t, 'leader', {});
    await writeSecret(leader.dir, secret);
    const hosts: Host[] = [];
    for (const m of members) {
      // Default ports everywhere (each namespace has its own); convleader.cfg names only the host.
      const h = await nsHost(t, `10.231.${m.i}.2:1900`, {
        'convleader.cfg': `10.231.${m.i}.1\n`,
        'adminhost.cfg': `10.231.${m.i}.2\n`,
      });
      await writeSecret(h.dir, secret);
      hosts.push(h);
    }
    await startIn(L, leader.dir);
    for (const [k, m] of members.entries()) await startIn(m.ns, hosts[k].dir);
    for (const h of hosts) {
      await waitForLog(h, /joined the leader 127\.0\.0\.1:1900 at ws:\/\/10\.231\.\d\.1:1901\/convention/);
      await waitForLog(leader, new RegExp(`member ${h.name.replace(/\./g, '\\.')} joined from 10\\.231\\.\\d\\.2:`));
    }
    // Cut member 1's cable: only heartbeats can tell (no FIN, no RST).
    const cutAt = Date.now();
    inNs(members[0].ns, 'link', 'set', members[0].veth, 'down');
    await waitForLog(leader, /member 10\.231\.1\.2:1900 lost: .*heartbeats/, 5_000);
    t.diagnostic(`cut link noticed after ${Date.now() - cutAt} ms`);
    inNs(members[0].ns, 'link', 'set', members[0].veth, 'up');
    await waitFor(
      async () => (await logCount(leader, /member 10\.231\.1\.2:1900 joined from/)) >= 2,
      15_000,
      'rejoined after the cable came back',
    );
    // The other member was never disturbed.
    if ((await logCount(leader, /member 10\.231\.2\.2:1900 lost/)) !== 0)
      throw new Error("member 2 was disturbed by member 1's cut");
  },
);
