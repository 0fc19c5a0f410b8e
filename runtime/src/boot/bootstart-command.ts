/**
 * `director bootstart [NAME] [nostart]`: configure the host's service manager to run the director
 * daemon at boot (systemd, upstart or Windows), and start it now unless `nostart`.
 */
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { CommandContext, CommandSpec } from '../../../cli/framework/command';
import { usageError } from '../../../cli/framework/cli-error';
import { detectManager, type HostProbe } from './detect-manager';
import { executePlan, type CommandRunner } from './execute-plan';
import { currentNode, findDirectorScript, privateFolder, requireDirectorDir, serviceLogDir } from './gather-inputs';
import { DEFAULT_SERVICE_NAME, type BootInputs } from './inputs';
import type { BootManager, BootPlan } from './plan';
import { assertSafeServiceName, isUnderHome } from './posix-paths';
import { spawnRunner } from './spawn-runner';
import { systemdPlan } from './systemd-unit';
import { upstartPlan } from './upstart-conf';
import { defaultCsc, windowsPlan } from './windows-service';

export interface BootstartDeps {
  readonly host: HostProbe;
  readonly runner: CommandRunner;
  readonly nodePath: () => string;
  readonly directorScript: () => string;
  /** An absolute program path on PATH, or undefined. */
  readonly which: (program: string, env: CommandContext['env']) => string | undefined;
}

const USAGE = 'bootstart [NAME] [nostart]';

/** `[NAME] [nostart]`; a lone `nostart` is the flag with the default name, as in the original. */
export function parseBootstartArgs(args: readonly string[]): { name: string; nostart: boolean } {
  const spec = { name: 'bootstart', usage: USAGE };
  if (args.length > 2) throw usageError(spec, `bootstart takes at most a NAME and "nostart", not ${args.length} words`);
  if (args.length === 2 && args[1] !== 'nostart')
    throw usageError(spec, `the word after NAME must be "nostart", not "${args[1]}"`);
  if (args[0] === 'nostart') {
    if (args.length === 2) throw usageError(spec, '"nostart" cannot be the service NAME');
    return { name: DEFAULT_SERVICE_NAME, nostart: true };
  }
  return { name: args[0] ?? DEFAULT_SERVICE_NAME, nostart: args.length === 2 };
}

function planFor(manager: BootManager, inputs: BootInputs, ctx: CommandContext, deps: BootstartDeps): BootPlan {
  switch (manager) {
    case 'systemd':
      return systemdPlan(inputs, {
        systemdTmpfiles: deps.which('systemd-tmpfiles', ctx.env) ?? '/usr/bin/systemd-tmpfiles',
      });
    case 'upstart':
      return upstartPlan(inputs);
    case 'windows':
      return windowsPlan(inputs, {
        csc: defaultCsc(ctx.env),
        programData: ctx.env['ProgramData'] ?? 'C:\\ProgramData',
      });
  }
}

export function createBootstartCommand(deps: BootstartDeps): CommandSpec {
  return {
    name: 'bootstart',
    usage: USAGE,
    summary: 'Start the director daemon at boot (systemd, upstart or Windows), and now unless "nostart".',
    description: [
      `Writes the service configuration for this host's service manager and enables it; NAME defaults to "${DEFAULT_SERVICE_NAME}"`,
      '("thespian-director" for systemd and upstart, where dots do not fit). Unless "nostart" is given the service is also started now.',
      'The service runs "director start --foreground" with the director dir in force (THESPIAN_DIRECTOR_DIR).',
      'Every command is printed before it runs; the first that fails stops bootstart with its exit code.',
      'systemd: a hardened unit in /etc/systemd/system running as the unprivileged user "thespian".',
      'upstart: /etc/init/NAME.conf. Windows: a service created with sc.exe (see docs/bootstart.md).',
      'THESPIAN_BOOT_MANAGER=systemd|upstart|windows names the manager instead of detecting it.',
      'THESPIAN_BOOT_ROOT=DIR writes every file below DIR and prints the commands instead of running them.',
      'Exit 5 when the director dir does not exist.',
    ].join('\n'),
    async run(ctx, args) {
      const { name, nostart } = parseBootstartArgs(args);
      assertSafeServiceName(name);
      requireDirectorDir(ctx.directorDir);
      const manager = await detectManager(ctx.env, deps.host);
      const rootEnv = ctx.env['THESPIAN_BOOT_ROOT'];
      const root = rootEnv !== undefined && rootEnv.trim() !== '' ? path.resolve(ctx.cwd, rootEnv.trim()) : undefined;
      const directorDir = manager === 'windows' ? ctx.directorDir : path.resolve(ctx.directorDir);
      const inputs: BootInputs = {
        name,
        nostart,
        directorDir,
        privateDir: privateFolder(directorDir),
        logDir: await serviceLogDir(directorDir, manager),
        nodePath: deps.nodePath(),
        directorScript: deps.directorScript(),
      };
      for (const p of [inputs.nodePath, inputs.directorScript]) {
        if (isUnderHome(p)) {
          ctx.err.write(
            `Warning: ${p} is in a home folder, which the service account cannot read; install node and thespian-director system-wide (e.g. npm install -g as root)\n`,
          );
        }
      }
      if (manager === 'systemd' && /^\/(tmp|var\/tmp)(\/|$)/.test(directorDir)) {
        ctx.err.write(
          `Warning: the director dir ${directorDir} is in a temporary folder; the service has its own private /tmp and /var/tmp (PrivateTmp=yes) and will not see it\n`,
        );
      }
      return executePlan(planFor(manager, inputs, ctx, deps), {
        root,
        out: ctx.out,
        err: ctx.err,
        runner: deps.runner,
      });
    },
  };
}

function capture(program: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, ['--version'], { timeout: 10_000, windowsHide: true }, (error, stdout) =>
      resolve(error === null ? stdout : undefined),
    );
  });
}

/** The real host. */
export const realHost: HostProbe = {
  platform: process.platform,
  versionOutput: capture,
  async isDirectory(p) {
    return (await stat(p).catch(() => undefined))?.isDirectory() === true;
  },
};

/** First match of `program` in the PATH of `env`, absolute, or undefined. */
export function whichOnPath(program: string, env: CommandContext['env']): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '' || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, program);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export const bootstartCommand: CommandSpec = createBootstartCommand({
  host: realHost,
  runner: spawnRunner,
  nodePath: currentNode,
  directorScript: () => findDirectorScript(),
  which: whichOnPath,
});
