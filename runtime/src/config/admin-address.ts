/**
 * Where a client finds the daemon: adminport.cfg and adminhost.cfg only. A client needs nothing
 * else of the config, and readConfig reads all eight files and checks the logging setup (log
 * folder, writable files) besides; this gives the same values and the same problems for these
 * two files (test/config/admin-address.test.ts compares them).
 */
import path from 'node:path';
import type { ConfigProblem } from './config-error';
import { DEFAULT_ADMIN_HOST, DEFAULT_ADMIN_PORT } from './config-files';
import { parseAdminHost, parseAdminPort, type Parsed } from './parse-values';
import { readCfg } from './read-cfg';

export interface AdminAddressConfig {
  readonly adminPort: number;
  readonly adminHost: string;
  /** Problems of adminport.cfg, then adminhost.cfg (as readConfig orders them). */
  readonly problems: readonly ConfigProblem[];
}

async function one<T>(
  directorDir: string,
  name: string,
  parse: (fileName: string, text: string) => Parsed<T>,
  fallback: T,
): Promise<{ value: T; problem?: ConfigProblem }> {
  const file = path.join(directorDir, name);
  const r = await readCfg(file);
  if (r.problem) return { value: fallback, problem: r.problem };
  if (r.text === undefined) return { value: fallback };
  const p = parse(name, r.text);
  return p.ok ? { value: p.value } : { value: fallback, problem: { ...p.problem, file } };
}

/** The admin port and bind address of `directorDir`'s daemon, defaults in place of bad values. */
export async function readAdminAddress(directorDir: string): Promise<AdminAddressConfig> {
  const [port, host] = await Promise.all([
    one(directorDir, 'adminport.cfg', parseAdminPort, DEFAULT_ADMIN_PORT),
    one(directorDir, 'adminhost.cfg', parseAdminHost, DEFAULT_ADMIN_HOST),
  ]);
  return {
    adminPort: port.value,
    adminHost: host.value,
    problems: [port.problem, host.problem].filter((p): p is ConfigProblem => p !== undefined),
  };
}
