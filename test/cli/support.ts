// Helpers shared by the CLI, config and logging tests: temp director dirs, captured outputs,
// and the real `director` bin as a child process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TextSink } from '../../cli/framework/command';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const directorBin = path.join(repoRoot, 'dist', 'director.js');

/** A sink that keeps what was written. */
export class Capture implements TextSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

/** A fresh temp folder; `cleanup` removes it whatever happened. */
export async function tempDir(prefix = 'director-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Write cfg files: `{ 'adminport.cfg': '19011\n' }`. */
export async function writeFiles(dir: string, files: { readonly [name: string]: string }): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `node dist/director.js ...args` with THESPIAN_DIRECTOR_DIR=dir; killed after `timeoutMs`. */
export function runDirector(
  args: readonly string[],
  env: { [name: string]: string | undefined },
  timeoutMs = 30_000,
): Promise<RunResult> {
  if (!existsSync(directorBin)) {
    return Promise.reject(
      new Error(`${directorBin} is missing: run "node scripts/build.mjs" (or npm test, which builds) first`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [directorBin, ...args], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`director ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
