/**
 * The example app against a real daemon, as the extension's live tests use it: examples/foo copied
 * into a temp workspace (with the repo's node_modules linked in) and a director dir on a free port
 * beside it, whose daemon is killed and whose files are removed after the test.
 */
import type { TestContext } from 'node:test';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectorControl } from '../../cli/src/director-control';
import { freePort, killDaemonOf } from '../daemon/helpers';

const REPO = path.resolve(__dirname, '../../..');

/** What a director command printed and its exit code. */
export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

export interface ExampleWorld {
  /** The temp folder holding the workspace and the director dir. */
  readonly root: string;
  readonly ws: string;
  readonly dir: string;
  /** Runs a director command in CWD with THESPIAN_DIRECTOR_DIR set to the dir, as the CLI would. */
  readonly runIn: (cwd: string, args: readonly string[]) => Promise<CommandRun>;
}

export async function exampleWorld(t: TestContext, prefix: string): Promise<ExampleWorld> {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const ws = path.join(root, 'workspace');
  const dir = path.join(root, 'director');
  cpSync(path.join(REPO, 'examples', 'foo'), ws, { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'adminport.cfg'), `${await freePort()}\n`);
  t.after(async () => {
    await killDaemonOf(dir);
    rmSync(root, { recursive: true, force: true });
  });
  const runIn = async (cwd: string, args: readonly string[]): Promise<CommandRun> => {
    let out = '';
    let err = '';
    const dc = new DirectorControl({
      directorDir: dir,
      env: { ...process.env, THESPIAN_DIRECTOR_DIR: dir },
      cwd,
      out: { write: (s: string) => void (out += s) },
      err: { write: (s: string) => void (err += s) },
    });
    const [name, ...rest] = args;
    return { code: await dc.call(name ?? 'help', ...rest), out, err };
  };
  return { root, ws, dir, runIn };
}
