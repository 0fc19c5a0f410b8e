// Helpers of the boot tests: run bootstart in-process with captured output and a chosen env.
import path from 'node:path';
import type { CommandContext } from '../../cli/framework/command';
import { bootstartCommand } from '../../runtime/src/boot/bootstart-command';
import { findDirectorScript } from '../../runtime/src/boot/gather-inputs';
import { Capture } from '../cli/support';

export { Capture, tempDir, repoRoot, directorBin, runDirector } from '../cli/support';

export interface BootRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `director bootstart ...args` in this process, with `env` as the whole environment. */
export async function runBootstart(
  args: readonly string[],
  env: { [k: string]: string | undefined },
  directorDir: string,
): Promise<BootRun> {
  const out = new Capture();
  const err = new Capture();
  const ctx: CommandContext = { directorDir, env, cwd: process.cwd(), out, err, verbose: false };
  const code = await bootstartCommand.run(ctx, args);
  return { code, out: out.text, err: err.text };
}

/** The program paths bootstart writes into the service files on this machine. */
export function programPaths(): { node: string; script: string } {
  return { node: path.resolve(process.execPath), script: findDirectorScript() };
}
