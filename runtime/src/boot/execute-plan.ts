/**
 * Carries out a BootPlan: writes its files (atomically) and runs its commands in order, printing
 * each before it runs and stopping at the first that fails, with that command's exit code. Under
 * THESPIAN_BOOT_ROOT every file goes below the root and the commands are printed, not run.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TextSink } from '../../../cli/framework/command';
import { writeFileAtomic } from '../util/atomic-write';
import { BootError } from './boot-error';
import { displayCommand, promptOf, type BootPlan, type PlannedCommand } from './plan';

export interface CommandRunner {
  /** Runs argv (no shell), forwarding its output; resolves with its exit code (127: not found). */
  run(argv: readonly string[], out: TextSink, err: TextSink): Promise<number>;
}

export interface ExecuteOptions {
  /** THESPIAN_BOOT_ROOT: write below this folder and print the commands instead of running them. */
  readonly root?: string;
  readonly out: TextSink;
  readonly err: TextSink;
  readonly runner: CommandRunner;
}

/**
 * Where a target path lands below `root`: `/etc/x` → `ROOT/etc/x`, `C:\ProgramData\x` →
 * `ROOT/C/ProgramData/x` (the drive letter becomes a folder).
 */
export function rootedPath(root: string, target: string): string {
  const drive = /^([A-Za-z]):[\\/]/.exec(target);
  const rest = drive !== null ? [drive[1], target.slice(3)] : [target];
  const parts = rest.flatMap((r) => r.split(/[\\/]+/)).filter((s) => s !== '');
  return path.join(root, ...parts);
}

export async function executePlan(plan: BootPlan, options: ExecuteOptions): Promise<number> {
  const { root, out } = options;
  const where = (p: string): string => (root === undefined ? p : rootedPath(root, p));
  const show = (c: PlannedCommand): string => `${promptOf(plan.platform)}${displayCommand(plan.platform, c)}`;

  if (root === undefined && plan.mustFail !== undefined) {
    out.write(`${show(plan.mustFail.command)}\n`);
    const quiet: TextSink = { write: () => undefined };
    if ((await options.runner.run(plan.mustFail.command.argv, quiet, quiet)) === 0) {
      throw new BootError('BOOT_SERVICE_EXISTS', plan.mustFail.error, { data: { service: plan.serviceName } });
    }
  }

  for (const dir of plan.dirs) {
    const target = where(dir);
    try {
      if ((await mkdir(target, { recursive: true })) !== undefined) out.write(`Created ${target}\n`);
    } catch (e) {
      throw writeFailed(target, e);
    }
  }
  for (const file of plan.files) {
    const target = where(file.path);
    try {
      await writeFileAtomic(target, file.content, file.mode);
    } catch (e) {
      throw writeFailed(target, e);
    }
    out.write(`Wrote ${target}\n`);
  }

  if (root !== undefined) {
    out.write(`THESPIAN_BOOT_ROOT is set: these ${plan.manager} commands were not run; run them on the target host:\n`);
    for (const c of plan.commands) out.write(`${show(c)}\n`);
  } else {
    for (const c of plan.commands) {
      out.write(`${show(c)}\n`);
      const code = await options.runner.run(c.argv, out, options.err);
      if (code !== 0) {
        const shown = displayCommand(plan.platform, c);
        throw new BootError(
          'BOOT_COMMAND_FAILED',
          `"${shown}" failed with exit code ${code}; the commands after it were not run. Fix the cause and run bootstart again`,
          { exitCode: code, data: { command: c.argv, exitCode: code } },
        );
      }
    }
  }
  for (const note of plan.notes) out.write(`${note}\n`);
  const started = plan.commands.some((c) => c.argv.includes('start'));
  const action =
    root !== undefined ? 'prepared' : started ? 'installed and started' : 'installed (not started: nostart)';
  out.write(`${plan.manager} boot start ${action} for service "${plan.serviceName}"\n`);
  return 0;
}

function writeFailed(target: string, e: unknown): BootError {
  const code = (e as NodeJS.ErrnoException).code;
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? ': permission denied. Run bootstart as root (Administrator on Windows), or set THESPIAN_BOOT_ROOT=DIR to write the files below DIR'
      : `: ${e instanceof Error ? e.message : String(e)}`;
  return new BootError('BOOT_WRITE_FAILED', `cannot write ${target}${hint}`, { cause: e, data: { path: target } });
}
