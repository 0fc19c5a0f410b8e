/**
 * Temp director dirs for tests: a fresh folder with its own admin port and log dir, removed (and
 * its daemon stopped) after the test, so tests never share a port, a log or a pid file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { killDaemonOf } from './daemon';
import { freePort } from './ports';

export interface TempDirectorDir {
  /** The temp folder; the director dir itself, or its parent with `nested`. */
  readonly root: string;
  readonly dir: string;
  readonly port: number;
}

export interface TempDirectorDirOptions {
  /** Prefix of the temp folder's name. */
  readonly prefix?: string;
  /** The admin port; default a free one. */
  readonly port?: number;
  /** The director dir as `root/dir` with the log in `root/log` (keys and other files can sit beside it). */
  readonly nested?: boolean;
}

/** Write adminport.cfg and thesplogd.cfg, the two files that keep a test daemon to itself. */
export async function writeDirectorCfg(dir: string, port: number, logDir: string): Promise<void> {
  await writeFile(path.join(dir, 'adminport.cfg'), `${port}\n`);
  await writeFile(path.join(dir, 'thesplogd.cfg'), `${logDir}\n`);
}

/** A fresh director dir on a free admin port, logging inside the temp folder; cleaned up after `t`. */
export async function tempDirectorDir(t: TestContext, o: TempDirectorDirOptions = {}): Promise<TempDirectorDir> {
  const root = await mkdtemp(path.join(os.tmpdir(), o.prefix ?? 'director-test-'));
  const dir = o.nested === true ? path.join(root, 'dir') : root;
  if (dir !== root) await mkdir(dir);
  const port = o.port ?? (await freePort());
  await writeDirectorCfg(dir, port, path.join(o.nested === true ? root : dir, 'log'));
  t.after(async () => {
    await killDaemonOf(dir);
    await rm(root, { recursive: true, force: true });
  });
  return { root, dir, port };
}
