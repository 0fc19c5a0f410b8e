import { stat } from 'node:fs/promises';
import { ConfigError, type ConfigProblem } from '../../runtime/src/config/config-error';
import { readConfig, type DirectorConfig } from '../../runtime/src/config/read-config';
import type { CommandSpec } from '../framework/command';
import { usageError } from '../framework/cli-error';

/** Labels are right-aligned so every colon falls in column 20, as the original prints them. */
const LABEL_WIDTH = 19;

function line(label: string, value: string): string {
  return `${label.padStart(LABEL_WIDTH)}: ${value}`;
}

/** What `director config` reads: the config, its problems, and whether the director dir exists. */
export interface ConfigReport {
  readonly config: DirectorConfig;
  readonly problems: readonly ConfigProblem[];
  readonly dirExists: boolean;
}

/** Reads every cfg file of the director dir afresh; bad values are problems, not errors. */
export async function readConfigReport(directorDir: string): Promise<ConfigReport> {
  const { config, problems } = await readConfig(directorDir);
  const dirExists = await stat(directorDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return { config, problems, dirExists };
}

/** The admin port to show instead of the config's, with where it comes from (a client's own setting). */
export interface AdminPortInForce {
  readonly port: number;
  readonly from: string;
}

/** The `config` listing of a report, as `director config` prints it. */
export function configText(r: ConfigReport, adminPort?: AdminPortInForce): string {
  return formatConfig(r.config, new Set(r.problems.map(baseName)), r.dirExists, adminPort);
}

/** The `config` listing, pure. `bad` names the cfg files that have problems. */
export function formatConfig(
  c: DirectorConfig,
  bad: ReadonlySet<string>,
  dirExists = true,
  adminPort?: AdminPortInForce,
): string {
  const invalid = (file: string, value: string): string => (bad.has(file) ? `<invalid ${file}: see below>` : value);
  const base = c.systemBaseName === c.systemBase ? c.systemBase : `${c.systemBaseName} (${c.systemBase})`;
  const lines = [
    line(
      'Sources location',
      dirExists ? c.directorDir : `${c.directorDir} (does not exist: set THESPIAN_DIRECTOR_DIR or create it)`,
    ),
    line('System Base', invalid('thespbase.cfg', base)),
  ];
  if (c.oldSystemBase !== undefined || bad.has('oldthespbase.cfg')) {
    lines.push(line('OLD System Base', invalid('oldthespbase.cfg', c.oldSystemBase?.name ?? '')));
  }
  const port = adminPort !== undefined ? `${adminPort.port} (${adminPort.from})` : String(c.adminPort);
  lines.push(line('Admin Port', invalid('adminport.cfg', port)));
  lines.push(line('Admin Host', invalid('adminhost.cfg', c.adminHost)));
  lines.push(line('Logging directory', invalid('thesplogd.cfg', c.logDir)));
  lines.push(line('Logging config', invalid('thesplog.cfg', c.loggingFromFile ? 'thesplog.cfg' : 'built-in default')));
  if (c.conventionLeader !== undefined || bad.has('convleader.cfg')) {
    lines.push(line('Convention Leader', invalid('convleader.cfg', c.conventionLeader?.text ?? '')));
  }
  // Printed raw, continuation lines under the first value character (column 22).
  const caps = bad.has('othercaps.cfg')
    ? `<invalid othercaps.cfg: see below>`
    : c.otherCapabilitiesText.split(/\r\n|\r|\n/).join(`\n${' '.repeat(LABEL_WIDTH + 2)}`);
  lines.push(line('Other Capabilities', caps));
  return lines.join('\n') + '\n';
}

function baseName(p: ConfigProblem): string {
  return p.file.replace(/^.*[\\/]/, '');
}

export const configCommand: CommandSpec = {
  name: 'config',
  usage: 'config',
  summary: "Show the configuration read from the director dir's cfg files.",
  description:
    'Reads every cfg file of the director dir afresh and prints one aligned line per setting:\n' +
    'sources location, system base, admin port and host, log dir and logging config, convention\n' +
    'leader (when set) and the other capabilities as written. Starts nothing.\n' +
    'A bad value is reported with its file, line and problem, and the exit code is 78 (EX_CONFIG).',
  async run(ctx, args) {
    if (args.length > 0) throw usageError(configCommand, 'config takes no arguments');
    const report = await readConfigReport(ctx.directorDir);
    ctx.out.write(configText(report));
    const [first, ...rest] = report.problems;
    if (first !== undefined) throw new ConfigError([first, ...rest]);
    return 0;
  },
};
