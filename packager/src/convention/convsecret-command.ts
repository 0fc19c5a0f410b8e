/** `director convsecret [--force]`: make the convention secret every member shares. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { CommandSpec } from '../../../cli/framework/command';
import { usageError } from '../../../cli/framework/cli-error';
import { ConventionError } from '../../../runtime/src/convention/convention-error';
import { SECRET_FILE, newSecretBytes, secretFileText } from '../../../runtime/src/convention/secret';
import { writeFileAtomic } from '../../../runtime/src/util/atomic-write';

export const convsecretCommand: CommandSpec = {
  name: 'convsecret',
  usage: 'convsecret [--force]',
  summary: 'Makes convention.secret (32 random bytes, mode 0600) that every host of a convention shares.',
  description: [
    `Writes ${SECRET_FILE} into $THESPIAN_DIRECTOR_DIR. Copy it (keeping mode 0600) to the director`,
    'dir of every host of the convention: members prove they hold it by a challenge-response',
    'with the leader; the secret itself never crosses the network. Refuses to replace an existing',
    'secret unless --force is given (every member then needs the new copy).',
  ].join('\n'),
  async run(ctx, args) {
    const force = args.includes('--force');
    const extra = args.filter((a) => a !== '--force');
    if (extra.length > 0) throw usageError(convsecretCommand, `convsecret takes only --force, not ${extra.join(' ')}`);
    const file = await writeConventionSecret(ctx.directorDir, force);
    ctx.out.write(`Wrote ${file} (mode 0600). Copy it to the director dir of every host of the convention.\n`);
    return 0;
  },
};

/**
 * Write a new convention.secret (mode 0600) into `directorDir`; resolves with its path. An
 * existing one is replaced only with `force` (CONVENTION_SECRET_EXISTS otherwise).
 */
export async function writeConventionSecret(directorDir: string, force: boolean): Promise<string> {
  const file = path.join(directorDir, SECRET_FILE);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists && !force) {
    throw new ConventionError(
      'CONVENTION_SECRET_EXISTS',
      `${file} exists already; keep it, or replace it with \`director convsecret --force\` and copy the new one to every member`,
      { data: { file } },
    );
  }
  await writeFileAtomic(file, secretFileText(newSecretBytes()), 0o600);
  return file;
}
