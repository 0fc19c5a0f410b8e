/**
 * TLS material of a convention: `convca.crt` (the convention's own CA), `convhost.crt` and
 * `convhost.key` (this host's certificate, issued by that CA), all in the director dir, made by
 * `director convcert`. All three, or none (plain `ws`, secret only).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConventionError } from './convention-error';
import { messageOf } from '../protocol/caught';

export const CA_FILE = 'convca.crt';
export const HOST_CERT_FILE = 'convhost.crt';
export const HOST_KEY_FILE = 'convhost.key';

export interface ConventionTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

async function maybe(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConventionError('CONVENTION_TLS_FILES', `cannot read ${file}: ${messageOf(e)}`, {
      data: { file },
    });
  }
}

/** The TLS files of `directorDir`, undefined when none is there; an error naming the missing ones when only some are. */
export async function readConventionTls(directorDir: string): Promise<ConventionTls | undefined> {
  const names = [CA_FILE, HOST_CERT_FILE, HOST_KEY_FILE] as const;
  const [ca, cert, key] = await Promise.all(names.map((n) => maybe(path.join(directorDir, n))));
  const missing = names.filter((_, i) => [ca, cert, key][i] === undefined);
  if (missing.length === 3) return undefined;
  if (ca === undefined || cert === undefined || key === undefined) {
    throw new ConventionError(
      'CONVENTION_TLS_FILES',
      `TLS for the convention needs ${names.join(', ')} in ${directorDir}, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; make them with \`director convcert ca\` and \`director convcert host NAME [IP...]\`, or remove the others to run without TLS`,
      { data: { missing } },
    );
  }
  return { ca, cert, key };
}
