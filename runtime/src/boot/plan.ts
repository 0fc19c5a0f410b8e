/**
 * What a bootstart does, as data: the files to write and the commands to run, in order. The
 * generators (systemd, upstart, Windows) are pure functions that return a plan; one executor
 * (execute-plan.ts) writes and runs it, or only prints the commands under THESPIAN_BOOT_ROOT.
 */

export type BootManager = 'systemd' | 'upstart' | 'windows';

export const BOOT_MANAGERS: readonly BootManager[] = ['systemd', 'upstart', 'windows'];

/** The description string the original used everywhere. */
export const SERVICE_DESCRIPTION = 'Thespian Actor Director to manage loaded sources';

export interface PlannedFile {
  /** Absolute path on the target host (POSIX, or Windows with a drive letter). */
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

export interface PlannedCommand {
  /** argv[0] is the program; the rest are passed as they are, never through a shell. */
  readonly argv: readonly string[];
}

export interface BootPlan {
  readonly manager: BootManager;
  /** The service name as the manager knows it (dots become dashes for systemd and upstart). */
  readonly serviceName: string;
  /** `posix` commands print as `$ sh words`, `windows` ones as `> cmd.exe words`. */
  readonly platform: 'posix' | 'windows';
  /** Folders to create (and keep) before the files are written: the wrapper's, the private folder. */
  readonly dirs: readonly string[];
  readonly files: readonly PlannedFile[];
  /**
   * Run before anything is written, only when commands really run: if this command SUCCEEDS the
   * bootstart stops with `error` (Windows: `sc.exe query NAME` finds an existing service).
   */
  readonly mustFail?: { readonly command: PlannedCommand; readonly error: string };
  readonly commands: readonly PlannedCommand[];
  /** Lines printed after the commands: what was chosen and what the operator should know. */
  readonly notes: readonly string[];
}

/** One word as a POSIX shell would need it to mean exactly itself. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * One word as the Microsoft C runtime parses it back (CommandLineToArgvW rules), which is also
 * how Node quotes spawn() arguments on Windows: quotes around words with blanks or quotes, `\"`
 * inside, backslashes before a quote doubled.
 */
export function windowsQuote(word: string): string {
  if (word !== '' && !/[\s"]/.test(word)) return word;
  let out = '"';
  let slashes = 0;
  for (const ch of word) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    out += ch === '"' ? '\\'.repeat(slashes * 2 + 1) + '"' : '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  return out + '\\'.repeat(slashes * 2) + '"';
}

/** The command as the operator would type it, for printing. */
export function displayCommand(platform: BootPlan['platform'], command: PlannedCommand): string {
  const quote = platform === 'windows' ? windowsQuote : shellQuote;
  return command.argv.map(quote).join(' ');
}

/** The prompt printed before each command line. */
export function promptOf(platform: BootPlan['platform']): string {
  return platform === 'windows' ? '> ' : '$ ';
}
