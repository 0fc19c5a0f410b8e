/**
 * Helpers for daemon tests: temp director dirs on free loopback ports, real daemons that are
 * always stopped, and command contexts that capture output (the general parts live in test/support).
 */
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { CommandContext } from '../../cli/framework/command';
import { startDaemon } from '../support/daemon';
import { tempDirectorDir } from '../support/director-dir';

// Kept under their old names here too, so tests that import them from this module keep working.
export { killDaemonOf } from '../support/daemon';
export { freePort } from '../support/ports';
export { waitFor } from '../support/wait';

export interface TestDir {
  readonly dir: string;
  readonly port: number;
}

/** A fresh director dir with its own admin port and log dir; removed (and its daemon stopped) after the test. */
export async function testDirectorDir(t: TestContext): Promise<TestDir> {
  const { dir, port } = await tempDirectorDir(t, { prefix: 'director-daemon-test-' });
  return { dir, port };
}

export const fixtureDaemon = path.join(__dirname, 'fixtures', 'echo-daemon.js');

/** Spawn the test daemon (real daemon + Echo/Silent/Greeter actors) for `dir`. */
export function startFixtureDaemon(
  dir: string,
  env: { [k: string]: string | undefined } = {},
): Promise<{ pid: number; port: number }> {
  return startDaemon(dir, { entry: fixtureDaemon, env });
}

export interface Captured extends CommandContext {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function commandContext(directorDir: string, verbose = false): Captured {
  let out = '';
  let err = '';
  return {
    directorDir,
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: directorDir },
    cwd: directorDir,
    verbose,
    out: { write: (s: string) => void (out += s) },
    err: { write: (s: string) => void (err += s) },
    stdout: () => out,
    stderr: () => err,
  };
}
