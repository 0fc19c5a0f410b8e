/**
 * Finds the processes a test run started indirectly (the daemon the extension launches is
 * detached, so it is not in code-server's process group): every process whose environment
 * names the run's private folder. Ends them by pid.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function pidsWithEnvContaining(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(marker)) out.push(Number(name));
    } catch {
      /* gone or not ours to read */
    }
  }
  return out;
}

export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
