/** Reading one cfg file of the director dir: its text, nothing when absent, or a problem. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigProblem } from './config-error';
import { messageOf } from '../protocol/caught';

/** Read one cfg file: its text, undefined when absent, or a problem when it cannot be read. */
export async function readCfg(file: string): Promise<{ text?: string; problem?: ConfigProblem }> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    const why =
      code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : messageOf(e);
    return {
      problem: {
        code: 'CONFIG_UNREADABLE',
        file,
        line: 1,
        column: 1,
        message: `cannot read ${path.basename(file)}: ${why}; make it a readable file or remove it`,
      },
    };
  }
}
