/**
 * `readConfig(directorDir)`: every cfg file of the director dir, read afresh, as one typed
 * DirectorConfig plus the list of problems found. Used by every command and the daemon.
 *
 * A bad file never turns into a silent default: it is a problem with file, line, column and
 * what to do. The returned config still holds defaults in place of bad values so that `config`
 * can show the rest; callers that act on the config use {@link loadConfig}, which throws.
 */
import { unwritableLogFiles } from './log-file-check';
import path from 'node:path';
import type { Diagnostic } from '../../../config-lang/src/diagnostics';
import type { JsonValue } from '../protocol/json-value';
import { validateOthercaps } from '../../../config-lang/src/othercaps-schema';
import { validateThesplog, type ThesplogConfig } from '../../../config-lang/src/thesplog-schema';
import { ConfigError, type ConfigErrorCode, type ConfigProblem } from './config-error';
import { DEFAULT_ADMIN_HOST, DEFAULT_ADMIN_PORT } from './config-files';
import { DEFAULT_THESPLOG } from './default-thesplog';
import { defaultLogDir } from './log-dir';
import { readCfg } from './read-cfg';
import {
  parseAdminHost,
  parseAdminPort,
  parseConvLeader,
  parseLogDir,
  parseSystemBase,
  type ConventionLeader,
  type Parsed,
  type SystemBase,
} from './parse-values';

export type { SystemBase, ConventionLeader } from './parse-values';

export interface DirectorConfig {
  readonly directorDir: string;
  /** Which actor-system base to run. */
  readonly systemBase: SystemBase;
  /** As written in thespbase.cfg (e.g. `multiprocTCPBase`), or `daemon` when absent. */
  readonly systemBaseName: string;
  /** From oldthespbase.cfg, when present. */
  readonly oldSystemBase?: { readonly base: SystemBase; readonly name: string };
  readonly adminPort: number;
  /** Address the admin port binds to. */
  readonly adminHost: string;
  readonly conventionLeader?: ConventionLeader;
  /** othercaps.cfg, validated. */
  readonly otherCapabilities: { readonly [key: string]: JsonValue };
  /** othercaps.cfg as written (trimmed), `{}` when absent: `config` prints it raw. */
  readonly otherCapabilitiesText: string;
  /** Capabilities of the actor system: othercaps plus `Admin Port`, `DirectorFmt` and, with a leader, `Convention Address.IPv4`. */
  readonly capabilities: { readonly [key: string]: JsonValue };
  /** thesplog.cfg, validated, or the built-in default. */
  readonly logging: ThesplogConfig;
  /** True when `logging` came from thesplog.cfg. */
  readonly loggingFromFile: boolean;
  /** Absolute log folder. */
  readonly logDir: string;
}

export interface ConfigReadResult {
  readonly config: DirectorConfig;
  readonly problems: readonly ConfigProblem[];
}

function fromDiagnostic(file: string, code: ConfigErrorCode, d: Diagnostic): ConfigProblem {
  return {
    code,
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    message: `${path.basename(file)}: ${d.message}`,
    detail: d.code,
  };
}

/** Read every cfg file of `directorDir` afresh. Never throws on bad content. */
export async function readConfig(directorDir: string): Promise<ConfigReadResult> {
  const problems: ConfigProblem[] = [];
  const at = (name: string): string => path.join(directorDir, name);
  const names = [
    'thespbase.cfg',
    'oldthespbase.cfg',
    'adminport.cfg',
    'adminhost.cfg',
    'convleader.cfg',
    'othercaps.cfg',
    'thesplog.cfg',
    'thesplogd.cfg',
  ] as const;
  const texts = new Map<string, string>();
  await Promise.all(
    names.map(async (n) => {
      const r = await readCfg(at(n));
      if (r.problem) problems.push(r.problem);
      if (r.text !== undefined) texts.set(n, r.text);
    }),
  );

  /** Parse a one-value file; undefined when absent or bad (the problem is recorded). */
  function one<T>(name: string, parse: (fileName: string, text: string) => Parsed<T>): T | undefined {
    const text = texts.get(name);
    if (text === undefined) return undefined;
    const r = parse(name, text);
    if (r.ok) return r.value;
    problems.push({ ...r.problem, file: at(name) });
    return undefined;
  }

  const base = one('thespbase.cfg', parseSystemBase);
  const oldBase = one('oldthespbase.cfg', parseSystemBase);
  const adminPort = one('adminport.cfg', parseAdminPort) ?? DEFAULT_ADMIN_PORT;
  const adminHost = one('adminhost.cfg', parseAdminHost) ?? DEFAULT_ADMIN_HOST;
  const leader = one('convleader.cfg', parseConvLeader);
  const logDirText = one('thesplogd.cfg', parseLogDir);
  const logDir = logDirText !== undefined ? path.resolve(directorDir, logDirText) : defaultLogDir(directorDir);

  let otherCapabilities: { readonly [key: string]: JsonValue } = {};
  const capsText = texts.get('othercaps.cfg');
  if (capsText !== undefined) {
    const r = validateOthercaps(capsText);
    for (const d of r.diagnostics)
      if (d.severity === 'error') problems.push(fromDiagnostic(at('othercaps.cfg'), 'CONFIG_OTHERCAPS_INVALID', d));
    if (r.value !== undefined) otherCapabilities = r.value;
  }

  let logging = DEFAULT_THESPLOG;
  const logText = texts.get('thesplog.cfg');
  if (logText !== undefined) {
    const r = validateThesplog(logText);
    for (const d of r.diagnostics)
      if (d.severity === 'error') problems.push(fromDiagnostic(at('thesplog.cfg'), 'CONFIG_THESPLOG_INVALID', d));
    if (r.value !== undefined) logging = r.value;
    if (r.value !== undefined) {
      for (const u of await unwritableLogFiles(r.value, logDir)) {
        problems.push({
          code: 'CONFIG_THESPLOG_INVALID',
          file: at('thesplog.cfg'),
          line: 1,
          column: 1,
          message: `thesplog.cfg: handler "${u.handler}" writes to ${u.file}, which ${u.problem}; give it a path the daemon's user can write`,
          detail: 'THESPLOG_FILE_UNWRITABLE',
        });
      }
    }
  }

  const capabilities: { [key: string]: JsonValue } = {
    ...otherCapabilities,
    'Admin Port': adminPort,
    DirectorFmt: [1],
  };
  if (leader !== undefined) capabilities['Convention Address.IPv4'] = `${leader.host}:${leader.port}`;

  // Stable order (file order of `names`, then line) whatever order the reads finished in.
  problems.sort(
    (a, b) =>
      names.indexOf(path.basename(a.file) as (typeof names)[number]) -
        names.indexOf(path.basename(b.file) as (typeof names)[number]) ||
      a.line - b.line ||
      a.column - b.column,
  );

  const config: DirectorConfig = {
    directorDir,
    systemBase: base?.base ?? 'daemon',
    systemBaseName: base?.name ?? 'daemon',
    ...(oldBase !== undefined ? { oldSystemBase: oldBase } : {}),
    adminPort,
    adminHost,
    ...(leader !== undefined ? { conventionLeader: leader } : {}),
    otherCapabilities,
    otherCapabilitiesText: capsText?.trim() || '{}',
    capabilities,
    logging,
    loggingFromFile: logText !== undefined && logging !== DEFAULT_THESPLOG,
    logDir,
  };
  return { config, problems };
}

/** {@link readConfig}, throwing a ConfigError (exit code 78) that names every problem. */
export async function loadConfig(directorDir: string): Promise<DirectorConfig> {
  const { config, problems } = await readConfig(directorDir);
  const [first, ...rest] = problems;
  if (first !== undefined) throw new ConfigError([first, ...rest]);
  return config;
}
