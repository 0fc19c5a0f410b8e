/**
 * tlsinfo: verify a package with the director dir's keys, then check every member (CRC-32 and
 * the safe-extraction rules), list the contents, or print one member.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext, CommandSpec } from '../../../cli/framework/command';
import { AuthorityError } from '../../../runtime/src/protocol/package-codes';
import {
  loadTrustedKeys,
  readPackageEntries,
  readPackageFileSync,
  verifyPackage,
  type VerifiedPackage,
} from '../../../runtime/src/authority/index';
import { usageError } from '../../../cli/framework/cli-error';
import { PackagerError } from '../errors';

/** The file as given (against the working folder) if it exists, else under the director dir. */
async function locate(name: string, ctx: CommandContext): Promise<string> {
  const asGiven = path.resolve(ctx.cwd, name);
  if ((await stat(asGiven).catch(() => undefined))?.isFile() === true) return name;
  const inDir = path.join(ctx.directorDir, name);
  if ((await stat(inDir).catch(() => undefined))?.isFile() === true) return inDir;
  throw new PackagerError('TLSINFO_FILE_MISSING', `The tls file "${name}" does not exist`, { data: { file: name } });
}

/**
 * Find `name` (as given, else in the director dir), verify it with the director dir's keys (their
 * problems written to ctx.err as warnings) and check every member: the package, its signed facts
 * and its members. Throws the authority's code (with "Could not validate signature on …" for a
 * bad signature) or TLSINFO_FILE_MISSING.
 */
export async function openVerified(
  ctx: CommandContext,
  name: string,
): Promise<{ shown: string; verified: VerifiedPackage; entries: Map<string, Uint8Array> }> {
  const shown = await locate(name, ctx);
  const bytes = readPackageFileSync(path.resolve(ctx.cwd, shown));
  const keys = await loadTrustedKeys(ctx.directorDir);
  for (const p of keys.problems)
    ctx.err.write(`Warning: key file ${p.file} not used: ${p.error.message} [${p.error.code}]\n`);
  let verified;
  try {
    verified = verifyPackage(bytes, keys, {
      fileName: path.basename(shown),
      // The bytes are ours alone and tlsinfo never needs the source hash: no copy of the ZIP.
      inPlace: true,
      onAttempt: (k) => {
        if (ctx.verbose) ctx.out.write(`..Attempting validation with key ${k}\n`);
      },
    });
  } catch (e) {
    if (e instanceof AuthorityError && e.exitCode === 7) {
      throw new AuthorityError(e.code, `Could not validate signature on "${shown}": ${e.message}`, {
        data: e.data,
        cause: e,
      });
    }
    throw e;
  }
  return { shown, verified, entries: await readPackageEntries(verified.zip) };
}

export async function tlsinfo(ctx: CommandContext, args: readonly string[]): Promise<number> {
  if (args.length < 1 || args.length > 2) {
    throw usageError(
      tlsinfoCommand,
      `tlsinfo takes TLSFILE and at most one of contents or MEMBER (got ${args.length} arguments)`,
    );
  }
  const { shown, verified, entries } = await openVerified(ctx, args[0]);
  const what = args[1];
  if (what === undefined) {
    ctx.out.write(`Validated "${shown}" loadable with key ${verified.keyFile}\n`);
    if (ctx.verbose) {
      ctx.out.write(
        `  group ${verified.group}, version ${verified.version ?? '(none)'}, created ${verified.createdAt}, key ${verified.keyId}, source hash ${verified.sourceHash}\n`,
      );
    }
    return 0;
  }
  if (what === 'contents') {
    for (const [name, data] of entries) ctx.out.write(` ${String(data.length).padStart(6)}  ${name}\n`);
    return 0;
  }
  const member = entries.get(what);
  if (member === undefined) {
    throw new PackagerError(
      'TLSINFO_NO_SUCH_MEMBER',
      `"${what}" is not in ${shown}; \`director tlsinfo ${args[0]} contents\` lists the members.`,
      {
        data: { member: what },
      },
    );
  }
  const text = Buffer.from(member.buffer, member.byteOffset, member.byteLength).toString('utf8');
  ctx.out.write(text.endsWith('\n') ? text : text + '\n');
  return 0;
}

export const tlsinfoCommand: CommandSpec = {
  name: 'tlsinfo',
  usage: 'tlsinfo TLSFILE [contents | MEMBER]',
  summary: 'Validates a .tls package with the *_tls.key keys; lists its contents or prints a member.',
  description: [
    'TLSFILE is looked up as given, then in $THESPIAN_DIRECTOR_DIR. The package is validated with',
    'every *_tls.key there (a weak or unreadable key is reported and skipped), its name must match',
    'the group and version it is signed for, and every member is checked (CRC, safe names, sizes).',
    '',
    '  (nothing)  prints: Validated "<path>" loadable with key <keyfile>',
    '  contents   one line per member: size (6 wide) and name',
    "  MEMBER     that member's text",
    '',
    'Exit 4: no such file. 6: a damaged member. 7: no key validates the package (or it was',
    'altered). 10: the signing key is weak or unusable. 11: not a package / damaged header.',
    '12: unsafe entry (path, link, duplicate, zip bomb). 13: no such member.',
  ].join('\n'),
  run: tlsinfo,
};
