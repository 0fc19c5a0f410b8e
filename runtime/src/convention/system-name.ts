/**
 * The system name: what every address of this daemon's actors carries and what the convention
 * knows it by, so it must be unique in a convention. `systemname.cfg` in the director dir
 * overrides the default `adminhost:adminport` — for hosts whose admin address is the same
 * (e.g. every member bound to 127.0.0.1:1900 behind its own firewall). Read by the daemon at
 * start; a bad file stops the start with CONVENTION_SYSTEM_NAME_INVALID instead of guessing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConventionError } from './convention-error';
import { messageOf } from '../protocol/caught';

export const SYSTEM_NAME_FILE = 'systemname.cfg';

/**
 * Letters, digits and `. _ - : @ [ ]`, 1–255 of them: enough for `host:port`, `[v6]:port` and
 * host names, and nothing that would break `ActorAddr-(system|id)` or a log line.
 */
const NAME = /^[A-Za-z0-9._:@[\]-]{1,255}$/;

/** The name in `text` (one non-blank line, trimmed), or a ConventionError saying what is wrong. */
export function parseSystemName(text: string, file = SYSTEM_NAME_FILE): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const fail = (why: string): never => {
    throw new ConventionError(
      'CONVENTION_SYSTEM_NAME_INVALID',
      `${file}: ${why}; write one name such as m1.example:1900 (letters, digits and . _ - : @ [ ], at most 255), or delete the file to use adminhost:adminport`,
      {
        data: { file },
      },
    );
  };
  if (lines.length === 0) return fail('it is empty');
  if (lines.length > 1) return fail(`it holds ${lines.length} lines, not one name`);
  const name = lines[0];
  if (!NAME.test(name))
    return fail(`"${name.length > 60 ? `${name.slice(0, 60)}...` : name}" is not a usable system name`);
  return name;
}

/** `systemname.cfg` of `directorDir`, or undefined when there is none. */
export async function readSystemName(directorDir: string): Promise<string | undefined> {
  const file = path.join(directorDir, SYSTEM_NAME_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConventionError(
      'CONVENTION_SYSTEM_NAME_INVALID',
      `cannot read ${file}: ${messageOf(e)}; make it a readable file or remove it`,
      { cause: e, data: { file } },
    );
  }
  return parseSystemName(text, file);
}

/** The name this daemon runs under: systemname.cfg, else `adminhost:adminport` (as before). */
export async function resolveSystemName(config: {
  readonly directorDir: string;
  readonly adminHost: string;
  readonly adminPort: number;
}): Promise<string> {
  return (await readSystemName(config.directorDir)) ?? `${config.adminHost}:${config.adminPort}`;
}
