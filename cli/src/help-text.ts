/**
 * The text of `director help`: pure, from the registered commands and the config in force, so
 * that it always lists what this build has.
 */
import { CFG_FILES } from '../../runtime/src/config/config-files';
import { defaultDirectorDir } from '../../runtime/src/config/director-dir';
import type { CommandSpec } from '../framework/command';

export interface HelpSettings {
  readonly directorDir: string;
  readonly systemBase: string;
  readonly adminPort: number;
  readonly logDir: string;
  /** Set when a cfg file has a problem: help still prints, with a pointer to `director config`. */
  readonly configProblem?: string;
}

/** `director help`: every command with its summary, the env var, the default dirs and every cfg file. */
export function generalHelp(commands: readonly CommandSpec[], s: HelpSettings): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8) + 4;
  const lines: string[] = [
    'usage: director [verbose] [command [args...]]',
    '',
    'The Thespian Director: packages actor code into signed .tls sources, validates them, and loads,',
    'lists and unloads them in a long-running actor system. With no command it prints this help.',
    '"verbose" before a command adds progress lines.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "director help COMMAND" for its usage and description.',
    '',
    'Director dir: THESPIAN_DIRECTOR_DIR, or when unset',
    `  ${defaultDirectorDir('linux')} (Unix) or ${defaultDirectorDir('win32')} (Windows).`,
    `  Now: ${s.directorDir}`,
    '  It holds GROUP-VERSION.tls packages, GROUP.tli group files, *_tls.key public keys (every key',
    '  there may validate a package: keep private keys elsewhere) and the cfg files below.',
    '',
    `In force: system base ${s.systemBase}, admin port ${s.adminPort}, log dir ${s.logDir}`,
    ...(s.configProblem !== undefined
      ? [`  (a cfg file has a problem: ${s.configProblem}; run "director config")`]
      : []),
    '',
    'Configuration files in the director dir (one value per file, read afresh by every command;',
    'a bad value is an error, never a silent default; JSON5 files are data, never evaluated):',
  ];
  for (const f of CFG_FILES) {
    lines.push(`  ${f.file}`);
    lines.push(...wrap(f.meaning, 90).map((l) => `      ${l}`));
    lines.push(`      default: ${f.default}`);
  }
  return lines.join('\n') + '\n';
}

/** Break `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else {
      cur = cur === '' ? word : `${cur} ${word}`;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** `director help CMD`: the usage line, then the description. */
export function commandHelp(spec: CommandSpec): string {
  const description = spec.description.trim();
  return `usage: director ${spec.usage}\n\n${spec.summary}\n${description !== '' && description !== spec.summary ? `\n${description}\n` : ''}`;
}
